#include "alerts/blacklist.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

namespace netmeter::alerts {

namespace {

std::string_view strip(std::string_view line) {
  auto comment = line.find_first_of("#;");
  if (comment != std::string_view::npos) line = line.substr(0, comment);
  while (!line.empty() && std::isspace(static_cast<unsigned char>(line.front())))
    line.remove_prefix(1);
  while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back())))
    line.remove_suffix(1);
  return line;
}

/// The last address of a block: its host bits set.
core::IpAddress last_of(const core::Cidr& block) {
  auto bytes = block.network.bytes();
  const int bits = block.network.is_v4() ? 32 : 128;
  for (int i = 0; i * 8 < bits; ++i) {
    const int keep = block.prefix - 8 * i;
    if (keep >= 8) continue;
    bytes[i] |= keep <= 0 ? 0xff : static_cast<uint8_t>(0xff >> keep);
  }
  return block.network.is_v4() ? core::IpAddress::v4(bytes.data()) : core::IpAddress::v6(bytes.data());
}

/// The address after `a` (`a` is not the version's last address: a range ending there has no successor).
core::IpAddress next_address(const core::IpAddress& a) {
  auto bytes = a.bytes();
  for (int i = a.is_v4() ? 3 : 15; i >= 0; --i)
    if (++bytes[i] != 0) break;
  return a.is_v4() ? core::IpAddress::v4(bytes.data()) : core::IpAddress::v6(bytes.data());
}

}  // namespace

void Blacklist::add(const core::Cidr& block, uint32_t list) {
  ranges_.push_back({block.network, last_of(block), list});
}

Blacklist::LoadResult Blacklist::add_text(std::string_view name, std::string_view text) {
  LoadResult r;
  auto list = static_cast<uint32_t>(names_.size());
  names_.emplace_back(name);
  while (!text.empty()) {
    auto eol = text.find('\n');
    std::string_view line = strip(text.substr(0, eol));
    text = eol == std::string_view::npos ? std::string_view{} : text.substr(eol + 1);
    if (line.empty()) continue;
    // Spamhaus and FireHOL put the block first; anything after a space is a remark.
    line = line.substr(0, line.find_first_of(" \t"));
    if (auto block = core::Cidr::parse(line)) {
      add(*block, list);
      ++r.entries;
    } else {
      ++r.skipped;
    }
  }
  return r;
}

Blacklist::LoadResult Blacklist::add_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    LoadResult r;
    r.error = "cannot read blacklist " + path.filename().string();
    return r;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return add_text(path.stem().string(), text.str());
}

void Blacklist::seal() {
  std::sort(ranges_.begin(), ranges_.end(), [](const Range& a, const Range& b) {
    return a.first != b.first ? a.first < b.first : a.last > b.last;
  });
  // Overlapping blocks become adjacent ranges: each address keeps the list of the first block (in address
  // order) that holds it, and the binary search sees no overlap.
  std::vector<Range> merged;
  merged.reserve(ranges_.size());
  for (const Range& r : ranges_) {
    if (merged.empty() || merged.back().last.version() != r.first.version() || r.first > merged.back().last) {
      merged.push_back(r);
    } else if (r.last > merged.back().last) {
      merged.push_back({next_address(merged.back().last), r.last, r.list});
    }
  }
  ranges_ = std::move(merged);
  ranges_.shrink_to_fit();
}

const std::string* Blacklist::find(const core::IpAddress& ip) const {
  auto it = std::upper_bound(ranges_.begin(), ranges_.end(), ip,
                             [](const core::IpAddress& a, const Range& r) { return a < r.first; });
  if (it == ranges_.begin()) return nullptr;
  --it;
  if (it->last.version() != ip.version() || ip > it->last) return nullptr;
  return &names_[it->list];
}

}  // namespace netmeter::alerts
