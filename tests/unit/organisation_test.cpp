// Members files and the organisation graph: reading (every error with its id, position and
// message), the graph's accessors and the cycle finder.
#include <boost/graph/adjacency_list.hpp>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "thidua/organisation.hpp"

namespace {

using thidua::decimal;
using thidua::errc;

decimal points(std::string_view s) { return decimal::parse(s).value; }

std::vector<thidua::diagnostic> problems(std::string_view csv) {
  thidua::diagnostics d;
  const auto m = thidua::parse_members(csv, "can-bo.csv", d);
  EXPECT_FALSE(m.has_value());
  EXPECT_FALSE(d.empty());
  return d.items();
}

void expect_first(const std::vector<thidua::diagnostic>& all, errc code, std::uint32_t line, std::uint32_t column,
                  std::string_view text) {
  ASSERT_FALSE(all.empty());
  const auto& d = all.front();
  EXPECT_EQ(d.code, code) << d.to_string();
  EXPECT_EQ(d.where.file, "can-bo.csv");
  EXPECT_EQ(d.where.line, line) << d.to_string();
  EXPECT_EQ(d.where.column, column) << d.to_string();
  EXPECT_NE(d.message.find(text), std::string::npos) << d.to_string();
}

/// A units sheet (labels only): id → group (the block).
thidua::sheet units_sheet(const std::vector<std::pair<std::string, std::string>>& units) {
  thidua::sheet sh(0);
  std::uint32_t line = 2;
  for (const auto& [id, block] : units) sh.add_subject({.id = id, .name = id, .group = block}, {}, {}, {}, 0, line++);
  sh.file = "don-vi.csv";
  return sh;
}

// ---------------------------------------------------------------------------------------
// Reading

TEST(Members, ReadsFlagsFieldsAndNormalisesNames) {
  // BOM, `;` delimiter, CRLF, an NFD name ("Nguyễn Thị Hoà" with combining marks), decimal comma.
  const std::string nfd_name = "Nguye\xCC\x82\xCC\x83n Thi\xCC\xA3 Hoa\xCC\x80";
  const std::string csv = "\xEF\xBB\xBF" "id;name;unit;flag:kỷ_luật;flag:sáng_kiến;days_absent;months_in_service\r\n"
                          "GV01;" + nfd_name + ";TH01;không;x;3;12\r\n"
                          "GV02;Trần Văn Bình;TH01;1;;45,5;\r\n"
                          "GV03;Lê Thị Cúc;TH02;;có;N/A;8\r\n";
  const auto m = thidua::parse_members(csv, "can-bo.csv");
  ASSERT_EQ(m.size(), 3U);
  EXPECT_EQ(m.file, "can-bo.csv");
  EXPECT_EQ(m.unit_column, 3U);
  ASSERT_EQ(m.flag_names(), (std::vector<std::string>{"kỷ_luật", "sáng_kiến"}));
  ASSERT_EQ(m.field_names(), (std::vector<std::string>{"days_absent", "months_in_service"}));
  EXPECT_EQ(m[0].name, "Nguyễn Thị Hoà");  // NFC
  EXPECT_EQ(m[0].id, "GV01");
  EXPECT_EQ(m[0].unit, "TH01");
  EXPECT_EQ(m[0].line, 2U);
  const auto discipline = static_cast<std::size_t>(m.find_flag("kỷ_luật"));
  const auto initiative = static_cast<std::size_t>(m.find_flag("sáng_kiến"));
  const auto absent = static_cast<std::size_t>(m.find_field("days_absent"));
  const auto service = static_cast<std::size_t>(m.find_field("months_in_service"));
  EXPECT_FALSE(m.flag(0, discipline));
  EXPECT_TRUE(m.flag(0, initiative));
  EXPECT_TRUE(m.flag(1, discipline));
  EXPECT_FALSE(m.flag(1, initiative));
  EXPECT_TRUE(m.flag(2, initiative));
  EXPECT_EQ(m.field(0, absent), points("3"));
  EXPECT_EQ(m.field(0, service), points("12"));
  EXPECT_EQ(m.field(1, absent), points("45.5"));
  EXPECT_FALSE(m.field(1, service).has_value());  // empty
  EXPECT_FALSE(m.field(2, absent).has_value());   // N/A
  EXPECT_EQ(m.find("GV02"), 1);
  EXPECT_EQ(m.find("GV99"), -1);
  EXPECT_EQ(m.find_flag("nope"), -1);
}

TEST(Members, NameColumnIsOptionalAndHeaderIsCaseInsensitive) {
  const auto m = thidua::parse_members("ID,Unit\nA1,U1\n\nA2,U2\n");
  ASSERT_EQ(m.size(), 2U);
  EXPECT_EQ(m[1].line, 4U);
  EXPECT_EQ(m[1].unit, "U2");
  EXPECT_TRUE(m[1].name.empty());
}

TEST(Members, LoadsFromAFileAndReportsAMissingFile) {
  const auto path = std::filesystem::temp_directory_path() / "thidua-organisation-test.csv";
  {
    std::ofstream f(path, std::ios::binary);
    f << "id,name,unit\nGV01,An,TH01\n";
  }
  const auto m = thidua::load_members(path);
  ASSERT_EQ(m.size(), 1U);
  EXPECT_EQ(m.file, path.string());
  std::filesystem::remove(path);

  thidua::diagnostics d;
  EXPECT_FALSE(thidua::load_members(path, d).has_value());
  ASSERT_EQ(d.count(), 1U);
  EXPECT_EQ(d.items().front().code, errc::cannot_open);
  EXPECT_THROW((void)thidua::load_members(path), thidua::input_error);
}

TEST(MembersErrors, EmptyFile) {
  expect_first(problems(""), errc::empty_file, 0, 0, "empty");
  expect_first(problems("\xEF\xBB\xBF\r\n  \n"), errc::empty_file, 0, 0, "header");
}

TEST(MembersErrors, MissingIdAndUnitColumns) {
  const auto all = problems("name,unit\nAn,TH01\n");
  expect_first(all, errc::missing_id_column, 1, 0, "found: name, unit");
  const auto no_unit = problems("id,name,don_vi\nGV01,An,TH01\n");
  expect_first(no_unit, errc::missing_unit_column, 1, 0, "found: id, name, don_vi");
  EXPECT_EQ(no_unit.front().id(), "thidua.data.127");
}

TEST(MembersErrors, DuplicateMember) {
  const auto all = problems("id,name,unit\nGV01,An,TH01\nGV02,Bình,TH01\nGV01,Cúc,TH02\n");
  expect_first(all, errc::duplicate_subject, 4, 1, "GV01 appears twice (first on line 2)");
  EXPECT_EQ(all.size(), 1U);
}

TEST(MembersErrors, EmptyId) {
  expect_first(problems("name,id,unit\nAn,GV01,TH01\nBình,,TH01\n"), errc::empty_id, 3, 2, "no subject id");
}

TEST(MembersErrors, RaggedRow) {
  expect_first(problems("id,name,unit\nGV01,An,TH01,extra\n"), errc::ragged_row, 2, 0, "4 cells, expected 3");
}

TEST(MembersErrors, NotANumber) {
  expect_first(problems("id;name;unit;days_absent\nGV01;An;TH01;ba\n"), errc::not_a_number, 2, 4,
               "days_absent = \"ba\" is not a number");
}

TEST(MembersErrors, NegativeField) {
  expect_first(problems("id,unit,months_in_service\nGV01,TH01,-2\n"), errc::negative_value, 2, 3,
               "months_in_service = -2");
}

TEST(MembersErrors, BadFlagValue) {
  expect_first(problems("id,unit,flag:ky_luat\nGV01,TH01,maybe\n"), errc::bad_flag_value, 2, 3,
               "flag:ky_luat = \"maybe\" is not yes/no");
}

TEST(MembersErrors, DuplicateColumnAndUnnamedFlag) {
  expect_first(problems("id,unit,flag:x,FLAG:X\nGV01,TH01,1,0\n"), errc::duplicate_column, 1, 4, "first in column 3");
  expect_first(problems("id,unit,flag:\nGV01,TH01,1\n"), errc::unknown_column, 1, 3, "needs a name after 'flag:'");
}

TEST(MembersErrors, InvalidUtf8AndUnterminatedQuote) {
  expect_first(problems("id,name,unit\nGV01,Tr\xE1n,TH01\n"), errc::invalid_utf8, 2, 2, "byte 3");
  expect_first(problems("id,name,unit\nGV01,\"An,TH01\n"), errc::unterminated_quote, 2, 2, "never closes");
}

TEST(MembersErrors, EveryProblemIsReported) {
  const auto all = problems("id,unit,days_absent\nGV01,TH01,x1\n,TH01,2\nGV01,TH02,3\n");
  ASSERT_EQ(all.size(), 3U);
  EXPECT_EQ(all[0].code, errc::not_a_number);
  EXPECT_EQ(all[1].code, errc::empty_id);
  EXPECT_EQ(all[2].code, errc::duplicate_subject);
  EXPECT_THROW((void)thidua::parse_members("id,unit\n,U\n"), thidua::input_error);
}

TEST(Members, AddRejectsBadRecords) {
  thidua::members m({"a"}, {"days"});
  EXPECT_EQ(m.add({.id = "X", .unit = "U", .fields = {std::nullopt}}), 0U);
  EXPECT_THROW(m.add({.id = "X", .unit = "U", .fields = {std::nullopt}}), std::invalid_argument);
  EXPECT_THROW(m.add({.id = "", .unit = "U", .fields = {std::nullopt}}), std::invalid_argument);
  EXPECT_THROW(m.add({.id = "Y", .unit = "U", .fields = {}}), std::invalid_argument);
  EXPECT_THROW(thidua::members(std::vector<std::string>(65, "f"), {}), std::length_error);
}

// ---------------------------------------------------------------------------------------
// The organisation

constexpr std::string_view staff_csv =
    "id,name,unit\n"
    "GV01,An,TH01\n"
    "GV02,Bình,THCS01\n"
    "GV03,Cúc,TH01\n"
    "GV04,Dũng,TH02\n"
    "GV05,Hoa,THCS01\n"
    "GV06,Lan,TH01\n"
    "GV07,Minh,TH02\n";

TEST(Organisation, TwoBlocksThreeUnitsSevenMembers) {
  const auto units = units_sheet({{"TH01", "Tiểu học"}, {"THCS01", "THCS"}, {"TH02", "Tiểu học"}});
  const auto staff = thidua::parse_members(staff_csv, "can-bo.csv");
  const auto org = thidua::build_organisation(units, staff);

  EXPECT_EQ(org.block_count(), 2U);
  EXPECT_EQ(org.unit_count(), 3U);
  EXPECT_EQ(org.member_count(), 7U);
  EXPECT_EQ(boost::num_vertices(org.graph()), 12U);
  EXPECT_EQ(boost::num_edges(org.graph()), 10U);

  using views = std::vector<std::string_view>;
  EXPECT_EQ(org.blocks(), (views{"Tiểu học", "THCS"}));
  EXPECT_EQ(org.units_of("Tiểu học"), (views{"TH01", "TH02"}));
  EXPECT_EQ(org.units_of("THCS"), (views{"THCS01"}));
  EXPECT_TRUE(org.units_of("nowhere").empty());
  EXPECT_EQ(org.members_of("TH01"), (views{"GV01", "GV03", "GV06"}));  // file order
  EXPECT_EQ(org.members_of("TH02"), (views{"GV04", "GV07"}));
  EXPECT_EQ(org.members_of("THCS01"), (views{"GV02", "GV05"}));
  EXPECT_EQ(org.member_rows("TH01"), (std::vector<std::size_t>{0, 2, 5}));
  EXPECT_EQ(staff[org.member_rows("TH02")[1]].name, "Minh");
  EXPECT_EQ(org.member_count("TH01"), 3U);
  EXPECT_EQ(org.member_count("nowhere"), 0U);
  EXPECT_EQ(org.unit_of("GV05"), std::optional<std::string_view>("THCS01"));
  EXPECT_FALSE(org.unit_of("GV99").has_value());
  EXPECT_EQ(org.block_of("TH02"), std::optional<std::string_view>("Tiểu học"));
  EXPECT_FALSE(org.block_of("GV01").has_value());  // a member is not a unit
  EXPECT_TRUE(org.has_block("THCS"));
  EXPECT_TRUE(org.has_unit("TH02"));
  EXPECT_TRUE(org.has_member("GV07"));
  EXPECT_FALSE(thidua::find_cycle(org.graph()).has_value());

  // A unit without members and a unit without a block.
  const auto more = units_sheet({{"TH01", "Tiểu học"}, {"MN01", ""}});
  const auto one = thidua::parse_members("id,unit\nGV01,TH01\n");
  const auto small = thidua::build_organisation(more, one);
  EXPECT_TRUE(small.members_of("MN01").empty());
  EXPECT_EQ(small.block_of("MN01"), std::optional<std::string_view>(""));
}

TEST(Organisation, UnknownUnitWithSuggestion) {
  const auto units = units_sheet({{"TH01", "Tiểu học"}, {"THCS01", "THCS"}});
  const auto staff = thidua::parse_members("id,name,unit\nGV01,An,TH01\nGV02,Bình,THCS1\nGV03,Cúc,ZZZZZZ\n",
                                           "can-bo.csv");
  thidua::diagnostics d;
  EXPECT_FALSE(thidua::build_organisation(units, staff, d).has_value());
  ASSERT_EQ(d.count(), 2U);
  const auto& first = d.items()[0];
  EXPECT_EQ(first.code, errc::unknown_unit);
  EXPECT_EQ(first.id(), "thidua.data.126");
  EXPECT_EQ(first.where.file, "can-bo.csv");
  EXPECT_EQ(first.where.line, 3U);
  EXPECT_EQ(first.where.column, 3U);
  EXPECT_NE(first.message.find("member GV02 belongs to unit THCS1, which is not a unit of don-vi.csv; did you mean "
                               "THCS01?"),
            std::string::npos)
      << first.message;
  EXPECT_EQ(d.items()[1].where.line, 4U);
  EXPECT_EQ(d.items()[1].message.find("did you mean"), std::string::npos) << d.items()[1].message;
  EXPECT_THROW((void)thidua::build_organisation(units, staff), thidua::input_error);
}

TEST(Organisation, DuplicateUnitInTheSheet) {
  const auto units = units_sheet({{"TH01", "A"}, {"TH01", "B"}});
  const auto staff = thidua::parse_members("id,unit\nGV01,TH01\n");
  thidua::diagnostics d;
  EXPECT_FALSE(thidua::build_organisation(units, staff, d).has_value());
  ASSERT_EQ(d.count(), 1U);
  EXPECT_EQ(d.items()[0].code, errc::duplicate_subject);
  EXPECT_EQ(d.items()[0].where.file, "don-vi.csv");
  EXPECT_EQ(d.items()[0].where.line, 3U);
  EXPECT_NE(d.items()[0].message.find("first on line 2"), std::string::npos);
}

TEST(Organisation, AddersRejectBadStructure) {
  thidua::organisation org;
  org.add_unit("U1", "B1");
  EXPECT_THROW(org.add_unit("U1", "B2"), std::invalid_argument);
  EXPECT_THROW(org.add_member("M1", "U9"), std::invalid_argument);
  org.add_member("M1", "U1");
  EXPECT_THROW(org.add_member("M1", "U1"), std::invalid_argument);
  EXPECT_EQ(org.add_block("B1"), org.add_block("B1"));
  EXPECT_EQ(org.block_count(), 1U);
}

// ---------------------------------------------------------------------------------------
// Cycles

using graph = thidua::organisation::graph_type;
using kind = thidua::organisation::node_kind;

graph::vertex_descriptor add(graph& g, std::string id) {
  return boost::add_vertex(thidua::organisation::node{kind::unit, std::move(id), 0}, g);
}

TEST(FindCycle, NamesTheCycleInOrder) {
  graph g;
  const auto root = add(g, "ROOT");
  const auto a = add(g, "A");
  const auto b = add(g, "B");
  const auto c = add(g, "C");
  const auto leaf = add(g, "LEAF");
  boost::add_edge(root, a, g);
  boost::add_edge(a, leaf, g);
  boost::add_edge(a, b, g);
  boost::add_edge(b, c, g);
  boost::add_edge(c, a, g);
  const auto cycle = thidua::find_cycle(g);
  ASSERT_TRUE(cycle.has_value());
  EXPECT_EQ(*cycle, (std::vector<std::string>{"A", "B", "C", "A"}));
}

TEST(FindCycle, SelfLoopAndAcyclicGraphs) {
  graph g;
  const auto a = add(g, "A");
  const auto b = add(g, "B");
  const auto c = add(g, "C");
  boost::add_edge(a, b, g);
  boost::add_edge(a, c, g);
  boost::add_edge(b, c, g);  // a diamond-like DAG: a cross edge, not a cycle
  EXPECT_FALSE(thidua::find_cycle(g).has_value());
  EXPECT_FALSE(thidua::find_cycle(graph{}).has_value());
  boost::add_edge(c, c, g);
  EXPECT_EQ(thidua::find_cycle(g), (std::optional<std::vector<std::string>>(std::vector<std::string>{"C", "C"})));
}

TEST(FindCycle, CycleReachedFromALaterRoot) {
  graph g;
  const auto x = add(g, "X");
  const auto p = add(g, "P");
  const auto q = add(g, "Q");
  (void)x;
  boost::add_edge(p, q, g);
  boost::add_edge(q, p, g);
  EXPECT_EQ(thidua::find_cycle(g), (std::optional<std::vector<std::string>>(std::vector<std::string>{"P", "Q", "P"})));
}

}  // namespace
