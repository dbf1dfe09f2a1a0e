// The worked example of docs/scheme.md is run as written: its TOML and CSV blocks are read
// from the document and the results table is checked number by number.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <thidua/thidua.hpp>

namespace {

std::string doc() {
  std::ifstream in(THIDUA_DOCS_DIR "/scheme.md");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The fenced block right after `<!-- worked-example:NAME -->`.
std::string block(const std::string& text, const std::string& name) {
  const auto marker = text.find("<!-- worked-example:" + name + " -->");
  if (marker == std::string::npos) return {};
  const auto open = text.find("```", marker);
  const auto body = text.find('\n', open) + 1;
  const auto close = text.find("```", body);
  return text.substr(body, close - body);
}

std::vector<std::vector<std::string>> table_rows(const std::string& text) {
  const auto marker = text.find("<!-- worked-example:results -->");
  std::istringstream in(text.substr(marker));
  std::string line;
  std::vector<std::vector<std::string>> rows;
  std::getline(in, line);  // the marker
  while (std::getline(in, line) && line.starts_with("|")) {
    std::vector<std::string> cells;
    std::istringstream cs(line.substr(1));
    std::string cell;
    while (std::getline(cs, cell, '|')) {
      const auto b = cell.find_first_not_of(' '), e = cell.find_last_not_of(' ');
      cells.push_back(b == std::string::npos ? "" : cell.substr(b, e - b + 1));
    }
    rows.push_back(cells);
  }
  return rows;
}

TEST(Docs, WorkedExampleOfTheSchemeFormat) {
  const std::string text = doc();
  const std::string toml = block(text, "scheme"), csv = block(text, "scores");
  ASSERT_FALSE(toml.empty());
  ASSERT_FALSE(csv.empty());
  const auto s = thidua::parse_scheme(toml, "scheme.md");
  const auto sh = thidua::parse_sheet(s, csv, "scheme.md");
  const auto r = thidua::rank(s, sh);
  const auto rows = table_rows(text);
  ASSERT_EQ(rows.size(), 2U + sh.size());  // header, separator, one row per school
  for (std::size_t k = 2; k < rows.size(); ++k) {
    const auto& row = rows[k];
    ASSERT_EQ(row.size(), 6U);
    const std::ptrdiff_t i = r.find(row[0]);
    ASSERT_GE(i, 0) << row[0];
    const auto u = static_cast<std::size_t>(i);
    EXPECT_EQ(r.family(u, 0).to_string(2), row[1]) << row[0];
    EXPECT_EQ(r.family(u, 1).to_string(2), row[2]) << row[0];
    EXPECT_EQ(r.total(u).to_string(2), row[3]) << row[0];
    EXPECT_EQ(s.classes[static_cast<std::size_t>(r.class_index(u))].id, row[4]) << row[0];
    EXPECT_EQ(std::to_string(r.rank(u)), row[5]) << row[0];
  }
}

}  // namespace
