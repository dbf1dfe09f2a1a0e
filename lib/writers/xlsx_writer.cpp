// The council's workbook (Bảng tổng hợp kết quả chấm điểm, xếp loại thi đua) with
// libxlsxwriter: one sheet per emulation block, the proposed titles, and the scheme itself so
// that the file explains itself. The blank score sheet is in xlsx_template.cpp. Layout and
// limits: docs/xlsx-output.md.
//
// libxlsxwriter writes only to a path, so the workbook goes to a private temporary file whose
// bytes are then copied to the stream. It runs in constant_memory mode: each row is flushed
// when the next begins, so a country-size ranking streams (rows must be written in order,
// which is why every sheet below is written strictly top to bottom).
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <xlsxwriter.h>

#include "core/text.hpp"
#include "engine/ordering.hpp"
#include "thidua/report.hpp"
#include "writers/labels.hpp"
#include "writers/xlsx_common.hpp"

namespace thidua {
namespace detail {
namespace xlsx {

void fail(const std::string& why) {
  throw input_error(make_diagnostic(errc::cannot_write, source_position{"workbook (.xlsx)", 0, 0},
                                    std::string("workbook (.xlsx)"), why));
}

std::string first_chars(std::string_view text, std::size_t n) {
  std::size_t at = 0, chars = 0;
  while (at < text.size() && chars < n) {
    ++at;
    while (at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0U) == 0x80U) ++at;  // continuation bytes
    ++chars;
  }
  return std::string(text.substr(0, at));
}

std::string cell_text(std::string_view text) {
  constexpr std::size_t excel_max = 32767;  // LXW_STR_MAX
  return text.size() <= excel_max ? std::string(text) : first_chars(text, excel_max);
}

temp_file::temp_file() {
  std::error_code ec;
  const auto dir = std::filesystem::temp_directory_path(ec);
  if (ec) fail("no temporary directory: " + ec.message());
  std::string pattern = (dir / "thidua-xlsx-XXXXXX").string();
  const int fd = ::mkstemp(pattern.data());
  if (fd < 0) fail("cannot create a temporary file in " + dir.string() + ": " + std::strerror(errno));
  ::close(fd);
  path_ = pattern;
  dir_ = dir.string();
}

temp_file::~temp_file() {
  std::error_code ignored;
  std::filesystem::remove(path_, ignored);
}

void temp_file::copy_to(std::ostream& out) const {
  std::ifstream in(path_, std::ios::binary);
  if (!in) fail("cannot read back " + path_);
  out << in.rdbuf();
  if (!out) fail("the output stream failed");
}

workbook::workbook(const temp_file& file, bool constant_memory, bool zip64) : tmpdir_(file.dir()) {
  lxw_workbook_options options{};
  options.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE;
  options.tmpdir = tmpdir_.data();
  options.use_zip64 = zip64 ? LXW_TRUE : LXW_FALSE;
  wb_ = workbook_new_opt(file.path().c_str(), &options);
  if (!wb_) fail("workbook_new_opt failed");
}

workbook::~workbook() {
  if (wb_) lxw_workbook_free(wb_);
}

void workbook::properties(const std::string& title, const std::string& subject) {
  std::string t = title, sub = subject, author = "thidua";
  lxw_doc_properties p{};
  p.title = t.data();
  p.subject = sub.data();
  p.author = author.data();
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch && *epoch)
    p.created = static_cast<time_t>(std::strtoll(epoch, nullptr, 10));
  check(workbook_set_properties(wb_, &p), "workbook_set_properties");  // copies the strings
}

void workbook::close() {
  lxw_workbook* wb = wb_;
  wb_ = nullptr;  // workbook_close frees it, even when it fails
  check(workbook_close(wb), "workbook_close");
}

void sheet_names::reserve(std::string_view name) { reserved_.push_back(fold_case(name)); }

bool sheet_names::taken(const std::string& folded) const {
  return std::find(used_.begin(), used_.end(), folded) != used_.end() ||
         std::find(reserved_.begin(), reserved_.end(), folded) != reserved_.end();
}

std::string sheet_names::make(std::string_view wanted, bool owner) {
  constexpr std::size_t excel_max = 31;  // LXW_SHEETNAME_MAX
  std::string clean;
  for (char c : wanted) clean += std::string_view("[]:*?/\\").find(c) == std::string_view::npos ? c : '-';
  const auto trim = [](std::string& t) {
    while (!t.empty() && (t.front() == ' ' || t.front() == '\'')) t.erase(t.begin());
    while (!t.empty() && (t.back() == ' ' || t.back() == '\'')) t.pop_back();
  };
  trim(clean);
  if (clean.empty()) clean = "Khối";
  std::string name = first_chars(clean, excel_max);
  trim(name);
  std::string folded = fold_case(name);
  // The sheet a name was reserved for takes it.
  if (const auto it = std::find(reserved_.begin(), reserved_.end(), folded); owner && it != reserved_.end()) {
    reserved_.erase(it);
    used_.push_back(folded);
    return name;
  }
  for (int n = 2; taken(folded); ++n) {
    const std::string suffix = " (" + std::to_string(n) + ")";
    std::string base = first_chars(clean, excel_max - suffix.size());
    trim(base);
    name = base + suffix;
    folded = fold_case(name);
  }
  used_.push_back(folded);
  return name;
}

}  // namespace xlsx

