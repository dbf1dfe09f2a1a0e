// The council's workbook and the blank template, opened the way Excel would: unzipped with
// libzip, each part parsed with pugixml. Sheet names, headers, frozen panes, number formats,
// every subject's numbers against the ranking, and the failures (no temporary directory, a
// failing stream).
#include <gtest/gtest.h>
#include <pugixml.hpp>
#include <zip.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <thread>
#include <string>
#include <thidua/thidua.hpp>
#include <vector>

#include "thidua/report.hpp"
#include "sample_fixture.hpp"

namespace thidua::detail {
// lib/writers/xlsx_writer.cpp: write_xlsx with a chosen number of data rows per sheet.
void write_xlsx_split(std::ostream& out, const ranking& r, const awards* titles, std::size_t rows_per_sheet);
}  // namespace thidua::detail

namespace {

using thidua::subject_kind;

// ------------------------------------------------------------------------------------------
// A minimal .xlsx reader for the assertions.

struct cell {
  std::string text;  // the string, or the number as written in <v>
  bool is_number = false;
  bool has_formula = false;
  unsigned style = 0;
};

struct worksheet {
  std::string name;
  std::string xml;
  std::map<std::string, cell> cells;  // "A1" → cell
  pugi::xml_document doc;

  const cell* at(const std::string& ref) const {
    const auto it = cells.find(ref);
    return it == cells.end() ? nullptr : &it->second;
  }
  std::string text(const std::string& ref) const {
    const cell* c = at(ref);
    return c ? c->text : std::string();
  }
  // The row number (1-based) whose column `col` holds `value`, or 0.
  unsigned find_row(const std::string& col, const std::string& value) const {
    for (const auto& [ref, c] : cells)
      if (ref.rfind(col, 0) == 0 && std::isdigit(static_cast<unsigned char>(ref[col.size()])) && c.text == value)
        return static_cast<unsigned>(std::stoul(ref.substr(col.size())));
    return 0;
  }
};

struct workbook_file {
  std::vector<std::unique_ptr<worksheet>> sheets;
  pugi::xml_document styles;

  const worksheet& sheet(const std::string& name) const {
    for (const auto& s : sheets)
      if (s->name == name) return *s;
    throw std::runtime_error("no sheet " + name);
  }
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& s : sheets) out.push_back(s->name);
    return out;
  }
  // The number format code of a style index ("General" for the built-in 0).
  std::string number_format(unsigned style) const {
    const auto xfs = styles.child("styleSheet").child("cellXfs");
    unsigned k = 0;
    for (auto xf : xfs.children("xf")) {
      if (k++ != style) continue;
      const unsigned id = xf.attribute("numFmtId").as_uint();
      if (id == 0) return "General";
      for (auto f : styles.child("styleSheet").child("numFmts").children("numFmt"))
        if (f.attribute("numFmtId").as_uint() == id) return f.attribute("formatCode").value();
      return "builtin:" + std::to_string(id);
    }
    return "";
  }
};

std::string read_entry(zip_t* z, const std::string& name) {
  zip_stat_t st;
  if (zip_stat(z, name.c_str(), 0, &st) != 0) throw std::runtime_error("no part " + name);
  zip_file_t* f = zip_fopen(z, name.c_str(), 0);
  if (!f) throw std::runtime_error("cannot open part " + name);
  std::string data(static_cast<std::size_t>(st.size), '\0');
  const auto n = zip_fread(f, data.data(), st.size);
  zip_fclose(f);
  if (n < 0 || static_cast<zip_uint64_t>(n) != st.size) throw std::runtime_error("short read " + name);
  return data;
}

std::string all_text(pugi::xml_node n) {
  std::string out;
  for (auto t : n.select_nodes(".//*[local-name()='t']")) out += t.node().child_value();
  return out;
}

