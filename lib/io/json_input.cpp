// Schemes and score sheets from JSON (docs/json-input.md): parse_scheme_json, parse_sheet_json
// and the JSON branches of load_scheme, load_sheet, read_sheet_chunks and sheet_has_assessor.
//
// nlohmann::json checks the syntax first (its SAX parser: no document is built, and its
// messages say what was expected). The text, now known to be valid, is then walked by a small
// cursor that knows each value's line, column and JSON pointer:
//  - a scheme becomes a TOML document (every JSON string written with \u escapes, so the
//    TOML text is ASCII and a column is a byte) in which each key and value starts at its own
//    (line, column). toml++ parses it and the TOML loader builds and checks the scheme
//    (detail::build_scheme): one set of rules for both formats. Each diagnostic's synthetic
//    position is then looked up and replaced by the JSON line, column and pointer, and so are
//    the definition sites kept in the scheme (for messages found later, e.g. by the awards).
//  - a score sheet becomes CSV text ("sep=," on line 1, the header on line 2, row K on line
//    K + 3), read by the CSV reader; a diagnostic's (line, cell) names a JSON value.
// Numbers keep their JSON text: 10 is a TOML integer, 0.25 a float (the TOML loader makes
// both exact decimals), and a sheet cell is the number's digits (an exponent is expanded).
#include "io/json_input.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/text.hpp"

namespace thidua {
namespace {

// ---------------------------------------------------------------------------------------
// Syntax: nlohmann's SAX parser, building nothing.

struct json_pos {
  std::uint32_t line = 1;
  std::uint32_t column = 1;
};

struct syntax_check {
  using json = nlohmann::json;
  bool failed = false;
  std::size_t at = 0;  // byte offset nlohmann reports
  std::string message;

  bool null() { return true; }
  bool boolean(bool) { return true; }
  bool number_integer(json::number_integer_t) { return true; }
  bool number_unsigned(json::number_unsigned_t) { return true; }
  bool number_float(json::number_float_t, const json::string_t&) { return true; }
  bool string(json::string_t&) { return true; }
  bool binary(json::binary_t&) { return true; }
  bool start_object(std::size_t) { return true; }
  bool key(json::string_t&) { return true; }
  bool end_object() { return true; }
  bool start_array(std::size_t) { return true; }
  bool end_array() { return true; }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) {
    failed = true;
    at = position;
    message = e.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error ...":
    // the position is given by thidua's own line and column (in characters).
    if (const auto c = message.find("column "); c != std::string::npos)
      if (const auto colon = message.find(": ", c); colon != std::string::npos) message.erase(0, colon + 2);
    return false;
  }
};

// ---------------------------------------------------------------------------------------
// A cursor over valid JSON text, counting lines and columns (characters, not bytes).

class json_cursor {
 public:
  explicit json_cursor(std::string_view text) : t_(text) {
    if (t_.starts_with("\xEF\xBB\xBF")) p_ = 3;
  }

  bool done() const noexcept { return p_ >= t_.size(); }
  char peek() const noexcept { return p_ < t_.size() ? t_[p_] : '\0'; }
  json_pos pos() const noexcept { return {line_, column_}; }
  std::size_t offset() const noexcept { return p_; }

  void advance() noexcept {
    if (p_ >= t_.size()) return;
    const auto c = static_cast<unsigned char>(t_[p_++]);
    if (c == '\n') {
      if (line_ < std::numeric_limits<std::uint32_t>::max()) ++line_;
      column_ = 1;
    } else if ((c & 0xC0) != 0x80 && column_ < std::numeric_limits<std::uint32_t>::max()) {
      ++column_;
    }
  }
  void advance_to(std::size_t offset) noexcept {
    while (p_ < offset && p_ < t_.size()) advance();
  }
  void skip_space() noexcept {
    while (!done() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r')) advance();
  }
  void expect(char c) noexcept {
    skip_space();
    if (peek() == c) advance();
  }

  // At a '"': the string's text, unescaped (valid UTF-8: nlohmann checked it).
  std::string string() {
    std::string out;
    advance();  // "
    while (!done() && peek() != '"') {
      if (peek() != '\\') {
        // Copy a run of plain bytes at once.
        const std::size_t start = p_;
        while (!done() && peek() != '"' && peek() != '\\') advance();
        out.append(t_.substr(start, p_ - start));
        continue;
      }
      advance();
      const char e = peek();
      advance();
      switch (e) {
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          std::uint32_t cp = hex4();
          if (cp >= 0xD800 && cp <= 0xDBFF && peek() == '\\' && p_ + 1 < t_.size() && t_[p_ + 1] == 'u') {
            advance();
            advance();
            const std::uint32_t low = hex4();
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          }
          append_utf8(out, cp);
          break;
        }
        default: out += e; break;  // " \ /
      }
    }
    advance();  // "
    return out;
  }

