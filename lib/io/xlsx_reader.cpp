// Score sheets from .xlsx: one worksheet mapped to CSV text for the CSV reader (see
// xlsx_reader.hpp and docs/xlsx-input.md).
//
// The parts read: _rels/.rels (where the workbook part is), the workbook (sheet names in
// order and their relationship ids), its relationships (which part is which sheet, and the
// shared strings), the shared strings, and the one worksheet asked for. Styles are not
// read: a score is stored as a number whatever its format. Every part is read whole, at most
// xlsx_limits::max_part_bytes of it, and parsed by pugixml in place; the worksheet's rows a
// few megabytes at a time (cut after a </row>), since its whole XML tree would take some 25
// times the size of its XML.
//
// The mapping keeps positions: CSV line N is worksheet row N and cell C is column C. Rows
// above the header row (a title, a row of criterion names) become empty lines, every row
// with data is padded to the widest row, so that the CSV reader never sees a ragged row and
// its line and cell numbers are the worksheet's row and column.
#include "io/xlsx_reader.hpp"

#include <unistd.h>
#include <zip.h>

#include <algorithm>
#include <charconv>
#include <cctype>
#include <cmath>
#include <cstring>
#include <fstream>
#include <memory>
#include <pugixml.hpp>
#include <system_error>

#include <fast_float/fast_float.h>

#include "core/text.hpp"
#include "io/csv_source.hpp"