workbook_file open_xlsx(const std::string& bytes) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (!src) throw std::runtime_error("zip_source_buffer_create");
  zip_t* z = zip_open_from_source(src, ZIP_RDONLY, &error);
  if (!z) {
    zip_source_free(src);
    throw std::runtime_error("not a zip file");
  }
  workbook_file out;
  try {
    std::vector<std::string> shared;
    if (zip_name_locate(z, "xl/sharedStrings.xml", 0) >= 0) {
      pugi::xml_document ss;
      const auto xml = read_entry(z, "xl/sharedStrings.xml");
      ss.load_buffer(xml.data(), xml.size());
      for (auto si : ss.child("sst").children("si")) shared.push_back(all_text(si));
    }
    const auto styles = read_entry(z, "xl/styles.xml");
    out.styles.load_buffer(styles.data(), styles.size());
    pugi::xml_document wb, rels;
    const auto wb_xml = read_entry(z, "xl/workbook.xml");
    const auto rels_xml = read_entry(z, "xl/_rels/workbook.xml.rels");
    wb.load_buffer(wb_xml.data(), wb_xml.size());
    rels.load_buffer(rels_xml.data(), rels_xml.size());
    for (auto s : wb.child("workbook").child("sheets").children("sheet")) {
      const std::string rid = s.attribute("r:id").value();
      std::string target;
      for (auto r : rels.child("Relationships").children("Relationship"))
        if (rid == r.attribute("Id").value()) target = r.attribute("Target").value();
      auto ws = std::make_unique<worksheet>();
      ws->name = s.attribute("name").value();
      ws->xml = read_entry(z, "xl/" + target);
      ws->doc.load_buffer(ws->xml.data(), ws->xml.size());
      for (auto row : ws->doc.child("worksheet").child("sheetData").children("row"))
        for (auto c : row.children("c")) {
          cell v;
          const std::string type = c.attribute("t").value();
          v.style = c.attribute("s").as_uint();
          v.has_formula = static_cast<bool>(c.child("f"));
          if (type == "inlineStr")
            v.text = all_text(c.child("is"));
          else if (type == "s")
            v.text = shared.at(std::stoul(c.child_value("v")));
          else if (type == "str")
            v.text = c.child_value("v");
          else if (c.child("v")) {
            v.text = c.child_value("v");
            v.is_number = true;
          }
          ws->cells[c.attribute("r").value()] = v;
        }
      out.sheets.push_back(std::move(ws));
    }
  } catch (...) {
    zip_close(z);
    throw;
  }
  zip_close(z);
  return out;
}

// ------------------------------------------------------------------------------------------
// The bundled sample, with its titles.

std::unique_ptr<thidua::testing::titled_sample> load_sample(bool keep_points = false) {
  return thidua::testing::load_titled_sample({.keep_points = keep_points});
}

std::string to_bytes(const std::function<void(std::ostream&)>& write) {
  std::ostringstream out(std::ios::binary);
  write(out);
  return out.str();
}

double number(const cell* c) {
  if (!c || !c->is_number) throw std::runtime_error("not a number cell");
  return std::stod(c->text);
}

// The row of the header (1-based) and the column letter of each header text.
std::map<std::string, std::string> header_columns(const worksheet& ws, unsigned row) {
  std::map<std::string, std::string> out;
  for (const auto& [ref, c] : ws.cells) {
    std::size_t k = 0;
    while (k < ref.size() && std::isalpha(static_cast<unsigned char>(ref[k]))) ++k;
    if (std::stoul(ref.substr(k)) == row) out[c.text] = ref.substr(0, k);
  }
  return out;
}

