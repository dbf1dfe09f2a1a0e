// The blank score sheet (mẫu nhập điểm) schools fill in: a title, a row of readable column
// names with maxima, the machine header thidua's wide reader expects, data validation per
// column, and an instruction sheet. Layout: docs/xlsx-output.md.
#include <algorithm>
#include <ostream>
#include <regex>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <xlsxwriter.h>

#include "thidua/report.hpp"
#include "writers/xlsx_common.hpp"

namespace thidua {
namespace {

using detail::xlsx::check;
using detail::xlsx::first_chars;

constexpr lxw_row_t names_row = 1;   // readable names with maxima
constexpr lxw_row_t header_row = 2;  // the machine header the reader looks for
constexpr lxw_row_t first_input = header_row + 1;
constexpr std::string_view notes_header = "note";  // reserved by the reader: free text, never read

// "7,5" as Vietnamese readers write decimals.
std::string vn(decimal d) {
  std::string t = d.to_short_string();
  std::replace(t.begin(), t.end(), '.', ',');
  return t;
}

// The flag columns a subject's row may need: the vetoes' flags, then the flags the scheme's
// own title rules read about the subject itself (not about its members).
std::vector<std::string> subject_flags(const scheme& s) {
  std::vector<std::string> flags;
  const auto add = [&flags](const std::string& f) {
    if (!f.empty() && std::find(flags.begin(), flags.end(), f) == flags.end()) flags.push_back(f);
  };
  for (const veto& v : s.vetoes) add(v.flag.empty() ? v.id : v.flag);
  const title_subject own = s.subject == "member" ? title_subject::member : title_subject::unit;
  static const std::regex flag_ref(R"(flag:([A-Za-z0-9_]+))");
  for (const title_rule& t : s.titles) {
    if (!t.in_force || t.subject != own) continue;
    for (const auto* list : {&t.all, &t.any})
      for (const title_condition& c : *list) {
        if (c.text.find("members") != std::string::npos) continue;  // reads the members' flags
        for (std::sregex_iterator m(c.text.begin(), c.text.end(), flag_ref), end; m != end; ++m) add((*m)[1].str());
      }
  }
  return flags;
}

// A1 reference of the first input cell of column `col`.
std::string first_cell(lxw_col_t col) {
  return column_letters(static_cast<std::uint32_t>(col) + 1) + std::to_string(first_input + 1);
}

struct column_spec {
  std::string header;   // machine header
  std::string label;    // readable name
  std::string meaning;  // for the instructions
  std::string how;      // what to type
  double width = 12;
};

class template_writer {
 public:
  template_writer(lxw_workbook* wb, const scheme& s) : wb_(wb), s_(s) {
    title_ = workbook_add_format(wb);
    format_set_bold(title_);
    format_set_font_size(title_, 14);
    label_ = workbook_add_format(wb);
    format_set_bold(label_);
    format_set_text_wrap(label_);
    format_set_align(label_, LXW_ALIGN_VERTICAL_TOP);
    format_set_bg_color(label_, 0xDDEBF7);
    format_set_border(label_, LXW_BORDER_THIN);
    machine_ = workbook_add_format(wb);
    format_set_font_color(machine_, 0x595959);
    format_set_bg_color(machine_, 0xF2F2F2);
    format_set_border(machine_, LXW_BORDER_THIN);
    bold_ = workbook_add_format(wb);
    format_set_bold(bold_);
    wrap_ = workbook_add_format(wb);
    format_set_text_wrap(wrap_);
    format_set_align(wrap_, LXW_ALIGN_VERTICAL_TOP);
  }