namespace thidua::detail {
namespace {

namespace fs = std::filesystem;

constexpr std::uint32_t max_rows = 1048576;  // Excel's limits: a larger reference is broken
constexpr std::uint32_t max_columns = 16384;

// ---------------------------------------------------------------------------------------
// The zip layer

bool starts_with(const fs::path& file, std::string_view magic) {
  std::ifstream in(file, std::ios::binary);
  std::string head(magic.size(), '\0');
  return in.read(head.data(), static_cast<std::streamsize>(head.size())) && head == magic;
}

/// .xls files and encrypted .xlsx files are OLE compound files.
bool starts_like_compound_file(const fs::path& file) { return starts_with(file, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"); }

class zip_archive {
 public:
  zip_archive() = default;
  zip_archive(const zip_archive&) = delete;
  zip_archive& operator=(const zip_archive&) = delete;
  ~zip_archive() {
    if (zip_ != nullptr) zip_discard(zip_);
  }

  enum class opened { ok, cannot_open, not_a_zip };

  opened open(const fs::path& file, std::string& error) {
    const int fd = open_input(file, error);
    if (fd < 0) return opened::cannot_open;
    int code = 0;
    zip_ = zip_fdopen(fd, ZIP_RDONLY, &code);
    if (zip_ == nullptr) {
      ::close(fd);  // zip_fdopen keeps the descriptor only when it succeeds
      if (code == ZIP_ER_NOZIP && starts_like_compound_file(file)) {
        error = "it is an old .xls workbook or a password-protected one, not a zip archive: save it as .xlsx "
                "without a password";
      } else if (code == ZIP_ER_NOZIP) {
        error = "it is not a zip archive (an .xlsx file is a zip of XML parts)";
      } else {
        zip_error_t z;
        zip_error_init_with_code(&z, code);
        error = std::string("the zip archive cannot be read: ") + zip_error_strerror(&z);
        zip_error_fini(&z);
      }
      return opened::not_a_zip;
    }
    return opened::ok;
  }

  /// Whether the archive holds the part (names compared without case, as OPC says).
  bool has(const std::string& name) const { return zip_name_locate(zip_, name.c_str(), ZIP_FL_NOCASE) >= 0; }

  /// Reads a part whole. False with `error` set when it is missing, too large or corrupt.
  bool read(const std::string& name, std::string& out, std::string& error) const {
    const zip_int64_t index = zip_name_locate(zip_, name.c_str(), ZIP_FL_NOCASE);
    if (index < 0) {
      error = "the part " + name + " is missing";
      return false;
    }
    const auto at = static_cast<zip_uint64_t>(index);
    const std::uint64_t limit = xlsx_limit_settings().max_part_bytes;
    auto too_large = [&] {
      error = "the part " + name + " is larger than " + std::to_string(limit) +
              " bytes uncompressed (a damaged or malicious file)";
      return false;
    };
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(zip_, at, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) != 0 && st.size > limit) return too_large();
    std::unique_ptr<zip_file_t, decltype(&zip_fclose)> part(zip_fopen_index(zip_, at, 0), &zip_fclose);
    if (!part) {
      error = "the part " + name + " cannot be opened: " + zip_strerror(zip_);
      return false;
    }
    out.clear();
    // The stated size may lie: the limit is checked on what is actually inflated.
    if ((st.valid & ZIP_STAT_SIZE) != 0) out.reserve(static_cast<std::size_t>(st.size));
    char buffer[1 << 16];
    for (;;) {
      const zip_int64_t got = zip_fread(part.get(), buffer, sizeof buffer);
      if (got < 0) {
        error = "the part " + name + " is damaged: " + zip_file_strerror(part.get());
        return false;
      }
      if (got == 0) break;
      if (out.size() + static_cast<std::uint64_t>(got) > limit) return too_large();
      out.append(buffer, static_cast<std::size_t>(got));
    }
    return true;
  }

 private:
  zip_t* zip_ = nullptr;
};

// ---------------------------------------------------------------------------------------
// The XML layer

/// An element's name without its namespace prefix ("x:row" → "row"): some writers prefix.
std::string_view local_name(const char* name) {
  const char* colon = std::strchr(name, ':');
  return colon != nullptr ? std::string_view(colon + 1) : std::string_view(name);
}

pugi::xml_node child(pugi::xml_node parent, std::string_view name) {
  for (auto node = parent.first_child(); node; node = node.next_sibling())
    if (node.type() == pugi::node_element && local_name(node.name()) == name) return node;
  return {};
}

/// An attribute by local name, e.g. "id" for r:id (whatever the prefix), "" when absent.
std::string_view attribute(pugi::xml_node node, std::string_view name, bool prefixed = false) {
  for (auto a = node.first_attribute(); a; a = a.next_attribute()) {
    const bool has_prefix = std::strchr(a.name(), ':') != nullptr;
    if (has_prefix == prefixed && local_name(a.name()) == name) return a.value();
  }
  return {};
}

template <class F>
void for_each_child(pugi::xml_node parent, std::string_view name, F&& f) {
  for (auto node = parent.first_child(); node; node = node.next_sibling())
    if (node.type() == pugi::node_element && local_name(node.name()) == name) f(node);
}

/// Text of an element and of every element below it, in order.
void append_text(pugi::xml_node node, std::string& out) {
  for (auto n = node.first_child(); n; n = n.next_sibling()) {
    if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata)
      out += n.value();
    else if (n.type() == pugi::node_element)
      append_text(n, out);
  }
}

/// OOXML escapes characters XML cannot hold as _xHHHH_ (a CR is "_x000D_", "_x005F_" an
/// underscore that would otherwise start such an escape).
std::string unescape_ooxml(std::string text) {
  if (text.find("_x") == std::string::npos) return text;
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    unsigned code = 0;
    if (i + 7 <= text.size() && text[i] == '_' && text[i + 1] == 'x' && text[i + 6] == '_' &&
        std::from_chars(text.data() + i + 2, text.data() + i + 6, code, 16).ptr == text.data() + i + 6) {
      // As UTF-8 (a code unit of a surrogate pair is kept as the escape: it cannot stand alone).
      if (code < 0x80) {
        out += static_cast<char>(code);
      } else if (code < 0x800) {
        out += static_cast<char>(0xC0 | (code >> 6));
        out += static_cast<char>(0x80 | (code & 0x3F));
      } else if (code < 0xD800 || code > 0xDFFF) {
        out += static_cast<char>(0xE0 | (code >> 12));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
      } else {
        out.append(text, i, 7);
      }
      i += 7;
    } else {
      out += text[i++];
    }
  }
  return out;
}

/// The text of a string item (<si> or <is>): its <t>, or its rich-text runs <r><t> joined.
/// Phonetic runs (<rPh>) are a reading aid, not part of the text.
std::string string_item_text(pugi::xml_node item) {
  std::string text;
  for (auto n = item.first_child(); n; n = n.next_sibling()) {
    if (n.type() != pugi::node_element) continue;
    const auto name = local_name(n.name());
    if (name == "t")
      append_text(n, text);
    else if (name == "r")
      if (auto t = child(n, "t")) append_text(t, text);
  }
  return unescape_ooxml(std::move(text));
}

// ---------------------------------------------------------------------------------------
// Parts and their relationships

/// Folder of a part name, with its slash ("xl/workbook.xml" → "xl/").
std::string folder_of(std::string_view part) {
  const auto slash = part.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(part.substr(0, slash + 1));
}

/// A relationship target as a part name: "/xl/worksheets/sheet1.xml" is absolute,
/// "worksheets/sheet1.xml" and "../x.xml" are relative to the source part's folder.
std::string resolve_target(std::string_view source_folder, std::string_view target) {
  std::string path = target.starts_with('/') ? std::string(target.substr(1)) : std::string(source_folder) + std::string(target);
  std::vector<std::string> segments;
  std::size_t start = 0;
  while (start <= path.size()) {
    auto end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    const std::string segment = path.substr(start, end - start);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    start = end + 1;
  }
  std::string out;
  for (const auto& s : segments) out += (out.empty() ? "" : "/") + s;
  return out;
}

/// The relationships part of a part: "xl/workbook.xml" → "xl/_rels/workbook.xml.rels".
std::string rels_of(std::string_view part) {
  const auto folder = folder_of(part);
  return folder + "_rels/" + std::string(part.substr(folder.size())) + ".rels";
}

struct relationship {
  std::string id, type, target;
};

/// Whether a relationship type ends with `kind` ("/worksheet"), in either OOXML namespace.
bool is_type(std::string_view type, std::string_view kind) {
  return type.size() > kind.size() && type.ends_with(kind) && type[type.size() - kind.size() - 1] == '/';
}

struct sheet_entry {
  std::string name, part;
};

// ---------------------------------------------------------------------------------------
// Reading one worksheet

struct cell_problem {
  std::uint32_t row = 0, column = 0;
  bool formula = false;  // a formula without its value; else an error value
  std::string text;      // the formula or the error value
};

struct cell_entry {
  std::uint32_t column = 0;
  std::string text;
};

struct row_entry {
  std::uint32_t number = 0;
  std::vector<cell_entry> cells;  // non-empty cells only
};

class workbook_reader {
 public:
  workbook_reader(const workbook_path& workbook, diagnostics& out, const scheme* s)
      : workbook_(workbook), file_(workbook.file.string()), out_(out), scheme_(s) {}