TEST(XlsxWriter, SampleWorkbookHasABlockSheetPerBlockThenTitlesThenScheme) {
  const auto x = load_sample();
  const auto book = open_xlsx(to_bytes([&](std::ostream& o) { thidua::write_xlsx(o, *x->units, &*x->titles); }));
  EXPECT_EQ(book.names(), (std::vector<std::string>{"Mầm non", "THCS", "Tiểu học", "Danh hiệu đề nghị", "Thang điểm"}));

  const worksheet& mn = book.sheet("Mầm non");
  EXPECT_EQ(mn.text("A1"), "Bảng tổng hợp kết quả chấm điểm, xếp loại thi đua");
  EXPECT_NE(mn.text("A2").find("2024–2025"), std::string::npos) << mn.text("A2");
  const std::vector<std::string> header = {
      "STT",       "Mã",       "Tên",  "Công tác chuyên môn", "Công tác dân vận", "Thưởng", "Trừ",
      "Tổng điểm", "Xếp loại", "Hạng", "Danh hiệu",           "Ghi chú"};
  for (std::size_t k = 0; k < header.size(); ++k)
    EXPECT_EQ(mn.text(std::string(1, static_cast<char>('A' + k)) + "4"), header[k]) << "column " << k;

  // Frozen below the header and right of the name; an autofilter over the header.
  const auto pane = mn.doc.child("worksheet").child("sheetViews").child("sheetView").child("pane");
  EXPECT_STREQ(pane.attribute("state").value(), "frozen");
  EXPECT_EQ(pane.attribute("ySplit").as_int(), 4);
  EXPECT_EQ(pane.attribute("xSplit").as_int(), 3);
  EXPECT_EQ(std::string(mn.doc.child("worksheet").child("autoFilter").attribute("ref").value()).substr(0, 3), "A4:");

  // A known total: MN04 (diem-hoi-dong.csv) leads the Mầm non block with 96.00 points.
  const unsigned mn04 = mn.find_row("B", "MN04");
  ASSERT_EQ(mn04, 5U) << "MN04 ranks first in its block";
  const cell* total = mn.at("H5");
  ASSERT_NE(total, nullptr);
  EXPECT_TRUE(total->is_number);
  EXPECT_EQ(total->text, "96");
  EXPECT_EQ(number(mn.at("J5")), 1);
  EXPECT_EQ(mn.text("I5"), "Hoàn thành xuất sắc nhiệm vụ");
  EXPECT_EQ(book.number_format(total->style), "0.00");
  EXPECT_EQ(book.number_format(mn.at("D5")->style), "0.00");
}

TEST(XlsxWriter, EverySubjectsNumbersClassAndRankMatchTheRanking) {
  const auto x = load_sample();
  const thidua::ranking& r = *x->units;
  const auto book = open_xlsx(to_bytes([&](std::ostream& o) { thidua::write_xlsx(o, r, &*x->titles); }));
  std::size_t checked = 0;
  for (std::size_t i = 0; i < r.size(); ++i) {
    const worksheet& ws = book.sheet(std::string(r.group(i)));
    const auto cols = header_columns(ws, 4);
    const unsigned row = ws.find_row("B", std::string(r.id(i)));
    ASSERT_GT(row, 4U) << r.id(i);
    const auto at = [&](const std::string& h) { return ws.at(cols.at(h) + std::to_string(row)); };
    EXPECT_EQ(at("Tên")->text, r.name(i));
    EXPECT_DOUBLE_EQ(number(at("Tổng điểm")), r.total(i).to_double()) << r.id(i);
    EXPECT_DOUBLE_EQ(number(at("Công tác chuyên môn")), r.family(i, 0).to_double()) << r.id(i);
    EXPECT_DOUBLE_EQ(number(at("Công tác dân vận")), r.family(i, 1).to_double()) << r.id(i);
    if (r.status(i) == thidua::standing::ranked) {
      EXPECT_EQ(number(at("Hạng")), static_cast<double>(r.rank(i))) << r.id(i);
      EXPECT_EQ(at("Xếp loại")->text, r.scheme().classes[static_cast<std::size_t>(r.class_index(i))].name);
    } else {
      EXPECT_EQ(ws.at(cols.at("Hạng") + std::to_string(row)), nullptr) << "an excluded subject has no rank";
      EXPECT_EQ(at("Xếp loại")->text, "Không đủ điều kiện xếp loại");
    }
    std::string titles;
    for (std::size_t t : x->titles->titles_of(subject_kind::unit, i))
      titles += (titles.empty() ? "" : "; ") + r.scheme().titles[t].name;
    const cell* c = ws.at(cols.at("Danh hiệu") + std::to_string(row));
    EXPECT_EQ(c ? c->text : std::string(), titles) << r.id(i);
    ++checked;
  }
  EXPECT_EQ(checked, 60U);
  // No cell anywhere is a formula.
  for (const auto& ws : book.sheets) EXPECT_EQ(ws->xml.find("<f>"), std::string::npos) << ws->name;
}