// Exposed (undeclared in public headers) so that a test can split a block after a few rows
// instead of a million.
void write_xlsx_split(std::ostream& out, const ranking& r, const awards* titles, std::size_t rows_per_sheet);

namespace {

using xlsx::cell_text;
using xlsx::check;

constexpr std::string_view workbook_title = "Bảng tổng hợp kết quả chấm điểm, xếp loại thi đua";
constexpr std::string_view sheet_ranking = "Xếp hạng";
constexpr std::string_view sheet_titles = "Danh hiệu đề nghị";
constexpr std::string_view sheet_scheme = "Thang điểm";
constexpr lxw_row_t header_row = 3;  // title, scheme, block lines above it
constexpr lxw_row_t first_data_row = header_row + 1;
constexpr std::size_t max_block_sheets = 250;

enum class col_kind {
  seq,
  id,
  name,
  block,
  criterion,
  family,
  bonus,
  deduction,
  total,
  self,
  difference,
  class_,
  rank,
  titles,
  notes
};

struct column {
  col_kind kind;
  std::size_t index = 0;  // criterion or family
  std::string header;
  double width = 10;
  lxw_format* format = nullptr;  // number format of the data cells
};

// "0.00" for precision 2, "0" for 0.
std::string fixed_format(int places) {
  return places <= 0 ? std::string("0") : "0." + std::string(static_cast<std::size_t>(places), '0');
}

struct formats {
  lxw_format* title = nullptr;
  lxw_format* subtitle = nullptr;
  lxw_format* header = nullptr;
  lxw_format* published = nullptr;  // the scheme's precision
  lxw_format* points = nullptr;     // criterion points: the precision, up to 4 decimals if needed
  lxw_format* whole = nullptr;
  lxw_format* money = nullptr;
  lxw_format* multiple = nullptr;
  lxw_format* bold = nullptr;

  formats(lxw_workbook* wb, int precision) {
    title = workbook_add_format(wb);
    format_set_bold(title);
    format_set_font_size(title, 14);
    subtitle = workbook_add_format(wb);
    format_set_italic(subtitle);
    header = workbook_add_format(wb);
    format_set_bold(header);
    format_set_text_wrap(header);
    format_set_align(header, LXW_ALIGN_CENTER);
    format_set_align(header, LXW_ALIGN_VERTICAL_CENTER);
    format_set_bg_color(header, 0xDDEBF7);
    format_set_border(header, LXW_BORDER_THIN);
    published = workbook_add_format(wb);
    format_set_num_format(published, fixed_format(precision).c_str());
    points = workbook_add_format(wb);
    const std::string extra(static_cast<std::size_t>(std::max(0, decimal::digits - precision)), '#');
    format_set_num_format(points, precision <= 0 ? "0.####" : (fixed_format(precision) + extra).c_str());
    whole = workbook_add_format(wb);
    format_set_num_format(whole, "0");
    money = workbook_add_format(wb);
    format_set_num_format(money, "#,##0");
    multiple = workbook_add_format(wb);
    format_set_num_format(multiple, "0.0###");
    bold = workbook_add_format(wb);
    format_set_bold(bold);
  }
};

// Writes cells of one sheet; every call checked.
class sheet_writer {
 public:
  explicit sheet_writer(lxw_worksheet* ws) : ws_(ws) {}
  lxw_worksheet* get() const noexcept { return ws_; }
  void text(lxw_row_t row, lxw_col_t col, std::string_view value, lxw_format* f = nullptr) {
    if (value.empty() && !f) return;
    const std::string s = cell_text(value);
    check(worksheet_write_string(ws_, row, col, s.c_str(), f), "worksheet_write_string");
  }
  void number(lxw_row_t row, lxw_col_t col, double value, lxw_format* f = nullptr) {
    check(worksheet_write_number(ws_, row, col, value, f), "worksheet_write_number");
  }
  void number(lxw_row_t row, lxw_col_t col, decimal value, lxw_format* f) { number(row, col, value.to_double(), f); }
  void width(lxw_col_t first, lxw_col_t last, double w) {
    check(worksheet_set_column(ws_, first, last, w, nullptr), "worksheet_set_column");
  }

