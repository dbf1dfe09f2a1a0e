// JSON schemes and score sheets (docs/json-input.md): the same meaning and checks as TOML and
// CSV, positions as JSON line:column plus the value's JSON pointer.
#include <gtest/gtest.h>
#include <sstream>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thidua/thidua.hpp>
#include <vector>

#include "cli_run.hpp"

namespace {

namespace fs = std::filesystem;
using namespace thidua;

const std::string json_dir = THIDUA_TEST_DATA "/json/";
const std::string sample_dir = THIDUA_EXAMPLES_DATA "/";

std::string messages(const diagnostics& d) {
  std::string s;
  for (const auto& x : d.items()) s += x.to_string() + "\n";
  return s;
}

/// "id@pointer" for each diagnostic.
std::vector<std::string> pointers(const diagnostics& d) {
  std::vector<std::string> out;
  for (const auto& x : d.items()) out.push_back(std::string(x.id()) + "@" + x.where.pointer);
  return out;
}

// A small valid scheme: three points criteria whose maxima make the scale.
std::string small_scheme(const std::string& third = R"({"id": "C3", "family": "a", "max": 30})",
                         const std::string& first = R"({"id": "C1", "family": "a", "name": "Một", "max": 40})") {
  return R"({
  "scheme": {"id": "json-test", "scale": 100, "precision": 2},
  "family": [{"id": "a", "name": "A"}],
  "criterion": [
    )" + first + R"(,
    {"id": "C2", "family": "a", "max": 30, "step": 0.05},
    )" + third + R"(
  ],
  "class": [{"id": "tot", "name": "Tốt", "min": 70.1}, {"id": "dat", "name": "Đạt", "min": 0}]
}
)";
}

scheme small() { return parse_scheme_json(small_scheme(), "small.json"); }

// --- the sample, both formats --------------------------------------------------------

TEST(JsonInput, SampleRanksAsFromTomlAndCsv) {
  const scheme toml = load_scheme(sample_dir + "truong-hoc-2024-2025.toml");
  const scheme json = load_scheme(json_dir + "truong-hoc-2024-2025.json");
  ASSERT_EQ(json.criteria.size(), toml.criteria.size());
  EXPECT_EQ(json.titles.size(), toml.titles.size());
  EXPECT_EQ(json.classes.size(), toml.classes.size());
  ASSERT_TRUE(json.member_scheme);  // [members] scheme: a TOML file named from JSON
  for (std::size_t k = 0; k < toml.criteria.size(); ++k) {
    EXPECT_EQ(json.criteria[k].id, toml.criteria[k].id);
    EXPECT_EQ(json.criteria[k].max, toml.criteria[k].max);
    EXPECT_EQ(json.criteria[k].tiers.size(), toml.criteria[k].tiers.size());
  }
  // Definition sites are JSON lines: "criterion" opens on a line of its own, each one below.
  EXPECT_GT(json.criteria[0].site.line, 20U);
  EXPECT_LT(json.criteria[0].site.line, json.criteria[1].site.line);

  const sheet csv = load_sheet(toml, sample_dir + "diem-hoi-dong.csv");
  const sheet from_json = load_sheet(json, json_dir + "diem-hoi-dong.json");
  ASSERT_EQ(from_json.size(), 60U);
  EXPECT_EQ(from_json.source_line(0), 3U);  // the row's line in the JSON text
  EXPECT_EQ(from_json.source_line(59), 62U);
  const ranking a = rank(toml, csv), b = rank(json, from_json);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    SCOPED_TRACE(std::string(a.id(i)));
    EXPECT_EQ(a.id(i), b.id(i));
    EXPECT_EQ(a.name(i), b.name(i));
    EXPECT_EQ(a.total(i), b.total(i));
    EXPECT_EQ(a.class_index(i), b.class_index(i));
    EXPECT_EQ(a.rank(i), b.rank(i));
  }
  for (std::size_t i = 0; i < csv.size(); ++i) {
    EXPECT_TRUE(std::equal(csv.values(i).begin(), csv.values(i).end(), from_json.values(i).begin())) << csv.id(i);
    EXPECT_EQ(csv.flags(i), from_json.flags(i)) << csv.id(i);
  }
}

