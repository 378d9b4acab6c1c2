#pragma once

#include <boost/json.hpp>
#include <functional>
#include <memory>
#include <string>

#include "api/allegro/stats_params.hpp"
#include "api/common/csv_body.hpp"
#include "api/dialect.hpp"
#include "query/list_request.hpp"

namespace netmeter::api::allegro {

/// The Allegro list envelope: `displayedItems` (the page), `numberOfItems`, `numberOfPages`,
/// `itemsPerPage`, `page`.
template <typename Item, typename ToJson>
boost::json::object page_object(const query::Page<Item>& page, ToJson&& to_json) {
  boost::json::object o;
  boost::json::array items;
  items.reserve(page.items.size());
  for (const Item& item : page.items)
    items.push_back(to_json(item));
  o["displayedItems"] = std::move(items);
  o["numberOfItems"] = page.total;
  o["numberOfPages"] = page.pages;
  o["itemsPerPage"] = page.page_size;
  o["page"] = page.page;
  return o;
}

/// Pages of a list, fetched as a CSV body needs them (each call takes the reader lock once).
template <typename Item>
using PageFetch = std::function<query::Page<Item>(const query::ListRequest&)>;

/// CSV rows of every item of a list, in the request's order, a page at a time.
template <typename Item>
CsvRows paged_csv_rows(query::ListRequest request, PageFetch<Item> fetch,
                       std::function<void(std::string&, const Item&)> row) {
  constexpr size_t kPageItems = 4096;
  request.page = 0;
  request.page_size = kPageItems;
  return [request, fetch = std::move(fetch), row = std::move(row)](std::string& out, size_t want) mutable {
    while (out.size() < want) {
      query::Page<Item> page = fetch(request);
      for (const Item& item : page.items) {
        row(out, item);
        out.append("\r\n");
      }
      ++request.page;
      if (page.items.size() < request.page_size || request.page >= page.pages) return false;
    }
    return true;
  };
}

/// A list's answer: the JSON page, or with `csv=true` every item as CSV (`csv_header` then one `row` per
/// item) in an attachment named `file_name`.
template <typename Item, typename ToJson>
http::Response list_answer(const ListParams& params, PageFetch<Item> fetch, ToJson&& to_json,
                           std::string_view csv_header, std::function<void(std::string&, const Item&)> row,
                           std::string_view file_name) {
  if (params.csv)
    return csv_response(csv_header, paged_csv_rows<Item>(params.request, std::move(fetch), std::move(row)),
                        file_name);
  return json_response(200, page_object(fetch(params.request), to_json));
}

}  // namespace netmeter::api::allegro