 private:
  lxw_worksheet* ws_;
};

lxw_col_t col_of(std::size_t k) { return static_cast<lxw_col_t>(k); }
lxw_row_t row_of(std::size_t k) { return static_cast<lxw_row_t>(k); }

std::string title_names(const awards& a, std::size_t unit) {
  std::string out;
  for (std::size_t t : a.titles_of(subject_kind::unit, unit)) {
    const title_rule& rule = a.scheme().titles[t];
    out += (out.empty() ? "" : "; ") + (rule.name.empty() ? rule.id : rule.name);
  }
  return out;
}

// The block sheets' columns, in the order the council reads them.
std::vector<column> block_columns(const ranking& r, const awards* titles, bool has_self, bool block_column,
                                  const formats& fm) {
  const scheme& s = r.scheme();
  std::vector<column> cols = {{col_kind::seq, 0, "STT", 6, fm.whole},
                              {col_kind::id, 0, std::string(label_id), 10, nullptr},
                              {col_kind::name, 0, std::string(label_name), 36, nullptr}};
  if (block_column) cols.push_back({col_kind::block, 0, std::string(label_block), 16, nullptr});
  for (std::size_t f = 0; f < s.families.size(); ++f) {
    if (r.keeps_criterion_points())
      for (std::size_t c : s.families[f].criteria)
        cols.push_back({col_kind::criterion, c, s.criteria[c].id, 8, fm.points});
    cols.push_back({col_kind::family, f, short_family_name(s.families[f]), 14, fm.published});
  }
  if (s.bonus_max) cols.push_back({col_kind::bonus, 0, std::string(label_bonus), 9, fm.published});
  if (s.deduction_max) cols.push_back({col_kind::deduction, 0, std::string(label_deduction), 9, fm.published});
  cols.push_back({col_kind::total, 0, std::string(label_total), 11, fm.published});
  if (has_self) {
    cols.push_back({col_kind::self, 0, std::string(label_self), 11, fm.published});
    cols.push_back({col_kind::difference, 0, std::string(label_difference), 11, fm.published});
  }
  cols.push_back({col_kind::class_, 0, std::string(label_class), 30, nullptr});
  cols.push_back({col_kind::rank, 0, std::string(label_rank), 7, fm.whole});
  if (titles) cols.push_back({col_kind::titles, 0, std::string(label_titles), 30, nullptr});
  cols.push_back({col_kind::notes, 0, std::string(label_notes), 40, nullptr});
  return cols;
}

struct block_sheets {
  const ranking& r;
  const awards* titles;
  const formats& fm;
  std::vector<column> cols;
  xlsx::sheet_names& names;
  lxw_workbook* wb;
  std::size_t rows_per_sheet;
  bool block_column = false;  // every block on one sheet series
  std::size_t block_count = 0;