TEST(JsonInput, ChunkedReadingGivesTheDocumentAsOnePiece) {
  const scheme s = load_scheme(sample_dir + "truong-hoc-2024-2025.toml");
  diagnostics d;
  std::vector<sheet> pieces;
  EXPECT_TRUE(read_sheet_chunks(s, json_dir + "diem-hoi-dong.json", d, {}, 10,
                                [&](sheet&& piece) { pieces.push_back(std::move(piece)); }))
      << messages(d);
  ASSERT_EQ(pieces.size(), 1U);
  EXPECT_EQ(pieces[0].size(), 60U);
  EXPECT_EQ(rank_file(s, json_dir + "diem-hoi-dong.json").size(), 60U);
}

// --- schemes: types, numbers, positions ----------------------------------------------

TEST(JsonScheme, NumbersKeepTheirKindAndAreExact) {
  const scheme s = small();
  EXPECT_EQ(s.criteria[0].max, points("40"));
  EXPECT_EQ(s.criteria[1].step, points("0.05"));
  EXPECT_EQ(s.classes[0].min, points("70.1"));
  EXPECT_EQ(s.precision, 2);
  // precision must be an integer, as in TOML: 2.0 is a float.
  diagnostics d;
  std::string text = small_scheme();
  text.replace(text.find("\"precision\": 2"), 14, "\"precision\": 2.0");
  EXPECT_FALSE(parse_scheme_json(text, "p.json", d));
  ASSERT_EQ(pointers(d), std::vector<std::string>{"thidua.scheme.103@/scheme/precision"}) << messages(d);
}

TEST(JsonScheme, WrongTypeNamesThePointerAndTheJsonPosition) {
  diagnostics d;
  const std::string text = small_scheme(R"({"id": "C3", "family": "a", "max": "abc"})");
  EXPECT_FALSE(parse_scheme_json(text, "x.json", d));
  ASSERT_EQ(pointers(d), std::vector<std::string>{"thidua.scheme.103@/criterion/2/max"}) << messages(d);
  const diagnostic& w = d.items()[0];
  EXPECT_EQ(w.where.file, "x.json");
  EXPECT_EQ(w.where.line, 7U);
  EXPECT_EQ(w.where.column, 40U);  // the column of "abc" in its line
  EXPECT_EQ(w.to_string(), "[thidua.scheme.103] x.json:7:40 (/criterion/2/max): 'criterion.C3.max' must be a number");
}

TEST(JsonScheme, UnknownKeyWithSuggestion) {
  diagnostics d;
  EXPECT_FALSE(parse_scheme_json(small_scheme(R"({"id": "C3", "family": "a", "maxx": 30})"), "k.json", d));
  const auto p = pointers(d);
  ASSERT_NE(std::find(p.begin(), p.end(), "thidua.scheme.104@/criterion/2/maxx"), p.end()) << messages(d);
  ASSERT_NE(std::find(p.begin(), p.end(), "thidua.scheme.102@/criterion/2"), p.end()) << messages(d);
  for (const auto& x : d.items()) {
    if (x.code == errc::unknown_key) {
      EXPECT_NE(x.message.find("did you mean 'max'?"), std::string::npos) << x.message;
      EXPECT_EQ(x.where.line, 7U);
      EXPECT_EQ(x.where.column, 33U);  // the key
    }
  }
}

TEST(JsonScheme, DuplicateIdNamesTheFirstDefinition) {
  diagnostics d;
  EXPECT_FALSE(parse_scheme_json(small_scheme(R"({"id": "C1", "family": "a", "max": 30})"), "dup.json", d));
  ASSERT_FALSE(d.items().empty());
  const diagnostic* dup = nullptr;
  for (const auto& x : d.items())
    if (x.code == errc::duplicate_id) dup = &x;
  ASSERT_NE(dup, nullptr) << messages(d);
  EXPECT_EQ(dup->where.pointer, "/criterion/2");
  EXPECT_NE(dup->message.find("first defined at line 5 (/criterion/0)"), std::string::npos) << dup->message;
}