  std::optional<worksheet_csv> run() {
    std::string error;
    switch (zip_.open(workbook_.file, error)) {
      case zip_archive::opened::ok:
        break;
      case zip_archive::opened::cannot_open:
        out_.add(make_diagnostic(errc::cannot_open, source_position{file_, 0, 0}, file_, error));
        return std::nullopt;
      case zip_archive::opened::not_a_zip:
        return bad(error);
    }
    try {
      if (!read_workbook()) return std::nullopt;
      const auto chosen = choose_sheet();
      if (!chosen) return std::nullopt;
      sheet_name_ = chosen->name;
      if (!read_shared_strings() || !read_rows(chosen->part)) return std::nullopt;
      return to_csv();
    } catch (const std::bad_alloc&) {
      return bad("the workbook does not fit in memory");
    }
  }

 private:
  std::nullopt_t bad(const std::string& reason, bool in_sheet = false) {
    out_.add(make_diagnostic(errc::bad_workbook, source_position{file_, 0, 0, in_sheet ? sheet_name_ : std::string()},
                             file_, reason));
    return std::nullopt;
  }

  /// Reads a part and parses it in place into `doc` (the text is kept in `buffer`).
  bool parse_part(const std::string& name, std::string& buffer, pugi::xml_document& doc, unsigned flags) {
    std::string error;
    if (!zip_.read(name, buffer, error)) {
      bad(error);
      return false;
    }
    const auto result = doc.load_buffer_inplace(buffer.data(), buffer.size(), flags);
    if (!result) {
      bad("the part " + name + " is not well-formed XML (" + result.description() + " at byte " +
          std::to_string(result.offset + 1) + ")");
      return false;
    }
    return true;
  }

  std::vector<relationship> read_relationships(const std::string& rels_part) {
    std::vector<relationship> rels;
    if (!zip_.has(rels_part)) return rels;
    std::string buffer;
    pugi::xml_document doc;
    if (!parse_part(rels_part, buffer, doc, pugi::parse_default)) throw parse_failed{};
    for_each_child(child(doc, "Relationships"), "Relationship", [&](pugi::xml_node r) {
      if (attribute(r, "TargetMode") == "External") return;
      rels.push_back({std::string(attribute(r, "Id")), std::string(attribute(r, "Type")),
                      std::string(attribute(r, "Target"))});
    });
    return rels;
  }

  struct parse_failed {};