TEST(XlsxWriter, ClassSummaryUnderEachBlockCountsItsSubjects) {
  const auto x = load_sample();
  const auto book = open_xlsx(to_bytes([&](std::ostream& o) { thidua::write_xlsx(o, *x->units); }));
  const worksheet& ws = book.sheet("Mầm non");
  const unsigned at = ws.find_row("C", "Tổng hợp xếp loại");
  ASSERT_GT(at, 5U);
  const unsigned total = ws.find_row("C", "Tổng số");
  ASSERT_GT(total, at);
  std::size_t in_block = 0;
  for (std::size_t i = 0; i < x->units->size(); ++i) in_block += x->units->group(i) == "Mầm non" ? 1 : 0;
  EXPECT_EQ(number(ws.at("D" + std::to_string(total))), static_cast<double>(in_block));
  double sum = 0;
  for (unsigned row = at + 1; row < total; ++row) sum += number(ws.at("D" + std::to_string(row)));
  EXPECT_EQ(sum, static_cast<double>(in_block));
  // Without titles there is no titles column nor sheet.
  EXPECT_EQ(header_columns(ws, 4).count("Danh hiệu"), 0U);
  EXPECT_EQ(book.names().size(), 4U);
}

TEST(XlsxWriter, TitlesSheetListsHoldersCountsAndRewardTotals) {
  const auto x = load_sample();
  const thidua::awards& a = *x->titles;
  const auto book = open_xlsx(to_bytes([&](std::ostream& o) { thidua::write_xlsx(o, *x->units, &a); }));
  const worksheet& ws = book.sheet("Danh hiệu đề nghị");
  EXPECT_EQ(ws.text("A1"), "Danh hiệu thi đua đề nghị năm 2025");
  const auto& s = a.scheme();
  std::int64_t grand = 0;
  for (std::size_t t = 0; t < s.titles.size(); ++t) {
    if (!s.titles[t].in_force) continue;
    const unsigned row = ws.find_row("B", s.titles[t].id);
    ASSERT_GT(row, 4U) << s.titles[t].id;
    const auto holders = a.holders(t);
    EXPECT_EQ(number(ws.at("F" + std::to_string(row))), static_cast<double>(holders.size())) << s.titles[t].id;
    const auto kind = s.titles[t].subject == thidua::title_subject::unit ? subject_kind::unit : subject_kind::member;
    for (std::size_t i : holders) grand += a.paid(kind, i, t) ? a.reward_amount(t) : 0;
  }
  const unsigned sum_row = ws.find_row("C", "Tổng cộng");
  ASSERT_GT(sum_row, 0U);
  EXPECT_EQ(number(ws.at("K" + std::to_string(sum_row))), static_cast<double>(grand));
  EXPECT_GT(grand, 0);
  EXPECT_EQ(book.number_format(ws.at("K" + std::to_string(sum_row))->style), "#,##0");
  // The CSTĐCS list names a holder with its unit.
  const auto cstdcs = static_cast<std::size_t>(s.find_title("CSTDCS"));
  const auto holders = a.holders(cstdcs);
  ASSERT_FALSE(holders.empty());
  const unsigned first = ws.find_row("B", std::string(a.member_id(holders.front())));
  ASSERT_GT(first, sum_row);
  EXPECT_EQ(ws.text("C" + std::to_string(first)), a.member_name(holders.front()));
  EXPECT_EQ(ws.text("D" + std::to_string(first)), a.member_unit(holders.front()));
}