TEST(JsonScheme, NullIsAnAbsentKey) {
  diagnostics d;
  EXPECT_FALSE(parse_scheme_json(small_scheme(R"({"id": "C3", "family": "a", "max": null})"), "n.json", d));
  ASSERT_EQ(pointers(d), std::vector<std::string>{"thidua.scheme.102@/criterion/2"}) << messages(d);
  // "name": null is simply no name.
  diagnostics ok;
  EXPECT_TRUE(parse_scheme_json(small_scheme(R"({"id": "C3", "family": "a", "name": null, "max": 30})"), "n.json", ok))
      << messages(ok);
}

TEST(JsonScheme, SyntaxErrorsAreScheme118WithLineAndColumn) {
  diagnostics d;
  EXPECT_FALSE(parse_scheme_json("{\n  \"scheme\": {\"id\": \"x\",}\n}\n", "bad.json", d));
  ASSERT_EQ(d.items().size(), 1U);
  const diagnostic& e = d.items()[0];
  EXPECT_EQ(e.id(), "thidua.scheme.118");
  EXPECT_EQ(e.where.line, 2U);
  EXPECT_GE(e.where.column, 24U);
  EXPECT_NE(e.message.find("not valid JSON at line 2, column"), std::string::npos) << e.message;

  diagnostics twice;
  EXPECT_FALSE(parse_scheme_json(R"({"scheme": {"id": "x", "id": "y"}})", "twice.json", twice));
  ASSERT_EQ(twice.items().size(), 1U);
  EXPECT_EQ(twice.items()[0].id(), "thidua.scheme.118");
  EXPECT_NE(twice.items()[0].message.find("appears twice"), std::string::npos);

  diagnostics array;
  EXPECT_FALSE(parse_scheme_json("[1, 2]", "array.json", array));
  ASSERT_EQ(array.items().size(), 1U);
  EXPECT_EQ(array.items()[0].id(), "thidua.scheme.103");

  EXPECT_THROW(parse_scheme_json("{", "x.json"), input_error);

  // Deep nesting is refused, not recursed into.
  diagnostics deep;
  EXPECT_FALSE(parse_scheme_json("{\"x\": " + std::string(5000, '[') + std::string(5000, ']') + "}", "deep.json", deep));
  ASSERT_EQ(deep.items().size(), 1U);
  EXPECT_EQ(deep.items()[0].id(), "thidua.scheme.118");
}

TEST(JsonScheme, NfdTextIsNormalised) {
  // "dân" written decomposed (a + combining circumflex) and as \u escapes.
  std::string text = small_scheme();
  text.replace(text.find("\"id\": \"a\", \"name\": \"A\""), 22, "\"id\": \"da\xCC\x82n\", \"name\": \"A\"");
  for (std::size_t at = 0; (at = text.find("\"family\": \"a\"", at)) != std::string::npos;)
    text.replace(at, 13, "\"family\": \"d\\u0061\\u0302n\"");
  diagnostics d;
  const auto s = parse_scheme_json(text, "nfd.json", d);
  ASSERT_TRUE(s) << messages(d);
  EXPECT_EQ(s->families[0].id, "d\xC3\xA2n");
  EXPECT_EQ(s->criteria[0].family, "d\xC3\xA2n");
  EXPECT_EQ(s->criteria[0].name, "Một");
}

TEST(JsonScheme, DetectedByExtensionOrFirstByte) {
  const fs::path dir = thidua_test::scratch_dir("thidua-json");
  {
    std::ofstream(dir / "scheme.JSON") << small_scheme();
    std::ofstream(dir / "scheme-without-extension") << "\xEF\xBB\xBF  \n" << small_scheme();
  }
  EXPECT_EQ(load_scheme(dir / "scheme.JSON").criteria.size(), 3U);
  EXPECT_EQ(load_scheme(dir / "scheme-without-extension").criteria.size(), 3U);
  // A .toml file is TOML whatever it starts with.
  std::ofstream(dir / "scheme.toml") << small_scheme();
  diagnostics d;
  EXPECT_FALSE(load_scheme(dir / "scheme.toml", d));
  ASSERT_FALSE(d.items().empty());
  EXPECT_EQ(d.items()[0].id(), "thidua.scheme.101");
}