  bool read_workbook() try {
    // The package's relationships say where the workbook is; xl/workbook.xml by convention.
    workbook_part_ = "xl/workbook.xml";
    for (const auto& r : read_relationships("_rels/.rels"))
      if (is_type(r.type, "officeDocument")) workbook_part_ = resolve_target("", r.target);
    if (!zip_.has(workbook_part_)) {
      bad("the part " + workbook_part_ + " is missing: this zip is not a workbook");
      return false;
    }
    const auto folder = folder_of(workbook_part_);
    std::vector<relationship> rels = read_relationships(rels_of(workbook_part_));
    for (const auto& r : rels)
      if (is_type(r.type, "sharedStrings")) shared_strings_part_ = resolve_target(folder, r.target);

    std::string buffer;
    pugi::xml_document doc;
    if (!parse_part(workbook_part_, buffer, doc, pugi::parse_default)) return false;
    for_each_child(child(child(doc, "workbook"), "sheets"), "sheet", [&](pugi::xml_node node) {
      const auto id = attribute(node, "id", true);
      const auto rel = std::find_if(rels.begin(), rels.end(), [&](const relationship& r) { return r.id == id; });
      // Chart sheets and dialog sheets hold no cells.
      if (rel == rels.end() || !is_type(rel->type, "worksheet")) return;
      sheets_.push_back({std::string(attribute(node, "name")), resolve_target(folder, rel->target)});
    });
    if (sheets_.empty()) {
      out_.add(make_diagnostic(errc::unknown_sheet, source_position{file_, 0, 0},
                               workbook_.sheet.empty() ? std::string("to read") : workbook_.sheet,
                               std::string("none (no worksheet with cells)")));
      return false;
    }
    return true;
  } catch (const parse_failed&) {
    return false;
  }

  /// Sheet names compare as Excel compares them: without case (and in NFC here).
  static std::string comparable(std::string_view name) {
    if (invalid_utf8_offset(name) != std::string_view::npos) return std::string(name);
    return fold_case(name);
  }

  std::optional<sheet_entry> choose_sheet() {
    if (workbook_.sheet.empty()) return sheets_.front();
    for (const auto& s : sheets_)
      if (s.name == workbook_.sheet) return s;
    const auto wanted = comparable(workbook_.sheet);
    for (const auto& s : sheets_)
      if (comparable(s.name) == wanted) return s;
    std::string names;
    for (const auto& s : sheets_) names += (names.empty() ? "" : ", ") + s.name;
    out_.add(make_diagnostic(errc::unknown_sheet, source_position{file_, 0, 0}, workbook_.sheet, names));
    return std::nullopt;
  }

  bool read_shared_strings() {
    if (shared_strings_part_.empty()) shared_strings_part_ = "xl/sharedStrings.xml";
    // Without the part there are no shared strings; a cell that refers to one says so.
    if (!zip_.has(shared_strings_part_)) return true;
    std::string buffer;
    pugi::xml_document doc;
    // A string of spaces is a string: keep whitespace-only text.
    if (!parse_part(shared_strings_part_, buffer, doc, pugi::parse_default | pugi::parse_ws_pcdata_single)) return false;
    const auto sst = child(doc, "sst");
    for_each_child(sst, "si", [&](pugi::xml_node si) { shared_strings_.push_back(string_item_text(si)); });
    return true;
  }

  /// "C12" → column 3, row 12. False when it is not a cell reference.
  static bool parse_reference(std::string_view ref, std::uint32_t& row, std::uint32_t& column) {
    std::size_t i = 0;
    std::uint64_t col = 0;
    while (i < ref.size() && i < 4) {
      const char c = ref[i];
      if (c >= 'A' && c <= 'Z')
        col = col * 26 + static_cast<unsigned>(c - 'A' + 1);
      else if (c >= 'a' && c <= 'z')
        col = col * 26 + static_cast<unsigned>(c - 'a' + 1);
      else
        break;
      ++i;
    }
    std::uint64_t r = 0;
    const auto digits = ref.substr(i);
    if (i == 0 || digits.empty() || digits.size() > 7) return false;
    for (const char c : digits) {
      if (c < '0' || c > '9') return false;
      r = r * 10 + static_cast<unsigned>(c - '0');
    }
    if (col > max_columns || r == 0 || r > max_rows) return false;
    row = static_cast<std::uint32_t>(r);
    column = static_cast<std::uint32_t>(col);
    return true;
  }