TEST(XlsxWriter, SchemeSheetDescribesCriteriaMaximaAndWeights) {
  const auto x = load_sample();
  const auto book = open_xlsx(to_bytes([&](std::ostream& o) { thidua::write_xlsx(o, *x->units); }));
  const worksheet& ws = book.sheet("Thang điểm");
  EXPECT_EQ(ws.text("B" + std::to_string(ws.find_row("A", "Mã thang điểm"))), "truong-hoc-2024-2025");
  EXPECT_EQ(number(ws.at("B" + std::to_string(ws.find_row("A", "Số chữ số thập phân")))), 2);
  const unsigned dv = ws.find_row("A", "dan_van");
  ASSERT_GT(dv, 0U);
  EXPECT_EQ(number(ws.at("C" + std::to_string(dv))), 30);
  const unsigned cm3 = ws.find_row("A", "CM3");
  ASSERT_GT(cm3, dv);
  EXPECT_EQ(number(ws.at("E" + std::to_string(cm3))), 15);
  EXPECT_EQ(number(ws.at("F" + std::to_string(cm3))), 0.25);
  EXPECT_EQ(ws.text("C" + std::to_string(cm3)), "chuyen_mon");
  const unsigned cm1 = ws.find_row("A", "CM1");
  EXPECT_NE(ws.text("H" + std::to_string(cm1)).find("≥ 99 → 10 điểm"), std::string::npos);
  EXPECT_EQ(number(ws.at("C" + std::to_string(ws.find_row("A", "xuat_sac")))), 90);
  EXPECT_GT(ws.find_row("A", "vi_pham_nghiem_trong"), 0U);
}

TEST(XlsxWriter, KeptCriterionPointsAddACriterionColumnBeforeEachSubtotal) {
  const auto x = load_sample(true);
  const auto book = open_xlsx(to_bytes([&](std::ostream& o) { thidua::write_xlsx(o, *x->units); }));
  const worksheet& ws = book.sheet("Mầm non");
  EXPECT_EQ(ws.text("D4"), "CM1");
  EXPECT_EQ(ws.text("L4"), "Công tác chuyên môn");
  EXPECT_EQ(ws.text("M4"), "DV1");
  const auto cols = header_columns(ws, 4);
  const unsigned row = ws.find_row("B", "MN01");
  EXPECT_EQ(number(ws.at(cols.at("CM3") + std::to_string(row))), 12);  // assessor points as given
  EXPECT_EQ(number(ws.at(cols.at("CM1") + std::to_string(row))), 10);  // 99.45% reaches the 99% tier
  EXPECT_EQ(book.number_format(ws.at(cols.at("CM3") + std::to_string(row))->style), "0.00##");
}

// A small scheme and sheet in memory, with awkward block names.
thidua::ranking awkward_blocks(const std::vector<std::string>& groups, thidua::scheme& s) {
  s = thidua::parse_scheme(R"(
[scheme]
id = "t"
title = "Thử"
[[family]]
id = "a"
name = "Nhóm A"
[[criterion]]
id = "C1"
family = "a"
name = "Tiêu chí 1"
max = 100
[[class]]
id = "dat"
name = "Đạt"
min = 50
[[class]]
id = "chua"
name = "Chưa đạt"
min = 0
)");
  std::string csv = "id,name,group,C1\n";
  for (std::size_t k = 0; k < groups.size(); ++k)
    csv += "S" + std::to_string(k) + ",\"=HYPERLINK(\"\"http://x\"\")\"," +
           (groups[k].empty() ? "" : "\"" + groups[k] + "\"") + "," + std::to_string(40 + k % 60) + "\n";
  const auto sh = thidua::parse_sheet(s, csv);
  return thidua::rank(s, sh);
}

std::string fmt_block(int k) {
  char name[32];
  std::snprintf(name, sizeof name, "Khối %03d", k);
  return name;
}