// --- sheets --------------------------------------------------------------------------

TEST(JsonSheet, ExactDecimalsFlagsNullAndNotApplicable) {
  const scheme s = small();
  const sheet sh = parse_sheet_json(s, R"({"rows": [
    {"id": "A", "C1": 0.1, "C2": 0.2, "C3": 0},
    {"id": "B", "C1": 1.5e1, "C2": "N/A", "C3": null},
    {"id": "C", "C1": "39,5", "C2": 30, "C3": 30}
  ]})",
                                    "d.json");
  ASSERT_EQ(sh.size(), 3U);
  EXPECT_EQ(sheet::decode(sh.values(0)[0]), points("0.1"));
  EXPECT_EQ(sheet::decode(sh.values(1)[0]), points("15"));
  EXPECT_EQ(sh.values(1)[1], sheet::not_applicable);
  EXPECT_EQ(sh.values(1)[2], sheet::missing);
  EXPECT_EQ(sheet::decode(sh.values(2)[0]), points("39.5"));  // a string is read as a CSV cell
  const ranking r = rank(s, sh);
  for (std::size_t i = 0; i < r.size(); ++i) {
    if (r.id(i) == "A") {
      EXPECT_EQ(r.total(i), points("0.3"));  // 0.1 + 0.2, exactly
    }
  }
}

TEST(JsonSheet, LongFormAndTopLevelArrayReadAsWide) {
  const scheme s = small();
  const sheet wide = parse_sheet_json(s, R"([{"id": "A", "name": "Trường A", "C1": 10, "C2": 20.5, "C3": 30}])", "w.json");
  const sheet entries = parse_sheet_json(s, R"({"entries": [
    {"id": "A", "name": "Trường A", "criterion": "C1", "value": 10},
    {"id": "A", "name": "Trường A", "criterion": "C2", "value": 20.5},
    {"id": "A", "name": "Trường A", "criterion": "C3", "value": 30, "assessor": "hội đồng"}
  ]})",
                                         "l.json");
  ASSERT_EQ(wide.size(), 1U);
  ASSERT_EQ(entries.size(), 1U);
  EXPECT_EQ(wide.name(0), entries.name(0));
  EXPECT_TRUE(std::equal(wide.values(0).begin(), wide.values(0).end(), entries.values(0).begin()));
}

TEST(JsonSheet, ValueAboveMaximumNamesTheCell) {
  const scheme s = small();
  std::string text = "{\"rows\": [\n";
  for (int k = 0; k < 6; ++k)
    text += "  {\"id\": \"S" + std::to_string(k) + "\", \"C1\": 1, \"C2\": " + (k == 5 ? "30.5" : "2") +
            ", \"C3\": 3}" + (k < 5 ? ",\n" : "\n");
  text += "]}\n";
  diagnostics d;
  EXPECT_FALSE(parse_sheet_json(s, text, "max.json", d));
  ASSERT_EQ(pointers(d), std::vector<std::string>{"thidua.data.112@/rows/5/C2"}) << messages(d);
  EXPECT_EQ(d.items()[0].where.line, 7U);
  EXPECT_EQ(d.items()[0].where.column, 31U);
  EXPECT_NE(d.items()[0].to_string().find("max.json:7:31 (/rows/5/C2): "), std::string::npos)
      << d.items()[0].to_string();
}

TEST(JsonSheet, ShapeAndTypeErrors) {
  const scheme s = small();
  diagnostics d;
  EXPECT_FALSE(parse_sheet_json(s, R"({"rows": [
    {"id": "A", "C1": {"x": 1}, "C2": 1, "C3": 1},
    7,
    {"id": "A", "C1": 1, "C2": 1, "C3": 1, "C4": 2},
    {"id": "B", "C1": true, "C2": 1, "C3": 1}
  ], "extra": 1})",
                                "shape.json", d));
  const std::vector<std::string> expected = {
      "thidua.data.141@/rows/0/C1",  // an object as a cell (no "missing value" echo)
      "thidua.data.141@/rows/1",     // a row that is not an object (a number)
      "thidua.data.106@/rows/2/id",  // A twice
      "thidua.data.104@/rows/2/C4",  // unknown column: the first key that named it
      "thidua.data.108@/rows/3/C1",  // true is not a number for a points criterion
      "thidua.data.141@/extra",
  };
  EXPECT_EQ(pointers(d), expected) << messages(d);
  for (const auto& x : d.items()) {
    if (x.code == errc::duplicate_subject) {
      EXPECT_NE(x.message.find("line 2 (/rows/0)"), std::string::npos) << x.message;
    }
  }
}