  // Title lines and the frozen, filtered header of one sheet of a block.
  sheet_writer start(const std::string& block, std::size_t part, std::size_t count) {
    const std::string wanted = part == 1 ? block : block + " (" + std::to_string(part) + ")";
    const std::string name = names.make(wanted);
    lxw_worksheet* ws = workbook_add_worksheet(wb, name.c_str());
    if (!ws) xlsx::fail("workbook_add_worksheet(" + name + ")");
    sheet_writer w(ws);
    const scheme& s = r.scheme();
    w.text(0, 0, workbook_title, fm.title);
    std::string line = s.title.empty() ? s.id : s.title;
    if (s.year) line += fmt::format(" — năm {}", s.year);
    w.text(1, 0, line, fm.subtitle);
    const std::string part_text = part > 1 ? fmt::format(" (phần {})", part) : std::string();
    if (block_column)
      w.text(2, 0, fmt::format("{} khối thi đua — {} {}{}", block_count, count, label_units, part_text));
    else
      w.text(2, 0, fmt::format("{}: {} — {} {}{}", label_block, block, count, label_units, part_text));
    for (std::size_t k = 0; k < cols.size(); ++k) {
      w.width(col_of(k), col_of(k), cols[k].width);
      w.text(header_row, col_of(k), cols[k].header, fm.header);
    }
    worksheet_freeze_panes(ws, first_data_row, 3);  // header and STT, Mã, Tên stay in view
    return w;
  }

  void row(sheet_writer& w, lxw_row_t at, std::size_t seq, std::size_t i) {
    const scheme& s = r.scheme();
    const int p = s.precision;
    std::span<const sheet::value_type> values;
    if (r.keeps_criterion_points()) values = ranking_access::values(r, i);
    const auto self = r.self_total(i);
    for (std::size_t k = 0; k < cols.size(); ++k) {
      const column& c = cols[k];
      const lxw_col_t col = col_of(k);
      switch (c.kind) {
        case col_kind::seq:
          w.number(at, col, static_cast<double>(seq), c.format);
          break;
        case col_kind::id:
          w.text(at, col, r.id(i));
          break;
        case col_kind::name:
          w.text(at, col, r.name(i));
          break;
        case col_kind::block:
          w.text(at, col, r.group(i));
          break;
        case col_kind::criterion: {
          const criterion_score cs = score_criterion(s, s.criteria[c.index], values[c.index]);
          if (cs.applied == criterion_score::rule::not_applicable)
            w.text(at, col, "N/A");
          else
            w.number(at, col, cs.points, c.format);
          break;
        }
        case col_kind::family:
          w.number(at, col, r.family(i, c.index), c.format);
          break;
        case col_kind::bonus:
          w.number(at, col, r.bonus_counted(i), c.format);
          break;
        case col_kind::deduction:
          w.number(at, col, r.deduction_counted(i), c.format);
          break;
        case col_kind::total:
          w.number(at, col, r.total(i), c.format);
          break;
        case col_kind::self:
          if (self) w.number(at, col, *self, c.format);
          break;
        case col_kind::difference:
          if (self) w.number(at, col, (r.total(i) - *self).rounded(p, s.round), c.format);
          break;
        case col_kind::class_:
          w.text(at, col, class_label(r, i));
          break;
        case col_kind::rank:
          if (r.status(i) == standing::ranked) w.number(at, col, static_cast<double>(r.rank(i)), c.format);
          break;
        case col_kind::titles:
          w.text(at, col, title_names(*titles, i));
          break;
        case col_kind::notes:
          w.text(at, col, notes(r, i));
          break;
      }
    }
  }

  // Count per class under the last row of the block.
  void summary(sheet_writer& w, lxw_row_t at, const std::vector<std::size_t>& per_class, std::size_t excluded,
               std::size_t count) {
    const scheme& s = r.scheme();
    w.text(at, 2, "Tổng hợp xếp loại", fm.bold);
    w.text(at, 3, "Số lượng", fm.bold);
    for (std::size_t k = 0; k < s.classes.size(); ++k) {
      ++at;
      w.text(at, 2, s.classes[k].name.empty() ? s.classes[k].id : s.classes[k].name);
      w.number(at, 3, static_cast<double>(per_class[k]), fm.whole);
    }
    if (excluded > 0) {
      ++at;
      w.text(at, 2, label_excluded);
      w.number(at, 3, static_cast<double>(excluded), fm.whole);
    }
    ++at;
    w.text(at, 2, "Tổng số", fm.bold);
    w.number(at, 3, static_cast<double>(count), fm.whole);
  }