  // A number's text as written.
  std::string_view number() noexcept {
    const std::size_t start = p_;
    while (!done()) {
      const char c = peek();
      if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E') advance();
      else break;
    }
    return t_.substr(start, p_ - start);
  }

  // true, false or null.
  std::string_view word() noexcept {
    const std::size_t start = p_;
    while (!done() && peek() >= 'a' && peek() <= 'z') advance();
    return t_.substr(start, p_ - start);
  }

  // Skips one value whatever its depth (no recursion).
  void skip_value() {
    std::size_t depth = 0;
    do {
      skip_space();
      const char c = peek();
      if (c == '"') {
        skip_string();
      } else if (c == '{' || c == '[') {
        ++depth;
        advance();
      } else if (c == '}' || c == ']') {
        if (depth > 0) --depth;
        advance();
      } else if (c == ',' || c == ':') {
        advance();
      } else if (c == '\0') {
        return;
      } else {
        const std::size_t before = p_;
        if (c == 't' || c == 'f' || c == 'n') word();
        else number();
        if (p_ == before) advance();  // never stall
      }
      if (depth == 0) return;
    } while (!done());
  }

 private:
  void skip_string() noexcept {
    advance();
    while (!done() && peek() != '"') {
      if (peek() == '\\') advance();
      advance();
    }
    advance();
  }

  std::uint32_t hex4() noexcept {
    std::uint32_t v = 0;
    for (int k = 0; k < 4 && !done(); ++k) {
      const char c = peek();
      v <<= 4;
      if (c >= '0' && c <= '9') v |= static_cast<std::uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f') v |= static_cast<std::uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') v |= static_cast<std::uint32_t>(c - 'A' + 10);
      advance();
    }
    return v;
  }

  static void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
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

  std::string_view t_;
  std::size_t p_ = 0;
  std::uint32_t line_ = 1;
  std::uint32_t column_ = 1;
};

// Checks the syntax; on an error adds it (with `code`) and returns false.
bool check_syntax(std::string_view text, std::string_view file_name, errc code, diagnostics& out) {
  syntax_check check;
  nlohmann::json::sax_parse(text.begin(), text.end(), &check);
  if (!check.failed) return true;
  json_cursor at(text);
  at.advance_to(check.at > 0 ? check.at - 1 : 0);
  const json_pos p = at.pos();
  source_position where{std::string(file_name), p.line, p.column};
  out.add(make_diagnostic(code, std::move(where), std::to_string(p.line), std::to_string(p.column), check.message));
  return false;
}