  void write() {
    const bool members = s_.subject == "member";
    columns_.push_back({"id", members ? "Mã cá nhân" : "Mã đơn vị", "mã duy nhất của mỗi dòng (bắt buộc)",
                        "chữ hoặc số, không trùng", 12});
    columns_.push_back({"name", members ? "Họ và tên" : "Tên đơn vị", "tên hiển thị trong bảng xếp hạng", "chữ", 36});
    columns_.push_back({"group", members ? "Đơn vị" : "Khối thi đua",
                        members ? "đơn vị của cá nhân" : "khối thi đua để xếp hạng", "chữ; cùng khối ghi giống nhau",
                        16});
    for (const criterion& c : s_.criteria) columns_.push_back(criterion_column(c));
    if (s_.bonus_max)
      columns_.push_back({"bonus", fmt::format("Điểm thưởng (tối đa {})", vn(*s_.bonus_max)), "điểm thưởng",
                          fmt::format("số từ 0 đến {}; để trống = 0", vn(*s_.bonus_max)), 12});
    if (s_.deduction_max)
      columns_.push_back({"deduction", fmt::format("Điểm trừ (tối đa {})", vn(*s_.deduction_max)), "điểm trừ",
                          fmt::format("số từ 0 đến {}; để trống = 0", vn(*s_.deduction_max)), 12});
    for (const std::string& f : subject_flags(s_)) {
      std::string meaning = "cờ " + f;
      for (const veto& v : s_.vetoes)
        if ((v.flag.empty() ? v.id : v.flag) == f) meaning = v.name;
      columns_.push_back({"flag:" + f, meaning + " (có/không)", meaning, "có hoặc để trống (không)", 14});
    }
    columns_.push_back(
        {std::string(notes_header), "Ghi chú", "ghi chú của người chấm, không tính điểm", "chữ tự do", 40});

    input_sheet();
    instruction_sheet();
  }

 private:
  column_spec criterion_column(const criterion& c) {
    std::string extra, how;
    switch (c.input) {
      case input_kind::points:
        how = fmt::format("số điểm từ 0 đến {}", vn(c.max));
        if (c.step) how += fmt::format(", bội số của {}", vn(*c.step));
        break;
      case input_kind::percent:
        extra = "; nhập tỷ lệ %";
        how = "tỷ lệ phần trăm từ 0 đến 100 (không ghi dấu %)";
        break;
      case input_kind::count:
        extra = "; nhập số lượng";
        how = "số nguyên không âm";
        break;
      case input_kind::yes_no:
        extra = "; có/không";
        how = "có hoặc không";
        break;
      case input_kind::failures:
        extra = "; nhập số lần vi phạm";
        how = "số nguyên không âm (số lần vi phạm)";
        break;
    }
    how += "; N/A nếu không áp dụng";
    return {c.id, fmt::format("{}. {} (tối đa {}{})", c.id, c.name, vn(c.max), extra), c.name, how,
            c.input == input_kind::points ? 11.0 : 13.0};
  }

  // Data validation of one criterion column: the range and step, N/A allowed.
  void validate_criterion(lxw_worksheet* ws, lxw_col_t col, const criterion& c) {
    const std::string ref = first_cell(col);
    lxw_data_validation v{};
    std::string formula, message;
    const char* yes_no_list[] = {"có", "không", "N/A", nullptr};
    switch (c.input) {
      case input_kind::points: {
        std::string step;
        if (c.step) step = fmt::format(",ROUND({0}/{1},6)=INT(ROUND({0}/{1},6))", ref, c.step->to_short_string());
        formula =
            fmt::format("=OR({0}=\"N/A\",AND(ISNUMBER({0}),{0}>=0,{0}<={1}{2}))", ref, c.max.to_short_string(), step);
        message = fmt::format("Số từ 0 đến {}{}, hoặc N/A.", vn(c.max),
                              c.step ? fmt::format(", bội số của {}", vn(*c.step)) : std::string());
        break;
      }
      case input_kind::percent:
        formula = fmt::format("=OR({0}=\"N/A\",AND(ISNUMBER({0}),{0}>=0,{0}<=100))", ref);
        message = "Tỷ lệ % từ 0 đến 100, hoặc N/A.";
        break;
      case input_kind::count:
      case input_kind::failures:
        formula = fmt::format("=OR({0}=\"N/A\",AND(ISNUMBER({0}),{0}>=0,{0}=INT({0})))", ref);
        message = "Số nguyên không âm, hoặc N/A.";
        break;
      case input_kind::yes_no:
        message = "Chọn có, không hoặc N/A.";
        break;
    }
    if (c.input == input_kind::yes_no) {
      v.validate = LXW_VALIDATION_TYPE_LIST;
      v.value_list = const_cast<char**>(yes_no_list);  // libxlsxwriter copies, never writes
    } else {
      v.validate = LXW_VALIDATION_TYPE_CUSTOM_FORMULA;
      v.value_formula = formula.data();
    }
    finish(ws, col, v, c.id + ": tối đa " + vn(c.max), message);
  }