  /// Where the rows are in a worksheet's XML: [begin, end) between <sheetData> and
  /// </sheetData>, and the ends of its </row> tags. False when the text is not as every
  /// writer leaves it (no such pair, or a comment or CDATA section, in which "</row>" would
  /// not be markup): the worksheet is then parsed whole.
  static bool find_rows(std::string_view xml, std::size_t& begin, std::size_t& end, std::vector<std::size_t>& row_ends) {
    if (xml.find("<!--") != std::string_view::npos || xml.find("<![CDATA[") != std::string_view::npos) return false;
    // Whether the name at `name_at` is that of a start tag (<name, <x:name) or of an end tag.
    auto tag_at = [&](std::size_t name_at, bool closing) {
      std::size_t p = name_at;
      if (p > 0 && xml[p - 1] == ':') {  // a namespace prefix
        --p;
        while (p > 0 && (std::isalnum(static_cast<unsigned char>(xml[p - 1])) != 0 || xml[p - 1] == '_' ||
                         xml[p - 1] == '-' || xml[p - 1] == '.'))
          --p;
      }
      return closing ? p >= 2 && xml[p - 2] == '<' && xml[p - 1] == '/' : p >= 1 && xml[p - 1] == '<';
    };
    std::size_t at = xml.find("sheetData");
    while (at != std::string_view::npos && !tag_at(at, false)) at = xml.find("sheetData", at + 1);
    if (at == std::string_view::npos) return false;
    begin = xml.find('>', at);
    if (begin == std::string_view::npos || xml[begin - 1] == '/') return false;  // <sheetData/>: no rows
    ++begin;
    std::size_t close = xml.find("sheetData>", begin);
    while (close != std::string_view::npos && !tag_at(close, true)) close = xml.find("sheetData>", close + 1);
    if (close == std::string_view::npos) return false;
    end = xml.rfind('<', close);
    for (std::size_t p = xml.find("row>", begin); p != std::string_view::npos && p < end; p = xml.find("row>", p + 4))
      if (tag_at(p, true)) row_ends.push_back(p + 4);
    return true;
  }

  bool read_rows(const std::string& part) {
    std::string buffer, error;
    if (!zip_.read(part, buffer, error)) {
      bad(error);
      return false;
    }
    constexpr unsigned flags = pugi::parse_default | pugi::parse_ws_pcdata_single;
    row_state state;
    std::size_t begin = 0, end = 0;
    std::vector<std::size_t> row_ends;
    if (!find_rows(buffer, begin, end, row_ends)) {
      pugi::xml_document doc;
      const auto result = doc.load_buffer_inplace(buffer.data(), buffer.size(), flags);
      if (!result) return bad_xml(part, result, 0);
      const auto data = child(child(doc, "worksheet"), "sheetData");
      for (auto row = data.first_child(); row && state.reason.empty(); row = row.next_sibling()) read_row(row, state);
    } else {
      // The rows are parsed a few megabytes at a time, so that a large sheet's XML tree
      // never exists whole.
      const std::size_t batch_bytes = std::max<std::size_t>(1, xlsx_limit_settings().row_batch_bytes);
      row_ends.push_back(end);
      std::size_t from = begin;
      for (std::size_t k = 0; k < row_ends.size() && state.reason.empty(); ++k) {
        if (row_ends[k] - from < batch_bytes && k + 1 < row_ends.size()) continue;
        if (row_ends[k] == from) continue;
        pugi::xml_document doc;
        const auto result =
            doc.load_buffer_inplace(buffer.data() + from, row_ends[k] - from, flags | pugi::parse_fragment);
        if (!result) return bad_xml(part, result, from);
        for (auto row = doc.first_child(); row && state.reason.empty(); row = row.next_sibling()) read_row(row, state);
        from = row_ends[k];
      }
    }
    const std::string& reason = state.reason;
    if (!reason.empty()) {
      bad("in sheet " + sheet_name_ + ", " + reason, true);
      return false;
    }
    // Writers keep rows and cells in order; a file that does not is read as if it did.
    auto by_row = [](const row_entry& a, const row_entry& b) { return a.number < b.number; };
    if (!std::is_sorted(rows_.begin(), rows_.end(), by_row)) std::stable_sort(rows_.begin(), rows_.end(), by_row);
    for (auto& r : rows_) {
      auto by_column = [](const cell_entry& a, const cell_entry& b) { return a.column < b.column; };
      if (!std::is_sorted(r.cells.begin(), r.cells.end(), by_column))
        std::stable_sort(r.cells.begin(), r.cells.end(), by_column);
    }
    return true;
  }