// A JSON pointer's reference token (RFC 6901): ~ and / escaped.
std::string pointer_token(std::string_view key) {
  std::string out;
  out.reserve(key.size());
  for (const char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

// Where a value of the JSON text is.
struct origin {
  json_pos at;
  std::string pointer;
};

// "subject X appears twice (first on line 12)": a line number of the intermediate text in a
// message, replaced by what `name` says it is in the JSON text.
template <class Name>
void rewrite_line_numbers(std::string& message, std::string_view word, Name name) {
  std::size_t from = 0;
  while ((from = message.find(word, from)) != std::string::npos) {
    const std::size_t digits = from + word.size();
    std::size_t end = digits;
    while (end < message.size() && message[end] >= '0' && message[end] <= '9') ++end;
    std::uint32_t line = 0;
    const auto [ptr, ec] = std::from_chars(message.data() + digits, message.data() + end, line);
    if (end == digits || ec != std::errc() || ptr != message.data() + end) {
      from = digits;
      continue;
    }
    const std::string replacement = name(line);
    if (replacement.empty()) {
      from = end;
      continue;
    }
    message.replace(from, end - from, replacement);
    from += replacement.size();
  }
}

// ---------------------------------------------------------------------------------------
// Schemes

constexpr std::size_t max_depth = 64;

// A JSON value with its position (schemes are small: a tree is fine).
struct json_value {
  enum class kind : std::uint8_t { null, boolean, number, string, array, object };
  kind type = kind::null;
  json_pos at;
  std::string text;                    // string: the text; number: as written; boolean: true/false
  std::vector<json_value> items;       // array items, or object values
  std::vector<std::string> keys;       // object keys, parallel to items
  std::vector<json_pos> key_at;        // where each key is
};

struct tree_error {
  json_pos at;
  std::string message;
};

// Reads one value of valid JSON; a problem JSON allows but thidua does not (a key twice in an
// object, nesting deeper than max_depth) is returned.
std::optional<tree_error> read_value(json_cursor& in, json_value& v, std::size_t depth) {
  in.skip_space();
  v.at = in.pos();
  if (depth > max_depth) return tree_error{v.at, fmt::format("nested deeper than {} levels", max_depth)};
  const char c = in.peek();
  if (c == '{') {
    v.type = json_value::kind::object;
    in.advance();
    std::set<std::string, std::less<>> seen;
    in.skip_space();
    while (!in.done() && in.peek() != '}') {
      in.skip_space();
      const json_pos key_at = in.pos();
      std::string key = in.string();
      if (!seen.insert(key).second)
        return tree_error{key_at, fmt::format("the key \"{}\" appears twice in the same object", key)};
      in.expect(':');
      json_value item;
      if (auto e = read_value(in, item, depth + 1)) return e;
      v.keys.push_back(std::move(key));
      v.key_at.push_back(key_at);
      v.items.push_back(std::move(item));
      in.skip_space();
      if (in.peek() == ',') in.advance();
      in.skip_space();
    }
    in.advance();
  } else if (c == '[') {
    v.type = json_value::kind::array;
    in.advance();
    in.skip_space();
    while (!in.done() && in.peek() != ']') {
      json_value item;
      if (auto e = read_value(in, item, depth + 1)) return e;
      v.items.push_back(std::move(item));
      in.skip_space();
      if (in.peek() == ',') in.advance();
      in.skip_space();
    }
    in.advance();
  } else if (c == '"') {
    v.type = json_value::kind::string;
    v.text = in.string();
  } else if (c == 't' || c == 'f' || c == 'n') {
    const std::string_view w = in.word();
    v.type = w == "null" ? json_value::kind::null : json_value::kind::boolean;
    v.text = std::string(w);
  } else {
    v.type = json_value::kind::number;
    v.text = std::string(in.number());
  }
  return std::nullopt;
}

// The JSON document as TOML text, with where each key and value of it came from.
class toml_writer {
 public:
  std::string text;

  // The JSON origin of a position of the TOML text: the nearest key or value starting at or
  // before it on its line, and how far past that start the position is.
  const origin* find(std::uint32_t line, std::uint32_t column, std::uint32_t& past) const {
    auto it = marks_.upper_bound({line, column});
    if (it == marks_.begin()) return nullptr;
    --it;
    if (it->first.first != line) return nullptr;
    past = column - it->first.second;
    return &origins_[it->second];
  }
  // The first value written on a line (an element of a top-level array, or a top-level key).
  const origin* line_start(std::uint32_t line) const {
    auto it = marks_.lower_bound({line, 0});
    if (it == marks_.end() || it->first.first != line) return nullptr;
    return &origins_[it->second];
  }

  void document(const json_value& root) {
    for (std::size_t k = 0; k < root.items.size(); ++k) {
      const json_value& v = root.items[k];
      if (v.type == json_value::kind::null) continue;  // null: as if the key were absent
      const std::string pointer = "/" + pointer_token(root.keys[k]);
      mark(root.key_at[k], pointer);
      quoted(root.keys[k]);
      text += " = ";
      if (v.type == json_value::kind::array) {
        // An array of tables: one element a line, so that a line names an element.
        mark(v.at, pointer);
        text += '[';
        newline();
        for (std::size_t i = 0; i < v.items.size(); ++i) {
          value(v.items[i], pointer + "/" + std::to_string(i));
          text += ',';
          newline();
        }
        text += ']';
      } else {
        value(v, pointer);
      }
      newline();
    }
  }

 private:
  void mark(json_pos at, std::string pointer) {
    const auto column = static_cast<std::uint32_t>(text.size() - line_begin_ + 1);
    marks_.emplace(std::pair{line_, column}, origins_.size());
    origins_.push_back({at, std::move(pointer)});
  }
  void newline() {
    text += '\n';
    ++line_;
    line_begin_ = text.size();
  }

  // A TOML basic string, ASCII only (so that a column is a byte).
  void quoted(std::string_view s) {
    text += '"';
    std::size_t k = 0;
    while (k < s.size()) {
      const auto c = static_cast<unsigned char>(s[k]);
      if (c == '"' || c == '\\') {
        text += '\\';
        text += static_cast<char>(c);
        ++k;
      } else if (c >= 0x20 && c < 0x7F) {
        text += static_cast<char>(c);
        ++k;
      } else if (c < 0x80) {
        text += fmt::format("\\u{:04X}", c);
        ++k;
      } else {
        // Decode one UTF-8 sequence (valid: nlohmann checked it).
        const int n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        std::uint32_t cp = c & (n == 4 ? 0x07U : n == 3 ? 0x0FU : 0x1FU);
        for (int j = 1; j < n && k + static_cast<std::size_t>(j) < s.size(); ++j)
          cp = (cp << 6) | (static_cast<unsigned char>(s[k + static_cast<std::size_t>(j)]) & 0x3FU);
        k += static_cast<std::size_t>(n);
        text += cp > 0xFFFF ? fmt::format("\\U{:08X}", cp) : fmt::format("\\u{:04X}", cp);
      }
    }
    text += '"';
  }

  // A JSON number as a TOML number of the same kind: an integer stays an integer (unless it
  // does not fit 64 bits), anything with a fraction or an exponent is a float.
  void number(const std::string& raw) {
    const bool integer = raw.find_first_of(".eE") == std::string::npos;
    if (integer) {
      std::int64_t v = 0;
      const auto [ptr, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), v);
      if (ec == std::errc() && ptr == raw.data() + raw.size()) text += raw;
      else text += raw + ".0";  // too large: the loader reports it as out of range
      return;
    }
    errno = 0;
    const double d = std::strtod(raw.c_str(), nullptr);
    if (!std::isfinite(d)) text += d < 0 ? "-inf" : "inf";
    else if (d == 0 && raw.find_first_of("123456789") < raw.find_first_of("eE")) text += "1e-300";  // underflow
    else text += raw;
  }

  void value(const json_value& v, const std::string& pointer) {
    mark(v.at, pointer);
    switch (v.type) {
      case json_value::kind::null: text += "{}"; break;  // in an array: the loader names the type it wants
      case json_value::kind::boolean: text += v.text; break;
      case json_value::kind::number: number(v.text); break;
      case json_value::kind::string: quoted(v.text); break;
      case json_value::kind::array:
        text += '[';
        for (std::size_t i = 0; i < v.items.size(); ++i) {
          if (i > 0) text += ", ";
          value(v.items[i], pointer + "/" + std::to_string(i));
        }
        text += ']';
        break;
      case json_value::kind::object: {
        text += '{';
        bool first = true;
        for (std::size_t i = 0; i < v.items.size(); ++i) {
          if (v.items[i].type == json_value::kind::null) continue;
          if (!first) text += ", ";
          first = false;
          const std::string member = pointer + "/" + pointer_token(v.keys[i]);
          mark(v.key_at[i], member);
          quoted(v.keys[i]);
          text += " = ";
          value(v.items[i], member);
        }
        text += '}';
        break;
      }
    }
  }

  std::map<std::pair<std::uint32_t, std::uint32_t>, std::size_t> marks_;
  std::vector<origin> origins_;
  std::uint32_t line_ = 1;
  std::size_t line_begin_ = 0;
};

// Moves a definition site of the TOML text to the JSON text.
void move_site(definition_site& site, const toml_writer& w) {
  if (site.line == 0) return;
  std::uint32_t past = 0;
  if (const origin* o = w.find(site.line, site.column, past)) site = {o->at.line, o->at.column + past};
}

void move_sites(scheme& s, const toml_writer& w) {
  for (auto& c : s.criteria) move_site(c.site, w);
  for (auto& f : s.families) move_site(f.site, w);
  for (auto& v : s.vetoes) move_site(v.site, w);
  for (auto& c : s.classes) {
    move_site(c.site, w);
    if (c.quota) move_site(c.quota->site, w);
  }
  for (auto& p : s.periods) move_site(p.site, w);
  for (auto& t : s.titles) {
    if (!t.file.empty()) continue;  // from a preset file
    move_site(t.site, w);
    for (auto& c : t.all) move_site(c.site, w);
    for (auto& c : t.any) move_site(c.site, w);
    if (t.quota) move_site(t.quota->site, w);
  }
  for (auto& [key, site] : s.sites) move_site(site, w);
}

}  // namespace

