// `thidua history import|list|revoke|runs`: earlier years' classes and titles in a SQLite
// store (docs/history.md). Parses options, calls the library (include/thidua/history.hpp)
// and prints; every rule lives in the library.
#include <algorithm>
#include <boost/program_options.hpp>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "cli.hpp"
#include "thidua/history.hpp"
#include "thidua/writers.hpp"

namespace po = boost::program_options;

namespace thidua::cli {
namespace {

constexpr const char* overview =
    "thidua history <subcommand> --store DB [options]\n"
    "\n"
    "Earlier years' classes and titles (lịch sử thi đua) in a SQLite store:\n"
    "  import   read a history CSV into the store       (thidua history import --help)\n"
    "  list     list the stored titles (table, json, csv)\n"
    "  revoke   revoke a title (thu hồi), with a reason\n"
    "  runs     the log of imports and recorded rankings\n"
    "\n"
    "See docs/history.md.\n";

bool help(const po::variables_map& vm, const po::options_description& desc) {
  if (!vm.count("help")) return false;
  std::cout << desc << '\n';
  return true;
}

std::string store_option(const po::variables_map& vm, const std::string& command) {
  if (!vm.count("store")) usage_missing("history " + command, "--store DB");
  return vm["store"].as<std::string>();
}

// Opens a store that must exist already: a misspelt --store for list, runs or revoke should
// not quietly create an empty store. (import creates it.)
history_store open_existing(const std::string& db) {
  std::error_code ec;
  if (!std::filesystem::exists(db, ec))
    throw input_error(make_diagnostic(errc::store_failed, source_position{db, 0, 0}, db,
                                      "no such file (thidua history import creates a store)"));
  return history_store::open(db);
}

int year_option(const po::variables_map& vm) {
  const std::string text = vm["year"].as<std::string>();
  const auto y = parse_year(text);
  if (!y) usage_error("--year " + text + ": expected a year YYYY (2024) or a school year YYYY-YYYY (2023-2024)");
  return *y;
}

// The command line as typed, for the run log.
std::string command_line(const std::string& sub, const std::vector<std::string>& args) {
  std::string s = "thidua history " + sub;
  for (const auto& a : args) {
    s += ' ';
    if (!a.empty() && a.find_first_of(" \t\"'\\$`") == std::string::npos) {
      s += a;
      continue;
    }
    s += '\'';
    for (const char c : a) s += c == '\'' ? std::string("'\\''") : std::string(1, c);
    s += '\'';
  }
  return s;
}

void add_store_option(po::options_description& desc) {
  desc.add_options()("store", po::value<std::string>()->value_name("DB"), "the history store (SQLite file)");
}

// ---------------------------------------------------------------------------------------

int run_import(const std::vector<std::string>& args) {
  po::options_description desc(
      "thidua history import --store DB FILE.csv [--by NAME]\n\n"
      "Reads a history CSV (year, id, title, class, name, revoked, reason) and stores it in one\n"
      "transaction. Rows already stored for the same year, subject and title are replaced, but a\n"
      "revoked title stays revoked.\nOptions");
  add_store_option(desc);
  desc.add_options()
      ("file", po::value<std::string>()->value_name("FILE"), "the history file: CSV, .xlsx (FILE.xlsx!Sheet) or JSON")
      ("by", po::value<std::string>()->value_name("NAME"), "who imports (default: $USER)")
      ("help,h", "this help");
  po::positional_options_description positional;
  positional.add("file", 1);
  const auto vm = parse(args, desc, &positional);
  if (help(vm, desc)) return 0;
  const std::string db = store_option(vm, "import");
  if (!vm.count("file")) usage_missing("history import", "a history file (FILE.csv or FILE.xlsx)");
  const std::string file = vm["file"].as<std::string>();
  const history past = load_history_csv(file);
  run_info info;
  info.inputs_sha256 = inputs_digest({file});
  info.run_by = user_name(vm);
  info.command = command_line("import", args);
  auto store = history_store::open(db);
  store.import(past, info);
  const auto years = past.years();
  std::cout << "Đã nhập " << past.size() << " dòng lịch sử";
  if (!years.empty()) {
    std::cout << " (" << years.front();
    if (years.back() != years.front()) std::cout << "–" << years.back();
    std::cout << ")";
  }
  std::cout << " vào " << db << ".\n";
  return 0;
}

// ---------------------------------------------------------------------------------------

struct title_row {
  int year = 0;
  std::string id, title, class_id, reason;
  bool revoked = false;
};

std::string csv_cell(std::string_view v) {
  std::string s;
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r'))
    s += '\'';
  s.append(v);
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string q = "\"";
  for (const char c : s) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + '"';
}

// A plain table whose columns line up by display width (Vietnamese text is wider in bytes).
void print_table(std::ostream& out, const std::vector<std::string>& header,
                 const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> width(header.size());
  for (std::size_t c = 0; c < header.size(); ++c) width[c] = display_width(header[c]);
  for (const auto& row : rows)
    for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], display_width(row[c]));
  const auto line = [&](const std::vector<std::string>& cells) {
    std::string s;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      if (c > 0) s += "  ";
      s += cells[c];
      if (c + 1 < cells.size()) s.append(width[c] - display_width(cells[c]), ' ');
    }
    while (!s.empty() && s.back() == ' ') s.pop_back();
    out << s << '\n';
  };
  line(header);
  std::vector<std::string> rule;
  for (const std::size_t w : width) rule.emplace_back(w, '-');
  line(rule);
  for (const auto& row : rows) line(row);
}