  // Rows order[at, end) of one block, on as many sheets as Excel's row limit needs.
  void write(const std::string& block, std::span<const std::size_t> rows) {
    const scheme& s = r.scheme();
    std::vector<std::size_t> per_class(s.classes.size(), 0);
    std::size_t excluded = 0, done = 0;
    const std::size_t parts = std::max<std::size_t>(1, (rows.size() + rows_per_sheet - 1) / rows_per_sheet);
    for (std::size_t part = 1; part <= parts; ++part) {
      const std::size_t n = std::min(rows_per_sheet, rows.size() - done);
      sheet_writer w = start(block, part, rows.size());
      for (std::size_t k = 0; k < n; ++k) {
        const std::size_t i = rows[done + k];
        row(w, first_data_row + row_of(k), done + k + 1, i);
        if (r.status(i) == standing::excluded)
          ++excluded;
        else
          ++per_class[static_cast<std::size_t>(r.class_index(i))];
      }
      const lxw_row_t last = n == 0 ? first_data_row : first_data_row + row_of(n) - 1;
      check(worksheet_autofilter(w.get(), header_row, 0, last, col_of(cols.size() - 1)), "worksheet_autofilter");
      done += n;
      if (part == parts) summary(w, last + 2, per_class, excluded, rows.size());
    }
  }
};

// The proposal: one summary line per title, then each title's list of holders.
void write_titles_sheet(lxw_workbook* wb, xlsx::sheet_names& names, const awards& a, const formats& fm) {
  const scheme& s = a.scheme();
  const std::string name = names.make(sheet_titles, true);
  lxw_worksheet* ws = workbook_add_worksheet(wb, name.c_str());
  if (!ws) xlsx::fail("workbook_add_worksheet(" + name + ")");
  sheet_writer w(ws);
  const double widths[] = {8, 14, 36, 24, 30, 12, 14, 14, 14, 14, 16};
  for (std::size_t k = 0; k < std::size(widths); ++k) w.width(col_of(k), col_of(k), widths[k]);

  std::string heading = "Danh hiệu thi đua đề nghị";
  if (s.year) heading += fmt::format(" năm {}", s.year);
  w.text(0, 0, heading, fm.title);
  if (s.base_salary > 0) {
    w.text(1, 0, "Lương cơ sở (đ)", fm.subtitle);
    w.number(1, 1, static_cast<double>(s.base_salary), fm.money);
  }
  lxw_row_t at = 3;
  const std::vector<std::string> head = {
      "STT",          "Mã",       "Danh hiệu",    "Đối tượng",      "Hạn ngạch",      "Số lượng",
      "Đủ điều kiện", "Giới hạn", "Hệ số thưởng", "Mức thưởng (đ)", "Tổng thưởng (đ)"};
  for (std::size_t k = 0; k < head.size(); ++k) w.text(at, col_of(k), head[k], fm.header);

  struct title_list {
    std::size_t t;
    std::vector<std::size_t> holders;
  };
  std::vector<title_list> lists;
  std::int64_t grand = 0;
  std::size_t seq = 0;
  for (std::size_t t = 0; t < s.titles.size(); ++t) {
    const title_rule& rule = s.titles[t];
    if (!rule.in_force) continue;
    const subject_kind kind = rule.subject == title_subject::unit ? subject_kind::unit : subject_kind::member;
    lists.push_back({t, a.holders(t)});
    const auto& holders = lists.back().holders;
    std::int64_t total = 0;
    for (std::size_t i : holders) total += a.paid(kind, i, t) ? a.reward_amount(t) : 0;
    grand += total;
    ++at;
    w.number(at, 0, static_cast<double>(++seq), fm.whole);
    w.text(at, 1, rule.id);
    w.text(at, 2, rule.name);
    w.text(at, 3, rule.subject == title_subject::unit ? "tập thể" : "cá nhân");
    w.number(at, 5, static_cast<double>(holders.size()), fm.whole);
    if (rule.quota) {
      std::uint32_t candidates = 0, limit = 0;
      for (const auto& sc : a.quota_scopes(t)) {
        candidates += sc.candidates;
        limit += sc.limit;
      }
      w.text(at, 4, detail::quota_text(*rule.quota));
      w.number(at, 6, static_cast<double>(candidates), fm.whole);
      w.number(at, 7, static_cast<double>(limit), fm.whole);
    }
    if (rule.reward) w.number(at, 8, *rule.reward, fm.multiple);
    if (s.base_salary > 0 && rule.reward) {
      w.number(at, 9, static_cast<double>(a.reward_amount(t)), fm.money);
      w.number(at, 10, static_cast<double>(total), fm.money);
    }
  }
  ++at;
  w.text(at, 2, "Tổng cộng", fm.bold);
  if (s.base_salary > 0) w.number(at, 10, static_cast<double>(grand), fm.money);
  if (s.rewards == scheme::reward_rule::highest && s.base_salary > 0)
    w.text(++at, 2, "Mỗi đối tượng nhận mức thưởng của danh hiệu cao nhất.", fm.subtitle);

  for (const auto& list : lists) {
    const title_rule& rule = s.titles[list.t];
    const subject_kind kind = rule.subject == title_subject::unit ? subject_kind::unit : subject_kind::member;
    const ranking* rating = kind == subject_kind::unit ? &a.subjects() : a.member_ranking();
    at += 2;
    w.text(at, 0,
           fmt::format("Danh sách đề nghị: {} ({}) — {} {}", rule.name, rule.id, list.holders.size(),
                       kind == subject_kind::unit ? "tập thể" : "cá nhân"),
           fm.bold);
    if (!rule.source.empty()) w.text(++at, 0, "Căn cứ: " + rule.source, fm.subtitle);
    ++at;
    const std::vector<std::string> cols = {
        "STT", "Mã", "Tên", kind == subject_kind::unit ? "Khối" : "Đơn vị", "Xếp loại", "Tổng điểm", "Tiền thưởng (đ)"};
    for (std::size_t k = 0; k < cols.size(); ++k) w.text(at, col_of(k), cols[k], fm.header);
    std::size_t n = 0;
    for (std::size_t i : list.holders) {
      ++at;
      w.number(at, 0, static_cast<double>(++n), fm.whole);
      const bool unit = kind == subject_kind::unit;
      w.text(at, 1, unit ? a.subjects().id(i) : a.member_id(i));
      w.text(at, 2, unit ? a.subjects().name(i) : a.member_name(i));
      w.text(at, 3, unit ? a.subjects().group(i) : a.member_unit(i));
      const std::ptrdiff_t row = unit ? static_cast<std::ptrdiff_t>(i) : a.member_row(i);
      if (rating && row >= 0) {
        const auto rr = static_cast<std::size_t>(row);
        w.text(at, 4, class_label(*rating, rr));
        w.number(at, 5, rating->total(rr), fm.published);
      } else {
        w.text(at, 4, "(chưa đánh giá)");
      }
      w.number(at, 6, static_cast<double>(a.paid(kind, i, list.t) ? a.reward_amount(list.t) : 0), fm.money);
    }
  }
}

std::string_view input_word(input_kind k) {
  switch (k) {
    case input_kind::points:
      return "điểm";
    case input_kind::percent:
      return "tỷ lệ %";
    case input_kind::count:
      return "số lượng";
    case input_kind::yes_no:
      return "có/không";
    case input_kind::failures:
      return "số lần vi phạm";
  }
  return "";
}

// How a criterion's value becomes points, in a few words.
std::string rule_text(const criterion& c) {
  std::string out;
  if (!c.tiers.empty()) {
    for (const tier& t : c.tiers)
      out += fmt::format("{}{} {} → {} điểm", out.empty() ? "" : "; ", c.lower_is_better ? "≤" : "≥",
                         t.threshold.to_short_string(), t.points.to_short_string());
    out += "; còn lại → 0 điểm";
  } else if (c.linear) {
    out = fmt::format("tuyến tính: {} → tối đa, {} → 0 điểm", c.linear->full.to_short_string(),
                      c.linear->zero.to_short_string());
  } else if (c.input == input_kind::yes_no) {
    out = "có → tối đa, không → 0 điểm";
  } else if (c.input == input_kind::failures && c.per_failure) {
    out = fmt::format(
        "mỗi lần vi phạm trừ {} điểm tối đa",
        mul_div(*c.per_failure, decimal::from_int(100), decimal::from_int(1), rounding::half_up).to_short_string() +
            "%");
  }
  if (c.reserved) out += (out.empty() ? "" : "; ") + std::string("chỉ cấp trên chấm");
  return out;
}

// The scheme: settings, families, criteria, vetoes and classes.
void write_scheme_sheet(lxw_workbook* wb, xlsx::sheet_names& names, const scheme& s, const formats& fm) {
  const std::string name = names.make(sheet_scheme, true);
  lxw_worksheet* ws = workbook_add_worksheet(wb, name.c_str());
  if (!ws) xlsx::fail("workbook_add_worksheet(" + name + ")");
  sheet_writer w(ws);
  const double widths[] = {24, 50, 16, 14, 12, 12, 16, 50};
  for (std::size_t k = 0; k < std::size(widths); ++k) w.width(col_of(k), col_of(k), widths[k]);
  w.text(0, 0, "Thang điểm thi đua", fm.title);

  lxw_row_t at = 1;
  const auto setting = [&](std::string_view key, std::string_view value) {
    if (value.empty()) return;
    w.text(++at, 0, key, fm.bold);
    w.text(at, 1, value);
  };
  const auto setting_number = [&](std::string_view key, double value, lxw_format* f) {
    w.text(++at, 0, key, fm.bold);
    w.number(at, 1, value, f);
  };
  setting("Mã thang điểm", s.id);
  setting("Tên", s.title);
  setting("Đối tượng", s.subject == "member" ? "cá nhân" : "tập thể");
  if (s.year) setting_number("Năm", s.year, fm.whole);
  setting_number("Thang điểm", s.scale.to_double(), fm.points);
  setting_number("Số chữ số thập phân", s.precision, fm.whole);
  const std::string_view round_word = s.round == rounding::half_up     ? "0,5 làm tròn lên"
                                      : s.round == rounding::half_even ? "0,5 làm tròn về số chẵn"
                                      : s.round == rounding::down      ? "làm tròn xuống"
                                                                       : "làm tròn lên";
  setting("Làm tròn", fmt::format("{} ({})", round_word, to_string(s.round)));
  setting("Hiệu lực từ", s.effective);
  setting("Căn cứ", s.source);
  if (s.bonus_max) setting_number("Điểm thưởng tối đa", s.bonus_max->to_double(), fm.points);
  if (s.deduction_max) setting_number("Điểm trừ tối đa", s.deduction_max->to_double(), fm.points);
  setting("Tiêu chí không áp dụng (N/A)", s.not_applicable.at == na_rule::level::family ? "tính lại theo nhóm tiêu chí"
                                          : s.not_applicable.at == na_rule::level::scale
                                              ? "tính lại theo toàn thang điểm"
                                              : "tính điểm tối đa");
  setting("Ô để trống", s.missing == missing_rule::zero ? "tính 0 điểm" : "không được để trống");
  std::string order;
  for (const auto& k : s.order) order += (order.empty() ? "" : " → ") + key_label(s, k);
  setting("Thứ tự xếp hạng", order);
  setting("Đồng hạng", s.ties == tie_rule::competition ? "1, 2, 2, 4" : "1, 2, 2, 3");

  const auto table_header = [&](std::string_view heading, const std::vector<std::string>& cols) {
    at += 2;
    w.text(at, 0, heading, fm.bold);
    ++at;
    for (std::size_t k = 0; k < cols.size(); ++k) w.text(at, col_of(k), cols[k], fm.header);
  };

  table_header("Nhóm tiêu chí", {"Mã", "Tên", "Trọng số (điểm)", "Tổng điểm tối đa", "Số tiêu chí"});
  for (std::size_t f = 0; f < s.families.size(); ++f) {
    const family& fa = s.families[f];
    w.text(++at, 0, fa.id);
    w.text(at, 1, fa.name);
    w.number(at, 2, family_share(s, f), fm.points);
    w.number(at, 3, fa.max, fm.points);
    w.number(at, 4, static_cast<double>(fa.criteria.size()), fm.whole);
  }

  table_header("Tiêu chí", {"Mã", "Tên", "Nhóm", "Cách nhập", "Điểm tối đa", "Bước điểm", "Tỷ trọng trên thang",
                            "Quy tắc tính điểm"});
  for (const criterion& c : s.criteria) {
    w.text(++at, 0, c.id);
    w.text(at, 1, c.name);
    w.text(at, 2, c.family);
    w.text(at, 3, input_word(c.input));
    w.number(at, 4, c.max, fm.points);
    if (c.step) w.number(at, 5, *c.step, fm.points);
    const decimal family_max = s.families[c.family_index].max;
    if (family_max.units() > 0)
      w.number(at, 6, mul_div(c.max, family_share(s, c.family_index), family_max, rounding::half_up), fm.points);
    w.text(at, 7, rule_text(c));
  }

  if (!s.vetoes.empty()) {
    table_header("Điều kiện hạ loại, không xét", {"Mã", "Tên", "Cột cờ", "Tác động"});
    for (const veto& v : s.vetoes) {
      w.text(++at, 0, v.id);
      w.text(at, 1, v.name);
      w.text(at, 2, "flag:" + (v.flag.empty() ? v.id : v.flag));
      if (v.exclude)
        w.text(at, 3, label_excluded);
      else if (v.cap_class)
        w.text(at, 3, "tối đa " + s.classes[v.cap_class_index].name);
    }
  }

  table_header("Xếp loại", {"Mã", "Tên", "Điểm tối thiểu", "Điều kiện theo nhóm", "Tỷ lệ tối đa"});
  for (const class_def& k : s.classes) {
    w.text(++at, 0, k.id);
    w.text(at, 1, k.name);
    w.number(at, 2, k.min, fm.published);
    std::string minimums;
    for (const auto& m : k.min_family)
      minimums += (minimums.empty() ? "" : "; ") + short_family_name(s.families[m.family_index]) + " ≥ " +
                  m.min.to_short_string();
    w.text(at, 3, minimums);
    if (k.quota)
      w.text(at, 4,
             fmt::format("≤ {} × số {} ({})", k.quota->max.to_short_string(), k.quota->of,
                         k.quota->per == class_quota::scope::group ? "mỗi khối" : "toàn bộ"));
  }
}

}  // namespace