namespace detail {

namespace {
bool ends_with_folded(const std::filesystem::path& file, std::string_view ext) {
  std::string e = file.extension().string();
  for (auto& c : e)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return e == ext;
}
}  // namespace

bool is_json_scheme(const std::filesystem::path& file, std::string_view text) {
  if (ends_with_folded(file, ".json")) return true;
  if (ends_with_folded(file, ".toml")) return false;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  const auto first = text.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && text[first] == '{';
}

bool is_json_sheet(const std::filesystem::path& file) { return ends_with_folded(file, ".json"); }

}  // namespace detail

std::optional<scheme> parse_scheme_json(std::string_view json, std::string_view file_name, diagnostics& out) {
  const std::string file(file_name);
  if (!check_syntax(json, file_name, errc::json_syntax, out)) return std::nullopt;

  json_cursor in(json);
  json_value root;
  if (auto e = read_value(in, root, 0)) {
    out.add(make_diagnostic(errc::json_syntax, source_position{file, e->at.line, e->at.column},
                            std::to_string(e->at.line), std::to_string(e->at.column), e->message));
    return std::nullopt;
  }
  if (root.type != json_value::kind::object) {
    out.add(make_diagnostic(errc::wrong_type, source_position{file, root.at.line, root.at.column}, "the document",
                            "a JSON object such as {\"scheme\": {...}, \"family\": [...], \"criterion\": [...], "
                            "\"class\": [...]}"));
    return std::nullopt;
  }

  toml_writer writer;
  writer.document(root);
  toml::table table;
  try {
    table = toml::parse(writer.text, std::string_view(file));
  } catch (const toml::parse_error& e) {
    // Not expected: the TOML text is written from valid JSON. Say where in the JSON.
    std::uint32_t past = 0;
    const auto p = e.source().begin;
    const origin* o = writer.find(p.line, p.column, past);
    source_position where{file, o ? o->at.line : 0, o ? o->at.column : 0, {}, o ? o->pointer : std::string()};
    out.add(make_diagnostic(errc::json_syntax, std::move(where), std::to_string(where.line),
                            std::to_string(where.column), std::string(e.description())));
    return std::nullopt;
  }

  std::vector<diagnostic> problems;
  auto s = detail::build_scheme(table, file_name, problems);
  if (s) {
    move_sites(*s, writer);
    return s;
  }
  for (auto& d : problems) {
    if (d.where.file != file) continue;  // a member scheme or a preset: its own positions
    if (d.code == errc::duplicate_id) {
      // "(first defined at line N)": N is a line of the TOML text, which holds one element.
      rewrite_line_numbers(d.message, "line ", [&](std::uint32_t line) -> std::string {
        const origin* o = writer.line_start(line);
        return o ? fmt::format("line {} ({})", o->at.line, o->pointer) : std::string();
      });
    }
    if (d.where.line == 0) continue;
    std::uint32_t past = 0;
    if (const origin* o = writer.find(d.where.line, d.where.column, past)) {
      d.where.line = o->at.line;
      d.where.column = o->at.column + past;
      d.where.pointer = o->pointer;
    }
  }
  detail::sort_scheme_problems(problems, file_name);
  for (auto& d : problems) out.add(std::move(d));
  return std::nullopt;
}