  void validate_adjustment(lxw_worksheet* ws, lxw_col_t col, std::string_view what, decimal max) {
    lxw_data_validation v{};
    v.validate = LXW_VALIDATION_TYPE_DECIMAL;
    v.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
    v.minimum_number = 0;
    v.maximum_number = max.to_double();
    finish(ws, col, v, fmt::format("{}: tối đa {}", what, vn(max)), fmt::format("Số từ 0 đến {}.", vn(max)));
  }

  void validate_flag(lxw_worksheet* ws, lxw_col_t col) {
    const char* list[] = {"có", "không", nullptr};
    lxw_data_validation v{};
    v.validate = LXW_VALIDATION_TYPE_LIST;
    v.value_list = const_cast<char**>(list);
    finish(ws, col, v, "Có/không", "Chọn có hoặc không (để trống = không).");
  }

  // Excel caps titles at 32 characters and messages at 255.
  void finish(lxw_worksheet* ws, lxw_col_t col, lxw_data_validation& v, const std::string& title,
              const std::string& message) {
    std::string input_title = first_chars(title, 32), error_title = "Giá trị không hợp lệ";
    std::string text = first_chars(message, 255);
    v.input_title = input_title.data();
    v.input_message = text.data();
    v.error_title = error_title.data();
    v.error_message = text.data();
    check(worksheet_data_validation_range(ws, first_input, col, LXW_ROW_MAX - 1, col, &v),
          "worksheet_data_validation_range");
  }

  void input_sheet() {
    lxw_worksheet* ws = workbook_add_worksheet(wb_, "Nhập điểm");
    if (!ws) detail::xlsx::fail("workbook_add_worksheet(Nhập điểm)");
    const std::string title = "Mẫu nhập điểm thi đua — " + (s_.title.empty() ? s_.id : s_.title);
    check(worksheet_write_string(ws, 0, 0, title.c_str(), title_), "worksheet_write_string");
    check(worksheet_set_row(ws, names_row, 75, nullptr), "worksheet_set_row");
    for (std::size_t k = 0; k < columns_.size(); ++k) {
      const auto col = static_cast<lxw_col_t>(k);
      const column_spec& c = columns_[k];
      check(worksheet_set_column(ws, col, col, c.width, nullptr), "worksheet_set_column");
      check(worksheet_write_string(ws, names_row, col, c.label.c_str(), label_), "worksheet_write_string");
      check(worksheet_write_string(ws, header_row, col, c.header.c_str(), machine_), "worksheet_write_string");
      if (const auto ci = s_.find_criterion(c.header); ci >= 0 && k >= 3)
        validate_criterion(ws, col, s_.criteria[static_cast<std::size_t>(ci)]);
      else if (c.header == "bonus")
        validate_adjustment(ws, col, "Điểm thưởng", *s_.bonus_max);
      else if (c.header == "deduction")
        validate_adjustment(ws, col, "Điểm trừ", *s_.deduction_max);
      else if (c.header.starts_with("flag:"))
        validate_flag(ws, col);
    }
    worksheet_freeze_panes(ws, first_input, 2);  // headers and id, name stay in view
    worksheet_activate(ws);
  }