  struct row_state {
    std::uint32_t previous_row = 0;
    std::string reason{};  // set when the sheet is broken
  };

  bool bad_xml(const std::string& part, const pugi::xml_parse_result& result, std::size_t base) {
    bad("the part " + part + " is not well-formed XML (" + result.description() + " at byte " +
        std::to_string(base + static_cast<std::size_t>(result.offset) + 1) + ")");
    return false;
  }

  /// Reads one <row> element (anything else is skipped) into rows_.
  void read_row(pugi::xml_node row, row_state& state) {
    if (row.type() != pugi::node_element || local_name(row.name()) != "row") return;
    std::string& reason = state.reason;
    std::uint32_t number = state.previous_row + 1;
    if (const auto r = attribute(row, "r"); !r.empty()) {
      std::uint32_t parsed = 0;
      if (std::from_chars(r.data(), r.data() + r.size(), parsed).ptr != r.data() + r.size() || parsed == 0 ||
          parsed > max_rows) {
        reason = "row number \"" + std::string(r) + "\" is not valid";
        return;
      }
      number = parsed;
    }
    if (number > max_rows) {
      reason = "more than " + std::to_string(max_rows) + " rows";
      return;
    }
    state.previous_row = number;
    row_entry entry{number, {}};
    std::uint32_t previous_column = 0;
    for (auto c = row.first_child(); c; c = c.next_sibling()) {
      if (c.type() != pugi::node_element || local_name(c.name()) != "c") continue;
      std::uint32_t column = previous_column + 1, cell_row = number;
      if (const auto ref = attribute(c, "r"); !ref.empty() && !parse_reference(ref, cell_row, column)) {
        reason = "cell reference \"" + std::string(ref) + "\" in row " + std::to_string(number) + " is not valid";
        return;
      }
      if (column > max_columns) {
        reason = "row " + std::to_string(number) + " has more than " + std::to_string(max_columns) + " columns";
        return;
      }
      previous_column = column;
      std::string text;
      if (!cell_text(c, number, column, text, reason)) return;
      if (!text.empty()) entry.cells.push_back({column, std::move(text)});
    }
    if (!entry.cells.empty()) rows_.push_back(std::move(entry));
  }

  /// The text of a cell as the CSV reader should see it ("" when empty or reported).
  bool cell_text(pugi::xml_node c, std::uint32_t row, std::uint32_t column, std::string& text, std::string& reason) {
    const auto type = attribute(c, "t");
    const auto formula = child(c, "f");
    const auto value = child(c, "v");
    if (type == "inlineStr") {
      if (const auto is = child(c, "is")) text = string_item_text(is);
      return true;
    }
    if (!value) {
      if (formula) {
        std::string f;
        append_text(formula, f);
        problems_.push_back({row, column, true, f.empty() ? std::string("(shared with another cell)") : "=" + f});
      }
      return true;
    }
    std::string v;
    append_text(value, v);
    if (type == "s") {
      std::size_t index = 0;
      const auto t = trim(v);
      if (std::from_chars(t.data(), t.data() + t.size(), index).ptr != t.data() + t.size() ||
          index >= shared_strings_.size()) {
        reason = "cell " + column_letters(column) + std::to_string(row) + " refers to shared string \"" + v +
                 "\", and the workbook has " + std::to_string(shared_strings_.size());
        return false;
      }
      text = shared_strings_[index];
    } else if (type == "e") {
      problems_.push_back({row, column, false, std::string(trim(v))});
    } else if (type == "b") {
      text = trim(v) == "1" || trim(v) == "true" ? "1" : "0";
    } else if (type == "str" || type == "d") {
      text = unescape_ooxml(std::move(v));
    } else {
      text = excel_number_text(v);
    }
    return true;
  }

  static bool is_id(std::string_view text) {
    const auto t = trim(text);
    return t.size() == 2 && (t[0] == 'i' || t[0] == 'I') && (t[1] == 'd' || t[1] == 'D');
  }

  /// What a column expects, from its header, for the message about an error value.
  std::string expected_in(std::string_view header) const {
    const auto h = std::string(trim(header));
    std::string lower;
    for (const char ch : h) lower += static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
    if (scheme_ != nullptr) {
      if (const auto k = scheme_->find_criterion(h); k >= 0)
        return scheme_->criteria[static_cast<std::size_t>(k)].input == input_kind::yes_no
                   ? "yes or no for criterion " + h
                   : "a number for criterion " + h;
    }
    if (lower == "bonus" || lower == "deduction" || lower == "value") return "a number in column " + h;
    if (lower.starts_with("flag:")) return "yes or no in column " + h;
    if (lower == "id") return "a subject id";
    return h.empty() ? std::string("a value") : "a value in column " + h;
  }