void write_xlsx_split(std::ostream& out, const ranking& r, const awards* titles, std::size_t rows_per_sheet) {
  if (rows_per_sheet == 0) throw std::invalid_argument("write_xlsx: rows_per_sheet must be positive");
  if (titles && &titles->subjects() != &r)
    throw std::invalid_argument("write_xlsx: the titles were not decided on this ranking");
  const scheme& s = r.scheme();
  bool has_self = false, has_groups = false;
  for (std::size_t i = 0; i < r.size(); ++i) {
    has_self = has_self || r.self_total(i).has_value();
    has_groups = has_groups || !r.group(i).empty();
  }
  const auto& order = r.display_order();
  std::size_t block_count = 0;
  for (std::size_t k = 0; k < order.size(); ++k)
    block_count += k == 0 || r.group(order[k]) != r.group(order[k - 1]) ? 1 : 0;
  // Hundreds of tabs help nobody, and in constant_memory mode each sheet holds an open
  // temporary file until the end: past this, every block goes on "Xếp hạng" with a column
  // naming the block.
  const bool one_sheet = block_count > max_block_sheets;

  xlsx::temp_file file;
  // Zip64 only when a part could pass 4 GB: some readers warn about it otherwise.
  xlsx::workbook wb(file, true, r.size() > 1'000'000);
  wb.properties(std::string(workbook_title), s.title.empty() ? s.id : s.title);
  formats fm(wb.get(), s.precision);
  xlsx::sheet_names names;
  names.reserve(sheet_titles);
  names.reserve(sheet_scheme);

  block_sheets blocks{
      r,         titles,     fm, block_columns(r, titles, has_self, one_sheet, fm), names, wb.get(), rows_per_sheet,
      one_sheet, block_count};
  std::size_t at = 0;
  if (order.empty() || one_sheet) {
    blocks.write(std::string(sheet_ranking), order);
    at = order.size();
  }
  while (at < order.size()) {
    const std::string_view group = r.group(order[at]);
    std::size_t end = at;
    while (end < order.size() && r.group(order[end]) == group) ++end;
    const std::string block = !has_groups     ? std::string(sheet_ranking)
                              : group.empty() ? std::string("Chưa phân khối")
                                              : std::string(group);
    blocks.write(block, std::span<const std::size_t>(order).subspan(at, end - at));
    at = end;
  }
  if (titles) write_titles_sheet(wb.get(), names, *titles, fm);
  write_scheme_sheet(wb.get(), names, s, fm);
  wb.close();
  file.copy_to(out);
}

}  // namespace detail

void write_xlsx(std::ostream& out, const ranking& r, const awards* titles) {
  // Excel's 1,048,576 rows less the title lines, the header and the class summary.
  const std::size_t summary_rows = r.scheme().classes.size() + 4;
  detail::write_xlsx_split(out, r, titles, LXW_ROW_MAX - detail::first_data_row - summary_rows);
}

}  // namespace thidua