scheme parse_scheme_json(std::string_view json, std::string_view file_name) {
  diagnostics problems;
  auto s = parse_scheme_json(json, file_name, problems);
  if (!s) throw input_error(std::move(problems));
  return std::move(*s);
}

// ---------------------------------------------------------------------------------------
// Score sheets

namespace {

// A number as a CSV cell: the JSON text, with an exponent written out (1.5e3 → 1500).
std::string plain_number(std::string_view raw) {
  const auto e = raw.find_first_of("eE");
  if (e == std::string_view::npos) return std::string(raw);
  int exponent = 0;
  std::string_view exp_text = raw.substr(e + 1);
  if (!exp_text.empty() && exp_text.front() == '+') exp_text.remove_prefix(1);
  const auto [ptr, ec] = std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(), exponent);
  if (ec != std::errc() || ptr != exp_text.data() + exp_text.size() || exponent > 64 || exponent < -64)
    return std::string(raw);  // the reader says it is not a number it can use
  std::string_view mantissa = raw.substr(0, e);
  const bool negative = !mantissa.empty() && mantissa.front() == '-';
  if (negative) mantissa.remove_prefix(1);
  const auto dot = mantissa.find('.');
  std::string digits(mantissa.substr(0, dot));
  if (dot != std::string_view::npos) digits += mantissa.substr(dot + 1);
  long point = static_cast<long>(dot == std::string_view::npos ? mantissa.size() : dot) + exponent;
  while (point <= 0) {
    digits.insert(digits.begin(), '0');
    ++point;
  }
  while (static_cast<long>(digits.size()) < point) digits += '0';
  std::string whole = digits.substr(0, static_cast<std::size_t>(point));
  std::string fraction = digits.substr(static_cast<std::size_t>(point));
  whole.erase(0, std::min(whole.find_first_not_of('0'), whole.size() - 1));
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  std::string out = negative ? "-" : "";
  out += whole;
  if (!fraction.empty()) out += "." + fraction;
  return out;
}

struct json_cell {
  std::uint32_t column = 0;  // 0-based index into the header
  std::string text;
  json_pos at;
  bool reported = false;  // a problem already said about it (written empty)
};

struct json_row {
  json_pos at;
  std::vector<json_cell> cells;
  bool reported = false;  // not an object: written as a blank line, nothing more said about it
};