TEST(XlsxWriter, BlockNamesBecomeValidUniqueSheetNames) {
  thidua::scheme s;
  const std::string long_a = "Cụm thi đua số một các trường tiểu học vùng A";
  const std::string long_b = "Cụm thi đua số một các trường tiểu học vùng B";
  const auto r = awkward_blocks({"Khối [1]: A/B*?", long_a, long_b, "Thang điểm", "history"}, s);
  const auto book = open_xlsx(to_bytes([&](std::ostream& o) { thidua::write_xlsx(o, r); }));
  const auto names = book.names();
  ASSERT_EQ(names.size(), 6U);
  for (const auto& n : names) {
    EXPECT_EQ(n.find_first_of("[]:*?/\\"), std::string::npos) << n;
    std::size_t chars = 0;
    for (unsigned char ch : n) chars += (ch & 0xC0U) != 0x80U ? 1 : 0;
    EXPECT_LE(chars, 31U) << n;
  }
  EXPECT_NE(std::find(names.begin(), names.end(), "Khối -1-- A-B--"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "Thang điểm (2)"), names.end())
      << "a block cannot take the scheme's sheet";
  EXPECT_NE(std::find(names.begin(), names.end(), "history (2)"), names.end()) << "Excel keeps History for itself";
  EXPECT_EQ(names.back(), "Thang điểm");
  // The two long names share their first 31 characters: the second gets " (2)".
  std::size_t long_ones = 0;
  for (const auto& n : names) long_ones += n.rfind("Cụm thi đua số một", 0) == 0 ? 1 : 0;
  EXPECT_EQ(long_ones, 2U);
  EXPECT_NE(std::find_if(names.begin(), names.end(),
                         [](const std::string& n) { return n.ends_with(" (2)") && n.starts_with("Cụm"); }),
            names.end());
  // A name that looks like a formula is a string cell, never a formula.
  for (const auto& ws : book.sheets) EXPECT_EQ(ws->xml.find("<f>"), std::string::npos);
  const worksheet& first = *book.sheets.front();
  EXPECT_FALSE(first.at("C5")->is_number);
  EXPECT_EQ(first.text("C5").rfind("=HYPERLINK", 0), 0U);
}

TEST(XlsxWriter, WithoutBlocksOneSheetXepHang) {
  thidua::scheme s;
  const auto r = awkward_blocks({"", "", ""}, s);
  const auto book = open_xlsx(to_bytes([&](std::ostream& o) { thidua::write_xlsx(o, r); }));
  EXPECT_EQ(book.names(), (std::vector<std::string>{"Xếp hạng", "Thang điểm"}));
  EXPECT_EQ(book.sheet("Xếp hạng").find_row("B", "S2"), 5U);  // 42 points: first
}

TEST(XlsxWriter, ABlockOverTheRowLimitContinuesOnAnotherSheet) {
  thidua::scheme s;
  const auto r = awkward_blocks({"Khối", "Khối", "Khối", "Khối", "Khối"}, s);
  const auto book = open_xlsx(to_bytes([&](std::ostream& o) { thidua::detail::write_xlsx_split(o, r, nullptr, 2); }));
  EXPECT_EQ(book.names(), (std::vector<std::string>{"Khối", "Khối (2)", "Khối (3)", "Thang điểm"}));
  const worksheet& second = book.sheet("Khối (2)");
  EXPECT_EQ(second.text("A4"), "STT") << "each part repeats the header";
  EXPECT_EQ(number(second.at("A5")), 3) << "numbering continues";
  EXPECT_EQ(number(second.at("A6")), 4);
  EXPECT_EQ(second.find_row("C", "Tổng số"), 0U) << "the summary is on the last part only";
  const worksheet& last = book.sheet("Khối (3)");
  EXPECT_EQ(number(last.at("D" + std::to_string(last.find_row("C", "Tổng số")))), 5);
}