TEST(JsonSheet, MessagesSpeakOfKeysNotColumns) {
  // The checks are the CSV reader's; its words are put into the JSON document's terms.
  const scheme s = small();
  diagnostics d;
  EXPECT_FALSE(parse_sheet_json(s, R"({"rows": [
    {"id": "A", "C1": 1, "C3": 1, "C9": 2, "flag:": true}
  ]})",
                                "words.json", d));
  std::vector<std::string> got;
  for (const auto& x : d.items()) got.push_back(std::string(x.id()) + ": " + x.message);
  const std::vector<std::string> expected = {
      "thidua.data.117: the scheme's criterion C2 is in no row: expected a key named C2",
      "thidua.data.104: unknown key C9; did you mean C1?",
      "thidua.data.104: unknown key flag:; a flag key needs a name after 'flag:', such as flag:ky_luat",
  };
  EXPECT_EQ(got, expected) << messages(d);
  for (const auto& x : d.items()) EXPECT_EQ(x.message.find("column"), std::string::npos) << x.message;

  diagnostics no_id;
  EXPECT_FALSE(parse_sheet_json(s, R"({"rows": [{"name": "Trường A", "C1": 1, "C2": 1, "C3": 1}]})", "no-id.json", no_id));
  ASSERT_FALSE(no_id.items().empty());
  EXPECT_EQ(no_id.items()[0].id(), "thidua.data.103");
  EXPECT_EQ(no_id.items()[0].message, "the rows have no \"id\" key (found: name, C1, C2, C3)") << messages(no_id);

  diagnostics long_form;
  EXPECT_FALSE(parse_sheet_json(s, R"({"entries": [{"id": "A", "criterion": "C7", "value": 1}]})", "long.json",
                                long_form));
  ASSERT_FALSE(long_form.items().empty());
  EXPECT_EQ(long_form.items()[0].message, "unknown criterion C7; did you mean C1?") << messages(long_form);
  diagnostics far;
  EXPECT_FALSE(parse_sheet_json(s, R"({"entries": [{"id": "A", "criterion": "XYZW", "value": 1}]})", "far.json", far));
  ASSERT_FALSE(far.items().empty());
  EXPECT_EQ(far.items()[0].message,
            "unknown criterion XYZW: expected a criterion id of the scheme, bonus, deduction or "
            "flag:NAME")
      << messages(far);
}

TEST(JsonSheet, SyntaxErrorIsData140) {
  const scheme s = small();
  diagnostics d;
  EXPECT_FALSE(parse_sheet_json(s, "{\"rows\": [\n  {\"id\": \"A\" \"C1\": 1}\n]}", "bad.json", d));
  ASSERT_EQ(d.items().size(), 1U);
  EXPECT_EQ(d.items()[0].id(), "thidua.data.140");
  EXPECT_EQ(d.items()[0].where.line, 2U);
  EXPECT_NE(d.items()[0].message.find("line 2, column"), std::string::npos) << d.items()[0].message;
  EXPECT_THROW(parse_sheet_json(s, "[", "bad.json"), input_error);

  // A deeply nested cell is skipped (no recursion) and reported once.
  diagnostics deep;
  EXPECT_FALSE(parse_sheet_json(s, "[{\"id\": \"A\", \"C1\": " + std::string(20000, '[') + std::string(20000, ']') +
                                       ", \"C2\": 1, \"C3\": 1}]",
                                "deep.json", deep));
  EXPECT_EQ(pointers(deep), std::vector<std::string>{"thidua.data.141@/0/C1"}) << messages(deep);
}