// A JSON sheet turned into CSV text, with what each line and cell came from.
struct sheet_text {
  std::string file;
  std::string csv;
  std::string rows_pointer;           // "/rows", "/entries" or "" (a top-level array)
  json_pos rows_at;                   // where the array is
  std::vector<std::string> columns;   // header, first-seen order
  std::vector<origin> column_origin;  // the first key of each column
  std::vector<json_row> rows;
  std::vector<diagnostic> problems;   // JSON problems (shape, types), positions already JSON

  static constexpr std::uint32_t header_line = 2;
  static constexpr std::uint32_t first_row_line = 3;

  std::string row_pointer(std::size_t k) const { return rows_pointer + "/" + std::to_string(k); }

  // Where line `line`, cell `cell` (1-based, 0 = the whole row) of the CSV text is in the JSON.
  std::optional<origin> find(std::uint32_t line, std::uint32_t cell) const {
    if (line == header_line) {
      if (cell >= 1 && cell <= column_origin.size()) return column_origin[cell - 1];
      return origin{rows_at, rows_pointer};
    }
    if (line < first_row_line || line - first_row_line >= rows.size()) return std::nullopt;
    const std::size_t k = line - first_row_line;
    const json_row& row = rows[k];
    if (cell >= 1)
      for (const auto& c : row.cells)
        if (c.column + 1 == cell) return origin{c.at, row_pointer(k) + "/" + pointer_token(columns[c.column])};
    return origin{row.at, row_pointer(k)};
  }
  bool reported(std::uint32_t line, std::uint32_t cell) const {
    if (line < first_row_line || line - first_row_line >= rows.size()) return false;
    if (rows[line - first_row_line].reported) return true;
    for (const auto& c : rows[line - first_row_line].cells)
      if (c.column + 1 == cell) return c.reported;
    return false;
  }
};

void shape_problem(sheet_text& t, json_pos at, std::string pointer, std::string message) {
  t.problems.push_back(make_diagnostic(errc::json_structure, source_position{t.file, at.line, at.column, {}, std::move(pointer)},
                                       std::move(message)));
}

// What a JSON value is, from its first character.
std::string_view type_name(char c) {
  switch (c) {
    case '{': return "an object";
    case '[': return "an array";
    case '"': return "a string";
    case 't':
    case 'f': return "a boolean";
    case 'n': return "null";
    default: return "a number";
  }
}