  void instruction_sheet() {
    lxw_worksheet* ws = workbook_add_worksheet(wb_, "Hướng dẫn");
    if (!ws) detail::xlsx::fail("workbook_add_worksheet(Hướng dẫn)");
    const double widths[] = {18, 44, 10, 10, 50, 60};
    for (std::size_t k = 0; k < std::size(widths); ++k)
      check(worksheet_set_column(ws, static_cast<lxw_col_t>(k), static_cast<lxw_col_t>(k), widths[k], nullptr),
            "worksheet_set_column");
    lxw_row_t at = 0;
    const auto line = [&](const std::string& text, lxw_format* f = nullptr) {
      check(worksheet_write_string(ws, at++, 0, text.c_str(), f), "worksheet_write_string");
    };
    line("Hướng dẫn nhập điểm", title_);
    line(fmt::format("Thang điểm: {} ({}), thang {} điểm, tổng điểm làm tròn {} chữ số thập phân.",
                     s_.title.empty() ? s_.id : s_.title, s_.id, vn(s_.scale), s_.precision));
    if (!s_.source.empty()) line("Căn cứ: " + s_.source);
    ++at;
    line("1. Nhập mỗi " + std::string(s_.subject == "member" ? "cá nhân" : "đơn vị") +
         " trên một dòng của trang \"Nhập điểm\", từ dòng 4.");
    line(
        "2. Không sửa, không xóa dòng 3 (tên cột id, name, group, mã tiêu chí...): thidua đọc bảng từ dòng này. "
        "Dòng 1 và 2 chỉ để đọc.");
    line("3. Nhập số, không nhập công thức có tham chiếu sang trang khác. Dấu thập phân theo máy (7,5 hoặc 7.5).");
    line("4. N/A: tiêu chí không áp dụng với đối tượng; điểm được tính lại trên các tiêu chí còn lại.");
    line(s_.missing == missing_rule::zero
             ? "5. Để trống: chưa có điểm, tính 0 điểm và được ghi chú trong bảng tổng hợp."
             : "5. Không được để trống tiêu chí: nhập điểm hoặc N/A.");
    line("6. Cột cờ (flag:...): ghi \"có\" khi đúng, để trống khi không.");
    line("7. Cột ghi chú: tự do, không tính điểm.");
    ++at;
    const char* head[] = {"Cột (dòng 3)", "Nội dung", "Tối đa", "Bước", "Cách nhập", "Quy tắc tính điểm"};
    for (std::size_t k = 0; k < std::size(head); ++k)
      check(worksheet_write_string(ws, at, static_cast<lxw_col_t>(k), head[k], label_), "worksheet_write_string");
    for (const column_spec& c : columns_) {
      ++at;
      check(worksheet_write_string(ws, at, 0, c.header.c_str(), bold_), "worksheet_write_string");
      check(worksheet_write_string(ws, at, 1, c.meaning.c_str(), wrap_), "worksheet_write_string");
      check(worksheet_write_string(ws, at, 4, c.how.c_str(), wrap_), "worksheet_write_string");
      const auto ci = s_.find_criterion(c.header);
      if (ci < 0) continue;
      const criterion& cr = s_.criteria[static_cast<std::size_t>(ci)];
      check(worksheet_write_number(ws, at, 2, cr.max.to_double(), nullptr), "worksheet_write_number");
      if (cr.step) check(worksheet_write_number(ws, at, 3, cr.step->to_double(), nullptr), "worksheet_write_number");
      std::string rule;
      if (!cr.tiers.empty()) {
        for (const tier& t : cr.tiers)
          rule += fmt::format("{}{} {} → {} điểm", rule.empty() ? "" : "; ", cr.lower_is_better ? "≤" : "≥",
                              vn(t.threshold), vn(t.points));
        rule += "; thấp hơn → 0";
      } else if (cr.linear) {
        rule = fmt::format("{} → {} điểm, {} → 0 điểm, ở giữa theo tỷ lệ", vn(cr.linear->full), vn(cr.max),
                           vn(cr.linear->zero));
      }
      if (!rule.empty()) check(worksheet_write_string(ws, at, 5, rule.c_str(), wrap_), "worksheet_write_string");
    }
  }

  lxw_workbook* wb_;
  const scheme& s_;
  std::vector<column_spec> columns_;
  lxw_format *title_ = nullptr, *label_ = nullptr, *machine_ = nullptr, *bold_ = nullptr, *wrap_ = nullptr;
};

}  // namespace

void write_xlsx_template(std::ostream& out, const scheme& s) {
  detail::xlsx::temp_file file;
  detail::xlsx::workbook wb(file, false, false);
  wb.properties("Mẫu nhập điểm thi đua", s.title.empty() ? s.id : s.title);
  template_writer(wb.get(), s).write();
  wb.close();
  file.copy_to(out);
}

}  // namespace thidua