TEST(XlsxWriter, HundredsOfBlocksGoOnOneSheetWithABlockColumn) {
  thidua::scheme s;
  std::vector<std::string> groups;
  for (int k = 0; k < 251; ++k) groups.push_back(fmt_block(k));
  const auto r = awkward_blocks(groups, s);
  const auto book = open_xlsx(to_bytes([&](std::ostream& o) { thidua::write_xlsx(o, r); }));
  EXPECT_EQ(book.names(), (std::vector<std::string>{"Xếp hạng", "Thang điểm"}));
  const worksheet& ws = book.sheet("Xếp hạng");
  EXPECT_EQ(ws.text("D4"), "Khối thi đua");
  const unsigned row = ws.find_row("B", "S7");
  EXPECT_EQ(ws.text("D" + std::to_string(row)), fmt_block(7));
  EXPECT_EQ(number(ws.at(header_columns(ws, 4).at("Hạng") + std::to_string(row))), 1) << "alone in its block";
}

TEST(XlsxWriter, SourceDateEpochMakesTheFileReproducible) {
  thidua::scheme s;
  const auto r = awkward_blocks({"A", "B", "A"}, s);
  ::setenv("SOURCE_DATE_EPOCH", "1735689600", 1);
  const std::string first = to_bytes([&](std::ostream& o) { thidua::write_xlsx(o, r); });
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // a different "now"
  const std::string second = to_bytes([&](std::ostream& o) { thidua::write_xlsx(o, r); });
  ::unsetenv("SOURCE_DATE_EPOCH");
  EXPECT_EQ(first, second);
}

// Counts this process's leftover temporary workbooks.
std::size_t leftovers() {
  std::size_t n = 0;
  for (const auto& e : std::filesystem::directory_iterator(std::filesystem::temp_directory_path()))
    n += e.path().filename().string().rfind("thidua-xlsx-", 0) == 0 ? 1 : 0;
  return n;
}

TEST(XlsxWriter, NoTemporaryDirectoryIsCannotWrite) {
  thidua::scheme s;
  const auto r = awkward_blocks({"A"}, s);
  const char* old = std::getenv("TMPDIR");
  const std::string saved = old ? old : "";
  ::setenv("TMPDIR", "/nonexistent-thidua-dir/sub", 1);
  std::ostringstream out;
  try {
    thidua::write_xlsx(out, r);
    ADD_FAILURE() << "expected input_error";
  } catch (const thidua::input_error& e) {
    EXPECT_EQ(e.first().code, thidua::errc::cannot_write);
    EXPECT_NE(std::string(e.what()).find("temporary directory"), std::string::npos) << e.what();
  }
  try {
    thidua::write_xlsx_template(out, s);
    ADD_FAILURE() << "expected input_error";
  } catch (const thidua::input_error& e) {
    EXPECT_EQ(e.first().code, thidua::errc::cannot_write);
  }
  if (old)
    ::setenv("TMPDIR", saved.c_str(), 1);
  else
    ::unsetenv("TMPDIR");
  EXPECT_TRUE(out.str().empty());
}

TEST(XlsxWriter, AFailingStreamIsCannotWriteAndLeavesNoTemporaryFile) {
  thidua::scheme s;
  const auto r = awkward_blocks({"A", "B"}, s);
  const std::size_t before = leftovers();
  std::ostringstream out;
  out.setstate(std::ios::badbit);
  try {
    thidua::write_xlsx(out, r);
    ADD_FAILURE() << "expected input_error";
  } catch (const thidua::input_error& e) {
    EXPECT_EQ(e.first().code, thidua::errc::cannot_write);
  }
  EXPECT_EQ(leftovers(), before);
  const std::string ok = to_bytes([&](std::ostream& o) { thidua::write_xlsx(o, r); });
  EXPECT_EQ(ok.substr(0, 2), "PK");
  EXPECT_EQ(leftovers(), before);
}

TEST(XlsxWriter, TitlesOfAnotherRankingAreRefused) {
  const auto x = load_sample();
  const auto other = thidua::rank(x->s, *x->unit_scores);
  std::ostringstream out;
  EXPECT_THROW(thidua::write_xlsx(out, other, &*x->titles), std::invalid_argument);
}

// ------------------------------------------------------------------------------------------
// The template