TEST(JsonSheet, NfdIdsAreNormalised) {
  const scheme s = small();
  const sheet sh = parse_sheet_json(s, R"([{"id": "Tru\u031bo\u031b\u0300ng", "C1": 1, "C2": 1, "C3": 1}])", "nfd.json");
  ASSERT_EQ(sh.size(), 1U);
  EXPECT_EQ(sh.id(0), "Trường");
}

TEST(JsonSheet, AssessorsOfAFile) {
  const fs::path dir = thidua_test::scratch_dir("thidua-json");
  std::ofstream(dir / "both.json") << R"({"entries": [
    {"id": "A", "criterion": "C1", "value": 10, "assessor": "tự chấm"},
    {"id": "A", "criterion": "C1", "value": 9, "assessor": "hội đồng"}
  ]})";
  EXPECT_TRUE(sheet_has_assessor(dir / "both.json", assessor_filter::self));
  EXPECT_TRUE(sheet_has_assessor(dir / "both.json", assessor_filter::review));
  std::ofstream(dir / "review.json") << R"({"entries": [{"id": "A", "criterion": "C1", "value": 9}]})";
  EXPECT_FALSE(sheet_has_assessor(dir / "review.json", assessor_filter::self));
}

// --- the command line ----------------------------------------------------------------

// A CSV table as JSON rows: flags as booleans, numbers as numbers, the rest as strings.
std::string rows_json_of_csv(const std::string& file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header;
  for (std::stringstream h(line); std::getline(h, line, ',');) header.push_back(line);
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    nlohmann::ordered_json row = nlohmann::ordered_json::object();
    std::stringstream cells(line);
    std::string cell;
    for (const auto& key : header) {
      if (!std::getline(cells, cell, ',')) cell.clear();
      if (key.starts_with("flag:") || key == "revoked") row[key] = cell == "1";
      else if (!cell.empty() && cell.find_first_not_of("0123456789.") == std::string::npos) row[key] = std::stod(cell);
      else row[key] = cell;
    }
    rows.push_back(row);
  }
  return nlohmann::ordered_json{{"rows", rows}}.dump(1);
}

TEST(JsonTables, MembersAndHistoryAsJsonRows) {
  // A staff-records system sends the members (and earlier years) as JSON rows: the same
  // records as the CSV, each line the line of its object.
  const members csv = load_members(sample_dir + "can-bo.csv");
  const std::string text = rows_json_of_csv(sample_dir + "can-bo.csv");
  const members json = parse_members_json(text, "can-bo.json");
  ASSERT_EQ(json.size(), csv.size());
  EXPECT_EQ(json.flag_names(), csv.flag_names());
  EXPECT_EQ(json.field_names(), csv.field_names());
  std::size_t different = 0;
  for (std::size_t i = 0; i < csv.size(); ++i) {
    const auto &a = csv[i], &b = json[i];
    if (!(a.id == b.id && a.name == b.name && a.unit == b.unit && a.flags == b.flags && a.fields == b.fields)) ++different;
  }
  EXPECT_EQ(different, 0U);
  // dump(1): "{", ' "rows": [', then each object opens on its own line, 13 lines apart here.
  EXPECT_EQ(json[0].line, 3U);
  EXPECT_EQ(json[1].line, 3U + (1 + 2 + csv.flag_names().size() + csv.field_names().size() + 1 + 1));

  const history h_csv = load_history_csv(sample_dir + "lich-su.csv");
  const history h_json = parse_history_json(rows_json_of_csv(sample_dir + "lich-su.csv"), "lich-su.json");
  ASSERT_EQ(h_json.entries().size(), h_csv.entries().size());
  for (std::size_t i = 0; i < h_csv.entries().size(); ++i) {
    const auto &a = h_csv.entries()[i], &b = h_json.entries()[i];
    ASSERT_TRUE(a.year == b.year && a.id == b.id && a.title == b.title && a.class_id == b.class_id &&
                a.revoked == b.revoked)
        << i;
  }
}