  std::optional<worksheet_csv> to_csv() {
    worksheet_csv result{file_, sheet_name_, {}, {}};
    // The header row: the first with a cell `id`, else the first with anything (the CSV
    // reader then says the id column is missing).
    auto header = std::find_if(rows_.begin(), rows_.end(), [](const row_entry& r) {
      return std::any_of(r.cells.begin(), r.cells.end(), [](const cell_entry& c) { return is_id(c.text); });
    });
    if (header == rows_.end()) header = rows_.begin();
    const std::uint32_t header_row = header == rows_.end() ? 1 : header->number;

    std::uint32_t width = 0;
    for (auto r = header; r != rows_.end(); ++r) width = std::max(width, r->cells.back().column);
    for (const auto& p : problems_)
      if (p.row >= header_row) width = std::max(width, p.column);

    // Cell problems from the header row on (a title above it is not read).
    std::vector<std::string> header_texts(width + 1);
    if (header != rows_.end())
      for (const auto& c : header->cells) header_texts[c.column] = c.text;
    for (const auto& p : problems_) {
      if (p.row < header_row) continue;
      const source_position where{file_, p.row, p.column, sheet_name_};
      if (p.formula)
        out_.add(make_diagnostic(errc::formula_without_value, where, p.text));
      else
        out_.add(make_diagnostic(errc::cell_error_value, where, p.text, expected_in(header_texts[p.column])));
      result.reported_cells.emplace_back(p.row, p.column);
    }

    // Size first: a sheet of a few cells in far columns would be huge as padded CSV.
    std::uint64_t size = header_row;
    for (auto r = header; r != rows_.end(); ++r) {
      size += width + 1;
      for (const auto& c : r->cells) size += c.text.size() + 2;
    }
    if (size > xlsx_limit_settings().max_part_bytes)
      return bad("sheet " + sheet_name_ + " would take " + std::to_string(size) +
                     " bytes as text, more than the limit of " + std::to_string(xlsx_limit_settings().max_part_bytes),
                 true);

    std::string& csv = result.csv;
    csv.reserve(static_cast<std::size_t>(size));
    csv.append(header_row - 1, '\n');
    std::uint32_t line = header_row;
    for (auto r = header; r != rows_.end(); ++r) {
      csv.append(r->number - line, '\n');  // rows without data
      std::uint32_t column = 1;
      for (const auto& c : r->cells) {
        csv.append(c.column - column, ',');
        column = c.column;
        append_cell(csv, c.text);
      }
      csv.append(width - column, ',');
      csv += '\n';
      line = r->number + 1;
    }
    return result;
  }

  /// A cell as CSV: quoted when it holds a delimiter, a quote or a line break.
  static void append_cell(std::string& csv, std::string_view text) {
    if (text.find_first_of(",;\t\"\r\n") == std::string_view::npos) {
      csv += text;
      return;
    }
    csv += '"';
    for (const char ch : text) {
      if (ch == '"') csv += '"';
      csv += ch;
    }
    csv += '"';
  }

  const workbook_path& workbook_;
  std::string file_;
  diagnostics& out_;
  const scheme* scheme_;
  zip_archive zip_;
  std::string workbook_part_, shared_strings_part_, sheet_name_;
  std::vector<sheet_entry> sheets_;
  std::vector<std::string> shared_strings_;
  std::vector<row_entry> rows_;
  std::vector<cell_problem> problems_;
};

bool has_workbook_extension(const fs::path& file) {
  const auto ext = file.extension().string();
  if (ext.size() != 5) return false;
  std::string lower;
  for (const char ch : ext) lower += static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
  return lower == ".xlsx";
}

bool starts_like_zip(const fs::path& file) { return starts_with(file, "PK\x03\x04"); }

}  // namespace

xlsx_limits& xlsx_limit_settings() noexcept {
  static xlsx_limits limits;
  return limits;
}