// Reads the rows of a sheet; false when the JSON syntax is wrong (reported to `out`).
bool read_sheet_json(std::string_view json, sheet_text& t, diagnostics& out) {
  if (!check_syntax(json, t.file, errc::json_syntax_data, out)) return false;
  json_cursor in(json);
  in.skip_space();
  const json_pos root_at = in.pos();
  bool found_rows = false;
  std::unordered_map<std::string, std::uint32_t> column_of;

  const auto read_rows = [&]() {
    in.skip_space();
    t.rows_at = in.pos();
    if (in.peek() != '[') {
      shape_problem(t, in.pos(), t.rows_pointer,
                    fmt::format("{} is {}: expected an array of objects, one a subject (or entry)",
                                t.rows_pointer, type_name(in.peek())));
      in.skip_value();
      return;
    }
    in.advance();
    in.skip_space();
    std::size_t k = 0;
    while (!in.done() && in.peek() != ']') {
      in.skip_space();
      const json_pos row_at = in.pos();
      const std::string pointer = t.row_pointer(k);
      json_row row;
      row.at = row_at;
      if (in.peek() != '{') {
        shape_problem(t, row_at, pointer,
                      fmt::format("{} is {}: expected an object such as {{\"id\": \"MN01\", \"CM1\": 9.5}}", pointer,
                                  type_name(in.peek())));
        row.reported = true;
        in.skip_value();
      } else {
        in.advance();
        in.skip_space();
        while (!in.done() && in.peek() != '}') {
          in.skip_space();
          const json_pos key_at = in.pos();
          std::string raw_key = in.string();
          std::string buffer;
          std::string key(detail::invalid_utf8_offset(raw_key) == std::string::npos ? detail::to_nfc(raw_key, buffer)
                                                                                     : std::string_view(raw_key));
          in.expect(':');
          in.skip_space();
          const json_pos value_at = in.pos();
          const std::string cell_pointer = pointer + "/" + pointer_token(key);
          auto [it, fresh] = column_of.try_emplace(key, static_cast<std::uint32_t>(t.columns.size()));
          if (fresh) {
            t.columns.push_back(key);
            t.column_origin.push_back({key_at, cell_pointer});
          }
          json_cell cell;
          cell.column = it->second;
          cell.at = value_at;
          const bool twice = std::any_of(row.cells.begin(), row.cells.end(),
                                         [&](const json_cell& c) { return c.column == it->second; });
          const char c = in.peek();
          if (c == '"') {
            cell.text = in.string();
          } else if (c == '{' || c == '[') {
            shape_problem(t, value_at, cell_pointer,
                          fmt::format("{} is {}: expected a number, a string, true, false or null", key, type_name(c)));
            cell.reported = true;
            in.skip_value();
          } else if (c == 't' || c == 'f' || c == 'n') {
            const std::string_view w = in.word();
            if (w != "null") cell.text = std::string(w);  // null: an empty cell
          } else {
            cell.text = plain_number(in.number());
          }
          if (twice)
            shape_problem(t, key_at, cell_pointer, fmt::format("the key \"{}\" appears twice in {}", key, pointer));
          else
            row.cells.push_back(std::move(cell));
          in.skip_space();
          if (in.peek() == ',') in.advance();
          in.skip_space();
        }
        in.advance();  // }
      }
      t.rows.push_back(std::move(row));
      ++k;
      in.skip_space();
      if (in.peek() == ',') in.advance();
      in.skip_space();
    }
    in.advance();  // ]
  };

  if (in.peek() == '[') {
    t.rows_pointer.clear();
    found_rows = true;
    read_rows();
  } else if (in.peek() == '{') {
    in.advance();
    in.skip_space();
    while (!in.done() && in.peek() != '}') {
      in.skip_space();
      const json_pos key_at = in.pos();
      const std::string key = in.string();
      in.expect(':');
      if ((key == "rows" || key == "entries") && !found_rows) {
        found_rows = true;
        t.rows_pointer = "/" + key;
        read_rows();
      } else {
        shape_problem(t, key_at, "/" + pointer_token(key),
                      key == "rows" || key == "entries"
                          ? std::string("a sheet has either \"rows\" (one object a subject) or \"entries\" (one "
                                        "object a value), not both")
                          : fmt::format("unknown key \"{}\" at the top level: expected {{\"rows\": [...]}} (one object "
                                        "a subject) or {{\"entries\": [...]}} (one object a value)",
                                        key));
        in.skip_value();
      }
      in.skip_space();
      if (in.peek() == ',') in.advance();
      in.skip_space();
    }
    if (!found_rows)
      shape_problem(t, root_at, "",
                    "the document has no \"rows\" (one object a subject) nor \"entries\" (one object a value)");
  } else {
    shape_problem(t, root_at, "",
                  fmt::format("the document is {}: expected {{\"rows\": [...]}}, {{\"entries\": [...]}} or an array "
                              "of rows",
                              type_name(in.peek())));
  }
  return true;
}

void append_cell(std::string& csv, std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    csv += text;
    return;
  }
  csv += '"';
  for (const char c : text) {
    if (c == '"') csv += '"';
    csv += c;
  }
  csv += '"';
}

void write_csv(sheet_text& t) {
  std::string& csv = t.csv;
  csv = "sep=,\n";
  for (std::size_t c = 0; c < t.columns.size(); ++c) {
    if (c > 0) csv += ',';
    append_cell(csv, t.columns[c]);
  }
  csv += '\n';
  std::vector<const std::string*> line(t.columns.size());
  for (const auto& row : t.rows) {
    if (row.reported) {
      csv += '\n';
      continue;
    }
    std::fill(line.begin(), line.end(), nullptr);
    for (const auto& cell : row.cells) line[cell.column] = &cell.text;
    for (std::size_t c = 0; c < line.size(); ++c) {
      if (c > 0) csv += ',';
      if (line[c]) append_cell(csv, *line[c]);
    }
    csv += '\n';
  }
}

// The CSV reader's words for what they are in the JSON document: a column is a key of the
// row objects, a cell is a value. Each pair is a phrase of the catalogue or of the reader's
// hints (lib/core/error_catalog.cpp, lib/io/csv_reader.cpp); json_input_test checks them.
void reword_for_json(diagnostic& d) {
  std::string& message = d.message;
  // Long form: an unknown criterion is a value of "criterion", not a key.
  if (d.code == errc::unknown_column && d.where.pointer.ends_with("/criterion") && message.starts_with("unknown column "))
    message.replace(0, std::string_view("unknown column ").size(), "unknown criterion ");
  static constexpr std::pair<std::string_view, std::string_view> words[] = {
      {"the header has no 'id' column (found: no columns)", "the rows have no \"id\" key (found: no keys)"},
      {"the header has no 'id' column", "the rows have no \"id\" key"},
      {"the members file has no 'unit' column", "the rows have no \"unit\" key"},
      {"a history file has no column: expected a column named ", "the rows have no such key: expected a key named "},
      {"unknown column ", "unknown key "},
      {" has no column: expected a column named ", " is in no row: expected a key named "},
      {" in the criterion column: expected", ": expected"},
      {"a flag column needs a name", "a flag key needs a name"},
      {"too many flag columns", "too many flag keys"},
      {"leave the cell empty", "leave the value out or null"},
      {"the file is empty: expected a header row", "the document has no rows: expected at least one row object"},
  };
  for (const auto& [from, to] : words)
    if (const auto at = message.find(from); at != std::string::npos) message.replace(at, from.size(), to);
}