TEST(JsonTables, MemberProblemsPointIntoTheJson) {
  diagnostics d;
  EXPECT_FALSE(parse_members_json(R"({"rows": [
  {"id": "GV1", "name": "Nguyễn Văn A", "unit": "MN01", "flag:ky_luat": false},
  {"id": "GV2", "name": "Trần Thị B", "unit": "MN01", "flag:ky_luat": "có lẽ"},
  {"id": "GV1", "name": "Lê C", "unit": "MN02", "flag:ky_luat": true}
]})",
                                  "can-bo.json", d));
  const std::vector<std::string> expected = {"thidua.data.114@/rows/1/flag:ky_luat", "thidua.data.106@/rows/2/id"};
  EXPECT_EQ(pointers(d), expected) << messages(d);
  ASSERT_EQ(d.items().size(), 2U);
  EXPECT_EQ(d.items()[0].where.line, 3U);
  diagnostics no_unit;
  EXPECT_FALSE(parse_members_json(R"([{"id": "GV1", "name": "A"}])", "x.json", no_unit));
  ASSERT_FALSE(no_unit.items().empty());
  EXPECT_EQ(no_unit.items()[0].id(), "thidua.data.127") << messages(no_unit);
  EXPECT_EQ(no_unit.items()[0].message.find("column"), std::string::npos) << messages(no_unit);
}

TEST(JsonInput, ValidateAndRankFromTheCommandLine) {
  const std::string json_scheme = json_dir + "truong-hoc-2024-2025.json";
  const std::string toml_scheme = sample_dir + "truong-hoc-2024-2025.toml";
  auto r = thidua_test::run_cli("thidua-json-cli", "validate --scheme " + json_scheme + " --scores " + json_dir +
                                                       "diem-hoi-dong.json");
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  const auto from_csv = thidua_test::run_cli(
      "thidua-json-cli", "rank --scheme " + toml_scheme + " --scores " + sample_dir + "diem-hoi-dong.csv --format json");
  const auto from_json = thidua_test::run_cli(
      "thidua-json-cli", "rank --scheme " + toml_scheme + " --scores " + json_dir + "diem-hoi-dong.json --format json");
  EXPECT_EQ(from_csv.status, 0) << from_csv.err;
  EXPECT_EQ(from_json.status, 0) << from_json.err;
  EXPECT_EQ(from_csv.out, from_json.out);

  const fs::path dir = thidua_test::scratch_dir("thidua-json");
  std::ofstream(dir / "bad.json") << "{\"rows\": [{\"id\": \"MN01\", \"CM1\": [1]}]}";
  r = thidua_test::run_cli("thidua-json-cli", "validate --scheme " + json_scheme + " --scores " + (dir / "bad.json").string());
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_NE((r.out + r.err).find("(/rows/0/CM1)"), std::string::npos) << r.out << r.err;
}

TEST(JsonTables, ValidateChecksTheMembersAgainstTheSchools) {
  // validate reads the staff (JSON rows here) and checks them as the titles will: every unit
  // a school of the score sheet, every scored member in the staff.
  const fs::path dir = thidua_test::scratch_dir("thidua-json");
  const std::string common = "validate --scheme " + sample_dir + "truong-hoc-2024-2025.toml --scores " + sample_dir +
                             "diem-hoi-dong.csv --member-scores " + sample_dir + "diem-ca-nhan.csv --members ";
  std::string rows = rows_json_of_csv(sample_dir + "can-bo.csv");
  std::ofstream(dir / "can-bo.json") << rows;
  auto r = thidua_test::run_cli("thidua-json-cli", common + (dir / "can-bo.json").string());
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("can-bo.json: every member's unit is a subject of"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("diem-ca-nhan.csv: every scored member is in the members file: OK"), std::string::npos) << r.out;

  // GV0004 moved to a unit that is no school of the sheet, GV0005 left out of the staff.
  auto doc = nlohmann::ordered_json::parse(rows);
  doc["rows"][3]["unit"] = "XX99";
  doc["rows"].erase(4);
  std::ofstream(dir / "can-bo-sai.json") << doc.dump(1);
  r = thidua_test::run_cli("thidua-json-cli", common + (dir / "can-bo-sai.json").string());
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("[thidua.data.126] " + (dir / "can-bo-sai.json").string() + ":"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("GV0004 belongs to unit XX99"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("[thidua.data.131]"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("GV0005"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
}

}  // namespace