nlohmann::ordered_json run_json(const stored_run& r) {
  nlohmann::ordered_json j;
  j["id"] = r.id;
  j["kind"] = r.kind;
  j["year"] = r.info.year != 0 ? nlohmann::ordered_json(r.info.year) : nlohmann::ordered_json(nullptr);
  j["scheme_id"] = r.info.scheme_id;
  j["scheme_title"] = r.info.scheme_title;
  j["inputs_sha256"] = r.info.inputs_sha256;
  j["run_by"] = r.info.run_by;
  j["host"] = r.info.host;
  j["command"] = r.info.command;
  j["recorded_at"] = r.info.recorded_at;
  j["results"] = r.results;
  j["titles"] = r.titles;
  return j;
}

int run_list(const std::vector<std::string>& args) {
  po::options_description desc(
      "thidua history list --store DB [--year Y] [--id ID] [--format table|json|csv]\n\n"
      "Lists the stored titles by year, subject and title, revoked ones with their reason.\nOptions");
  add_store_option(desc);
  desc.add_options()
      ("year", po::value<std::string>()->value_name("Y"), "only this year (2024 or 2023-2024)")
      ("id", po::value<std::string>()->value_name("ID"), "only this subject")
      ("format", po::value<std::string>()->default_value("table")->value_name("FMT"), "table, json or csv")
      ("help,h", "this help");
  const auto vm = parse(args, desc);
  if (help(vm, desc)) return 0;
  const std::string format = vm["format"].as<std::string>();
  if (format != "table" && format != "json" && format != "csv")
    usage_error("--format " + format + ": expected table, json or csv");
  const std::string db = store_option(vm, "list");
  const int only_year = vm.count("year") ? year_option(vm) : 0;
  const std::string only_id = vm.count("id") ? vm["id"].as<std::string>() : std::string();

  const auto store = open_existing(db);
  const history past = store.load();
  std::vector<title_row> rows;
  for (const auto& e : past.entries()) {
    if (e.title.empty()) continue;
    if (only_year != 0 && e.year != only_year) continue;
    if (vm.count("id") && e.id != only_id) continue;
    rows.push_back(title_row{e.year, e.id, e.title, std::string(past.class_in(e.id, e.year)), e.reason, e.revoked});
  }
  std::sort(rows.begin(), rows.end(), [](const title_row& a, const title_row& b) {
    return std::tie(a.year, a.id, a.title) < std::tie(b.year, b.id, b.title);
  });

  if (format == "json") {
    nlohmann::ordered_json j;
    j["titles"] = nlohmann::ordered_json::array();
    for (const auto& r : rows) {
      nlohmann::ordered_json t;
      t["year"] = r.year;
      t["id"] = r.id;
      t["title"] = r.title;
      if (!r.class_id.empty()) t["class"] = r.class_id;
      t["revoked"] = r.revoked;
      if (r.revoked) t["reason"] = r.reason;
      j["titles"].push_back(std::move(t));
    }
    j["runs"] = nlohmann::ordered_json::array();
    for (const auto& r : store.runs()) j["runs"].push_back(run_json(r));
    std::cout << j.dump(2) << '\n';
  } else if (format == "csv") {
    // Excel-friendly (BOM, CRLF, formula-safe) and readable again by `history import`.
    std::cout << "\xEF\xBB\xBF" << "year,id,title,class,revoked,reason\r\n";
    for (const auto& r : rows)
      std::cout << r.year << ',' << csv_cell(r.id) << ',' << csv_cell(r.title) << ',' << csv_cell(r.class_id) << ','
                << (r.revoked ? "1" : "0") << ',' << csv_cell(r.reason) << "\r\n";
  } else {
    std::vector<std::vector<std::string>> cells;
    for (const auto& r : rows)
      cells.push_back({std::to_string(r.year), r.id, r.title, r.class_id,
                       r.revoked ? "thu hồi" + (r.reason.empty() ? std::string() : ": " + r.reason) : std::string()});
    print_table(std::cout, {"Năm", "Mã", "Danh hiệu", "Xếp loại", "Thu hồi"}, cells);
    std::cout << rows.size() << " danh hiệu\n";
  }
  std::cout.flush();
  return 0;
}

