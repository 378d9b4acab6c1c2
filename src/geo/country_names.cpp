#include "geo/country_names.hpp"

#include <cstdint>
#include <fstream>
#include <iterator>

namespace netmeter::geo {
namespace {

// The table is a few hundred kilobytes; anything much larger is not it.
constexpr std::uintmax_t kMaxFileSize = 8u << 20;
constexpr size_t kMaxDepth = 32;

enum class TokenType { String, Punct, Other, End, Error };

struct Token {
  TokenType type = TokenType::End;
  char punct = 0;
  std::string text;
};

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Just enough JSON for the iso-codes table: strings with every escape, punctuation, and the other
// scalars (numbers, true, false, null) skipped as opaque words.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  Token next() {
    while (pos_ < text_.size() && is_space(text_[pos_]))
      ++pos_;
    if (pos_ == text_.size()) return {};
    const char c = text_[pos_];
    if (c == '"') {
      ++pos_;
      Token t{TokenType::String, 0, {}};
      return read_string(t.text) ? t : Token{TokenType::Error, 0, {}};
    }
    if (is_delimiter(c)) {
      ++pos_;
      return {TokenType::Punct, c, {}};
    }
    const size_t start = pos_;
    while (pos_ < text_.size() && !is_space(text_[pos_]) && !is_delimiter(text_[pos_]) && text_[pos_] != '"')
      ++pos_;
    return pos_ > start ? Token{TokenType::Other, 0, {}} : Token{TokenType::Error, 0, {}};
  }

 private:
  static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
  static bool is_delimiter(char c) { return std::string_view("{}[]:,").find(c) != std::string_view::npos; }

  bool read_string(std::string& out) {
    while (pos_ < text_.size()) {
      const char c = text_[pos_++];
      if (c == '"') return true;
      if (c != '\\') {
        out += c;
      } else if (!read_escape(out)) {
        return false;
      }
    }
    return false;
  }

  bool read_escape(std::string& out) {
    if (pos_ == text_.size()) return false;
    const char c = text_[pos_++];
    switch (c) {
      case '"':
      case '\\':
      case '/':
        out += c;
        return true;
      case 'b':
        out += '\b';
        return true;
      case 'f':
        out += '\f';
        return true;
      case 'n':
        out += '\n';
        return true;
      case 'r':
        out += '\r';
        return true;
      case 't':
        out += '\t';
        return true;
      case 'u':
        return read_unicode(out);
      default:
        return false;
    }
  }

  bool read_unicode(std::string& out) {
    uint32_t cp = 0;
    if (!read_hex4(cp)) return false;
    if (cp >= 0xD800 && cp < 0xDC00) {  // a surrogate pair: the low half must follow
      uint32_t low = 0;
      if (text_.substr(pos_, 2) != "\\u") return false;
      pos_ += 2;
      if (!read_hex4(low) || low < 0xDC00 || low >= 0xE000) return false;
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    } else if (cp >= 0xDC00 && cp < 0xE000) {
      return false;
    }
    append_utf8(out, cp);
    return true;
  }

  bool read_hex4(uint32_t& out) {
    if (text_.size() - pos_ < 4) return false;
    for (int i = 0; i < 4; ++i) {
      const char c = text_[pos_++];
      uint32_t digit = 0;
      if (c >= '0' && c <= '9') {
        digit = static_cast<uint32_t>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        digit = static_cast<uint32_t>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        digit = static_cast<uint32_t>(c - 'A' + 10);
      } else {
        return false;
      }
      out = out * 16 + digit;
    }
    return true;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

// The string members of one JSON object that matter here.
struct Entry {
  std::string alpha_2;
  std::string name;
  std::string common_name;

  void set(const std::string& key, std::string value) {
    if (key == "alpha_2") alpha_2 = std::move(value);
    if (key == "name") name = std::move(value);
    if (key == "common_name") common_name = std::move(value);
  }
};

}  // namespace

std::optional<size_t> CountryNames::slot(std::string_view code) {
  if (code.size() != 2) return std::nullopt;
  const auto letter = [](char c) { return c >= 'A' && c <= 'Z'; };
  if (!letter(code[0]) || !letter(code[1])) return std::nullopt;
  return static_cast<size_t>(code[0] - 'A') * 26 + static_cast<size_t>(code[1] - 'A');
}

void CountryNames::add(std::string_view code, std::string name) {
  const auto at = slot(code);
  if (!at || name.empty()) return;
  if (names_[*at].empty()) ++size_;
  names_[*at] = std::move(name);
}

std::string_view CountryNames::name(std::string_view code) const {
  const auto at = slot(code);
  return at ? std::string_view(names_[*at]) : std::string_view();
}

std::optional<CountryNames> CountryNames::parse(std::string_view json) {
  CountryNames table;
  Scanner scanner(json);
  std::vector<Entry> open;  // the objects being read, innermost last
  std::string key;
  bool have_key = false;
  bool want_value = false;
  for (Token t = scanner.next(); t.type != TokenType::End; t = scanner.next()) {
    if (t.type == TokenType::Error) return std::nullopt;
    if (t.type == TokenType::String && want_value) {
      if (!open.empty()) open.back().set(key, std::move(t.text));
      have_key = want_value = false;
    } else if (t.type == TokenType::String) {
      key = std::move(t.text);
      have_key = true;
    } else if (t.type == TokenType::Punct && t.punct == ':') {
      if (!have_key) return std::nullopt;
      want_value = true;
    } else if (t.type == TokenType::Punct && t.punct == '{') {
      if (open.size() == kMaxDepth) return std::nullopt;
      open.emplace_back();
      have_key = want_value = false;
    } else if (t.type == TokenType::Punct && t.punct == '}') {
      if (open.empty()) return std::nullopt;
      Entry done = std::move(open.back());
      open.pop_back();
      table.add(done.alpha_2, done.common_name.empty() ? std::move(done.name) : std::move(done.common_name));
      have_key = want_value = false;
    } else {
      have_key = want_value = false;
    }
  }
  if (!open.empty() || table.size() == 0) return std::nullopt;
  return table;
}

std::optional<CountryNames> CountryNames::load(const std::filesystem::path& file) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (ec || size > kMaxFileSize) return std::nullopt;
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  return parse(text);
}

}  // namespace netmeter::geo