TEST(XlsxTemplate, SampleTemplateHasNamesMachineHeaderAndInstructions) {
  const auto s = thidua::load_scheme(THIDUA_EXAMPLES_DATA "/truong-hoc-2024-2025.toml");
  const auto book = open_xlsx(to_bytes([&](std::ostream& o) { thidua::write_xlsx_template(o, s); }));
  EXPECT_EQ(book.names(), (std::vector<std::string>{"Nhập điểm", "Hướng dẫn"}));
  const worksheet& ws = book.sheet("Nhập điểm");
  std::vector<std::string> expected = {"id", "name", "group"};
  for (const auto& c : s.criteria) expected.push_back(c.id);
  for (const char* h : {"bonus", "deduction", "flag:ky_luat", "flag:vi_pham_nghiem_trong", "note"})
    expected.emplace_back(h);
  std::vector<std::string> row3;
  for (std::size_t k = 0; k < expected.size() + 1; ++k) {
    const std::string col = thidua::column_letters(static_cast<std::uint32_t>(k + 1));
    if (const cell* c = ws.at(col + "3")) row3.push_back(c->text);
  }
  EXPECT_EQ(row3, expected);
  EXPECT_EQ(ws.text("D2"), "CM1. Huy động trẻ, học sinh trong độ tuổi ra lớp (tối đa 10; nhập tỷ lệ %)");
  EXPECT_EQ(ws.text("F2"), "CM3. Chất lượng chăm sóc, giáo dục trẻ và kết quả giáo dục học sinh (tối đa 15)");
  EXPECT_EQ(ws.at("D4"), nullptr) << "no data rows";

  const auto pane = ws.doc.child("worksheet").child("sheetViews").child("sheetView").child("pane");
  EXPECT_STREQ(pane.attribute("state").value(), "frozen");
  EXPECT_EQ(pane.attribute("ySplit").as_int(), 3);

  // One validation per criterion, bonus, deduction and flag.
  const auto dv = ws.doc.child("worksheet").child("dataValidations");
  std::map<std::string, pugi::xml_node> by_range;
  for (auto v : dv.children("dataValidation")) by_range[v.attribute("sqref").value()] = v;
  EXPECT_EQ(by_range.size(), s.criteria.size() + 4);
  const auto cm3 = by_range.at("F4:F1048576");
  EXPECT_STREQ(cm3.attribute("type").value(), "custom");
  const std::string cm3_formula = cm3.child_value("formula1");
  EXPECT_NE(cm3_formula.find("F4<=15"), std::string::npos) << cm3_formula;
  EXPECT_NE(cm3_formula.find("ROUND(F4/0.25,6)"), std::string::npos) << cm3_formula;
  EXPECT_NE(cm3_formula.find("\"N/A\""), std::string::npos) << cm3_formula;
  EXPECT_STREQ(by_range.at("G4:G1048576").attribute("type").value(), "list");  // CM4 yes/no
  EXPECT_EQ(std::string(by_range.at("G4:G1048576").child_value("formula1")), "\"có,không,N/A\"");
  const auto bonus = by_range.at("S4:S1048576");
  EXPECT_STREQ(bonus.attribute("type").value(), "decimal");
  EXPECT_EQ(std::string(bonus.child_value("formula2")), "5");

  const worksheet& help = book.sheet("Hướng dẫn");
  EXPECT_EQ(help.text("A1"), "Hướng dẫn nhập điểm");
  const unsigned cm3_help = help.find_row("A", "CM3");
  ASSERT_GT(cm3_help, 0U);
  EXPECT_EQ(number(help.at("C" + std::to_string(cm3_help))), 15);
  EXPECT_EQ(number(help.at("D" + std::to_string(cm3_help))), 0.25);
  EXPECT_NE(help.text("E" + std::to_string(cm3_help)).find("N/A"), std::string::npos);
  bool explains_na = false;
  for (const auto& [ref, c] : help.cells)
    explains_na = explains_na || c.text.rfind("4. N/A: tiêu chí không áp dụng", 0) == 0;
  EXPECT_TRUE(explains_na);
}

}  // namespace