std::string excel_number_text(std::string_view stored) {
  const auto t = trim(stored);
  double value = 0;
  const auto parsed = fast_float::from_chars(t.data(), t.data() + t.size(), value);
  if (t.empty() || parsed.ec != std::errc() || parsed.ptr != t.data() + t.size() || !std::isfinite(value))
    return std::string(stored);
  if (value == 0) return "0";  // "-0" too
  // 15 significant digits, rounded as Excel rounds them for display.
  char buffer[64];
  const auto printed = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific, 14);
  std::string_view s(buffer, static_cast<std::size_t>(printed.ptr - buffer));  // [-]d.dddddddddddddde±XX
  std::string out;
  if (s.front() == '-') {
    out += '-';
    s.remove_prefix(1);
  }
  const auto e = s.find('e');
  std::string digits(1, s[0]);
  digits += s.substr(2, e - 2);
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  auto exponent_text = s.substr(e + 1);
  const bool negative_exponent = exponent_text.front() == '-';
  exponent_text.remove_prefix(1);
  int exponent = 0;
  std::from_chars(exponent_text.data(), exponent_text.data() + exponent_text.size(), exponent);
  if (negative_exponent) exponent = -exponent;

  if (exponent >= 20 || exponent < -20) {  // as Excel's General format: 1.5E+300
    out += digits[0];
    if (digits.size() > 1) out += "." + digits.substr(1);
    out += exponent < 0 ? "E-" : "E+";
    out += (std::abs(exponent) < 10 ? "0" : "") + std::to_string(std::abs(exponent));
    return out;
  }
  if (exponent < 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-exponent - 1), '0');
    out += digits;
    return out;
  }
  const auto whole = static_cast<std::size_t>(exponent) + 1;
  if (digits.size() <= whole) {
    out += digits;
    out.append(whole - digits.size(), '0');
  } else {
    out += digits.substr(0, whole);
    out += '.';
    out += digits.substr(whole);
  }
  return out;
}

std::optional<workbook_path> as_workbook(const fs::path& given) {
  std::error_code ec;
  if (fs::exists(given, ec)) {
    if (!fs::is_regular_file(given, ec)) return std::nullopt;
    if (has_workbook_extension(given) || starts_like_zip(given)) return workbook_path{given, {}};
    return std::nullopt;
  }
  // file.xlsx!Sheet: the part before the last '!' must be a workbook file.
  const auto text = given.string();
  const auto bang = text.rfind('!');
  if (bang == std::string::npos) return std::nullopt;
  const fs::path file = text.substr(0, bang);
  if (!fs::is_regular_file(file, ec) || !(has_workbook_extension(file) || starts_like_zip(file))) return std::nullopt;
  return workbook_path{file, text.substr(bang + 1)};
}

std::optional<worksheet_csv> read_worksheet_csv(const workbook_path& workbook, diagnostics& out, const scheme* s) {
  workbook_reader reader(workbook, out, s);
  auto result = reader.run();
  return result;
}

std::optional<std::string> parse_worksheet(
    const workbook_path& workbook, diagnostics& out,
    const std::function<bool(std::string_view csv, const std::string& file_name, diagnostics& found)>& parse,
    const scheme* s) {
  const std::size_t before = out.count();
  auto worksheet = read_worksheet_csv(workbook, out, s);
  if (!worksheet) return std::nullopt;

  diagnostics found;
  const bool ok = parse(worksheet->csv, worksheet->file, found);
  const auto& reported = worksheet->reported_cells;
  for (auto d : found.items()) {
    // An error cell was written empty: the reader's "missing value" there says it twice.
    const bool twice = std::find(reported.begin(), reported.end(), std::pair{d.where.line, d.where.column}) !=
                       reported.end();
    if (twice) continue;
    if (d.where.file == worksheet->file) d.where.sheet = worksheet->sheet;
    out.add(std::move(d));
  }
  for (std::size_t k = found.items().size(); k < found.count(); ++k) out.add(diagnostic{});  // counted past the limit
  if (!ok || out.count() > before) return std::nullopt;
  return worksheet->sheet;
}

std::optional<sheet> load_workbook_sheet(const scheme& s, const workbook_path& workbook, diagnostics& out,
                                         const sheet_options& options) {
  std::optional<sheet> result;
  const auto name = parse_worksheet(
      workbook, out,
      [&](std::string_view csv, const std::string& file, diagnostics& found) {
        result = parse_sheet(s, csv, file, found, options);
        return result.has_value();
      },
      &s);
  if (!name) return std::nullopt;
  result->file = workbook.file.string() + "!" + *name;
  return result;
}

}  // namespace thidua::detail