// A CSV diagnostic moved to the JSON text.
void move_to_json(diagnostic& d, const sheet_text& t) {
  if (d.where.file != t.file) return;
  if (d.code == errc::duplicate_subject || d.code == errc::duplicate_entry || d.code == errc::inconsistent_label) {
    rewrite_line_numbers(d.message, "line ", [&](std::uint32_t line) -> std::string {
      if (line < sheet_text::first_row_line || line - sheet_text::first_row_line >= t.rows.size()) return {};
      const std::size_t k = line - sheet_text::first_row_line;
      return fmt::format("line {} ({})", t.rows[k].at.line, t.row_pointer(k));
    });
  }
  if (d.where.line == 0) return;
  if (const auto o = t.find(d.where.line, d.where.column)) {
    d.where.line = o->at.line;
    d.where.column = o->at.column;
    d.where.pointer = o->pointer;
  }
  reword_for_json(d);
}

}  // namespace

namespace detail {

bool parse_json_table(std::string_view json, std::string_view file_name, diagnostics& out, const json_table_reader& read) {
  sheet_text t;
  t.file = std::string(file_name);
  if (!read_sheet_json(json, t, out)) return false;
  write_csv(t);

  // The line of each row's object in the JSON text, for what the reader keeps (source lines).
  const auto json_line = [&t](std::uint32_t line) -> std::uint32_t {
    if (line < sheet_text::first_row_line || line - sheet_text::first_row_line >= t.rows.size()) return 0;
    return t.rows[line - sheet_text::first_row_line].at.line;
  };
  diagnostics found(std::numeric_limits<std::size_t>::max());
  const bool ok = read(t.csv, found, json_line);
  std::vector<diagnostic> all = std::move(t.problems);
  for (auto& d : std::move(found).take()) {
    if (d.where.file == t.file && t.reported(d.where.line, d.where.column)) continue;  // said already
    move_to_json(d, t);
    all.push_back(std::move(d));
  }
  if (all.empty()) return ok;
  std::stable_sort(all.begin(), all.end(), [&](const diagnostic& a, const diagnostic& b) {
    return std::tuple(a.where.file != t.file, a.where.line, a.where.column) <
           std::tuple(b.where.file != t.file, b.where.line, b.where.column);
  });
  for (auto& d : all) out.add(std::move(d));
  return false;
}

}  // namespace detail

std::optional<sheet> parse_sheet_json(const scheme& s, std::string_view json, std::string_view file_name,
                                      diagnostics& out, const sheet_options& options) {
  return detail::parse_json_rows(
      json, file_name, out,
      [&](std::string_view csv, std::string_view name, diagnostics& found) {
        return parse_sheet(s, csv, name, found, options);
      },
      [](sheet&& read, const auto& json_line) {
        // The same sheet with each subject's line in the JSON text (the line of its row object).
        sheet moved(read.criteria_count());
        for (const auto& name : read.flag_names()) moved.flag_index(name);
        for (std::size_t r = 0; r < read.size(); ++r)
          moved.add_subject(subject_label{read.id(r), read.name(r), read.group(r)}, read.values(r), read.bonus(r),
                            read.deduction(r), read.flags(r), json_line(read.source_line(r)));
        moved.file = read.file;
        return moved;
      });
}

sheet parse_sheet_json(const scheme& s, std::string_view json, std::string_view file_name,
                       const sheet_options& options) {
  diagnostics problems;
  auto result = parse_sheet_json(s, json, file_name, problems, options);
  if (!result) throw input_error(std::move(problems));
  return std::move(*result);
}

namespace detail {

std::optional<sheet> load_json_sheet(const scheme& s, const std::filesystem::path& file, diagnostics& out,
                                     const sheet_options& options) {
  const auto text = read_file(file, out);
  if (!text) return std::nullopt;
  return parse_sheet_json(s, *text, file.string(), out, options);
}

std::optional<std::string> json_sheet_csv(std::string_view json, std::string_view file_name, diagnostics& out) {
  sheet_text t;
  t.file = std::string(file_name);
  if (!read_sheet_json(json, t, out)) return std::nullopt;
  write_csv(t);
  return std::move(t.csv);
}

}  // namespace detail

}  // namespace thidua