// ---------------------------------------------------------------------------------------

int run_revoke(const std::vector<std::string>& args) {
  po::options_description desc(
      "thidua history revoke --store DB --year Y --id ID --title T --reason TEXT [--by NAME]\n\n"
      "Revokes a title (thu hồi): it stays in the store, marked revoked with the reason, and no\n"
      "longer counts for streaks. A later import or ranking never restores it.\nOptions");
  add_store_option(desc);
  desc.add_options()
      ("year", po::value<std::string>()->value_name("Y"), "the year the title was awarded (2024 or 2023-2024)")
      ("id", po::value<std::string>()->value_name("ID"), "the subject (member or unit) id")
      ("title", po::value<std::string>()->value_name("T"), "the title id, e.g. CSTDCS")
      ("reason", po::value<std::string>()->value_name("TEXT"), "why it is revoked (required)")
      ("by", po::value<std::string>()->value_name("NAME"), "who revokes (default: $USER)")
      ("help,h", "this help");
  const auto vm = parse(args, desc);
  if (help(vm, desc)) return 0;
  const std::string db = store_option(vm, "revoke");
  const std::pair<const char*, const char*> required[] = {
      {"year", "--year Y"}, {"id", "--id ID"}, {"title", "--title T"}, {"reason", "--reason TEXT"}};
  for (const auto& [option, shown] : required)
    if (!vm.count(option)) usage_missing("history revoke", shown);
  const int year = year_option(vm);
  const std::string id = vm["id"].as<std::string>(), title = vm["title"].as<std::string>(),
                    reason = vm["reason"].as<std::string>();
  if (reason.find_first_not_of(" \t") == std::string::npos) usage_error("--reason: give the reason for the revocation");
  auto store = open_existing(db);
  store.revoke(year, id, title, reason, user_name(vm));
  std::cout << "Đã thu hồi danh hiệu " << title << " năm " << year << " của " << id << " (lý do: " << reason << ").\n";
  return 0;
}

// ---------------------------------------------------------------------------------------

int run_runs(const std::vector<std::string>& args) {
  po::options_description desc(
      "thidua history runs --store DB [--format table|json]\n\n"
      "The run log: every import and recorded ranking, who ran it, when, from which inputs, and\n"
      "how many results and titles of it the store still holds.\nOptions");
  add_store_option(desc);
  desc.add_options()
      ("format", po::value<std::string>()->default_value("table")->value_name("FMT"), "table or json")
      ("help,h", "this help");
  const auto vm = parse(args, desc);
  if (help(vm, desc)) return 0;
  const std::string format = vm["format"].as<std::string>();
  if (format != "table" && format != "json") usage_error("--format " + format + ": expected table or json");
  const std::string db = store_option(vm, "runs");
  const auto store = open_existing(db);
  const auto runs = store.runs();
  if (format == "json") {
    nlohmann::ordered_json j = nlohmann::ordered_json::array();
    for (const auto& r : runs) j.push_back(run_json(r));
    std::cout << j.dump(2) << '\n';
    return 0;
  }
  std::vector<std::vector<std::string>> cells;
  for (const auto& r : runs)
    cells.push_back({std::to_string(r.id), r.kind, r.info.year != 0 ? std::to_string(r.info.year) : std::string(),
                     r.info.recorded_at, r.info.run_by, r.info.host, r.info.inputs_sha256.substr(0, 12),
                     std::to_string(r.results), std::to_string(r.titles)});
  print_table(std::cout, {"#", "Loại", "Năm", "Lúc (UTC)", "Người", "Máy", "SHA-256 đầu vào", "Kết quả", "Danh hiệu"},
              cells);
  return 0;
}

}  // namespace

int run_history(const std::vector<std::string>& args) {
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h" || args[0] == "help")) {
    std::cout << overview;
    return 0;
  }
  if (args.empty()) usage_error("history: expected a subcommand: import, list, revoke or runs (thidua history --help)");
  const std::string sub = args[0];
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (sub == "import") return run_import(rest);
  if (sub == "list") return run_list(rest);
  if (sub == "revoke") return run_revoke(rest);
  if (sub == "runs") return run_runs(rest);
  usage_error("history: unknown subcommand '" + sub + "': expected import, list, revoke or runs");
}

}  // namespace thidua::cli
