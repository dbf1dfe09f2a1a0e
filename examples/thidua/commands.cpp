// The subcommands of `thidua`. They parse options, call the library and pick a writer;
// every computation is in the library.
#include <algorithm>
#include <boost/program_options.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include "cli.hpp"
#include "thidua/thidua.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace thidua::cli {
namespace {

void usage_missing(const std::string& command, const std::string& what) {
  throw input_error(make_diagnostic(errc::missing_option, source_position{}, "thidua " + command, what));
}

po::variables_map parse(const std::vector<std::string>& args, const po::options_description& desc,
                        const po::positional_options_description* positional = nullptr) {
  po::variables_map vm;
  auto parser = po::command_line_parser(args).options(desc);
  if (positional) parser.positional(*positional);
  po::store(parser.run(), vm);
  po::notify(vm);
  return vm;
}

output_format format_option(const po::variables_map& vm) {
  output_format f = output_format::table;
  const auto text = vm["format"].as<std::string>();
  if (!parse_output_format(text, f)) usage_error("--format " + text + ": expected table, json or csv");
  return f;
}

// Writes with `render` to --out (whole or nothing) or to standard output.
void emit(const po::variables_map& vm, const std::function<void(std::ostream&)>& render) {
  if (vm.count("out")) {
    write_file_atomically(vm["out"].as<std::string>(), render);
  } else {
    render(std::cout);
    std::cout.flush();
  }
}

// Tells the user, on standard error, what the numbers silently assume.
void report_notes(const ranking& r, const sheet* self) {
  std::size_t missing_subjects = 0, missing_cells = 0;
  std::string first;
  for (std::size_t i = 0; i < r.size(); ++i) {
    if (r.missing_count(i) == 0) continue;
    if (missing_subjects++ == 0) first = std::string(r.id(i));
    missing_cells += r.missing_count(i);
  }
  if (missing_cells > 0)
    std::cerr << "thidua: note: " << missing_cells << " empty cells in " << missing_subjects
              << " subjects counted as 0 points (first: " << first << ")\n";
  if (self != nullptr) {
    std::size_t unreviewed = 0;
    std::string names;
    for (std::size_t j = 0; j < self->size(); ++j) {
      if (r.find(self->id(j)) >= 0) continue;
      if (unreviewed++ < 5) names += (names.empty() ? "" : ", ") + std::string(self->id(j));
    }
    if (unreviewed > 0)
      std::cerr << "thidua: note: " << unreviewed << " subjects have self-scores but no review score and are not ranked: "
                << names << (unreviewed > 5 ? ", ..." : "") << '\n';
  }
}

// Self-scores (tự chấm): --self-scores FILE, or the self rows of a long `scores` file with an
// assessor column ("" when there is none to look in). Reserved criteria are closed to them.
std::optional<sheet> load_self_scores(const po::variables_map& vm, const scheme& s, const std::string& scores) {
  if (vm.count("self-scores"))
    return load_sheet(s, vm["self-scores"].as<std::string>(),
                      sheet_options{.assessor = assessor_filter::any, .self_scores = true});
  if (!scores.empty() && sheet_has_assessor(scores, assessor_filter::self))
    return load_sheet(s, scores, sheet_options{.assessor = assessor_filter::self, .self_scores = true});
  return std::nullopt;
}

struct loaded {
  scheme s;
  sheet scores;
  std::optional<sheet> self;
};

// Loads the scheme, the scores and the optional self-scores. A long-format score file
// with an assessor column may carry both: its self rows become the self-scores.
loaded load_inputs(const po::variables_map& vm, const std::string& command) {
  if (!vm.count("scheme")) usage_missing(command, "--scheme FILE");
  if (!vm.count("scores")) usage_missing(command, "--scores FILE");
  loaded in{load_scheme(vm["scheme"].as<std::string>()), {}, std::nullopt};
  const std::string scores = vm["scores"].as<std::string>();
  in.scores = load_sheet(in.s, scores);
  in.self = load_self_scores(vm, in.s, scores);
  return in;
}

// A scheme with [[period]]s is scored period by period: one file per period (--period
// ID=FILE), or one long --scores file whose `period` column says which row is which.
ranking rank_periods_from(const po::variables_map& vm, const scheme& s, const rank_options& options) {
  std::vector<std::string> files(s.periods.size());
  if (vm.count("period")) {
    for (const auto& given : vm["period"].as<std::vector<std::string>>()) {
      const auto eq = given.find('=');
      const std::string id = given.substr(0, eq);
      const auto at = std::find_if(s.periods.begin(), s.periods.end(), [&](const period_def& p) { return p.id == id; });
      if (eq == std::string::npos || at == s.periods.end())
        usage_error("--period " + given + ": expected ID=FILE with ID one of the scheme's periods");
      files[static_cast<std::size_t>(at - s.periods.begin())] = given.substr(eq + 1);
    }
    for (std::size_t p = 0; p < files.size(); ++p)
      if (files[p].empty()) usage_error("--period " + s.periods[p].id + "=FILE is missing: the scheme has that period");
  } else if (!vm.count("scores")) {
    usage_missing("rank", "--period ID=FILE for each period, or --scores FILE with a period column");
  }
  std::vector<sheet> sheets;
  for (std::size_t p = 0; p < s.periods.size(); ++p) {
    sheet_options reading;
    if (files[p].empty()) reading.period = s.periods[p].id;  // one long file, filtered by period
    sheets.push_back(load_sheet(s, files[p].empty() ? vm["scores"].as<std::string>() : files[p], reading));
  }
  std::vector<const sheet*> pointers;
  for (const auto& sh : sheets) pointers.push_back(&sh);
  return rank_periods(s, pointers, options);
}

void add_input_options(po::options_description& desc) {
  desc.add_options()
      ("scheme", po::value<std::string>()->value_name("FILE"), "scoring scheme (TOML)")
      ("scores", po::value<std::string>()->value_name("FILE"), "score sheet to rank (CSV, wide or long): the review scores")
      ("self-scores", po::value<std::string>()->value_name("FILE"), "self-scores (tự chấm) to compare with")
      ("period", po::value<std::vector<std::string>>()->value_name("ID=FILE"),
       "a period's score sheet, for a scheme with [[period]]s (repeat for each)");
}

}  // namespace

void usage_error(const std::string& message) {
  throw input_error(make_diagnostic(errc::bad_option, source_position{}, message));
}

int run_rank(const std::vector<std::string>& args) {
  po::options_description desc(
      "thidua rank --scheme S.toml --scores X.csv [--self-scores Y.csv] [--format table|json|csv] [--out PATH]\n"
      "thidua rank --scheme S.toml --period ID=FILE ... (a scheme with [[period]]s)\n\n"
      "Scores, classifies and ranks every subject inside its emulation block.\nOptions");
  add_input_options(desc);
  desc.add_options()
      ("format", po::value<std::string>()->default_value("table")->value_name("FMT"), "table, json or csv")
      ("out", po::value<std::string>()->value_name("PATH"), "write to PATH (whole or not at all) instead of stdout")
      ("members", po::value<std::string>()->value_name("FILE"), "staff file (not supported yet)")
      ("history", po::value<std::string>()->value_name("FILE"), "earlier years (not supported yet)")
      ("help,h", "this help");
  const auto vm = parse(args, desc);
  if (vm.count("help")) {
    std::cout << desc << '\n';
    return 0;
  }
  if (vm.count("members") || vm.count("history"))
    throw input_error(make_diagnostic(errc::unsupported_feature, source_position{},
                                      vm.count("members") ? "--members" : "--history",
                                      "titles over staff and history come in a later version"));
  const output_format format = format_option(vm);
  if (!vm.count("scheme")) usage_missing("rank", "--scheme FILE");
  const scheme s = load_scheme(vm["scheme"].as<std::string>());
  if (!s.periods.empty()) {
    const std::optional<sheet> self = load_self_scores(vm, s, "");
    rank_options options;
    if (self) options.self_scores = &*self;
    const ranking r = rank_periods_from(vm, s, options);
    report_notes(r, options.self_scores);
    emit(vm, [&](std::ostream& out) { write_ranking(out, r, format); });
    return 0;
  }
  if (vm.count("period")) usage_error("--period: the scheme defines no [[period]]");
  if (!vm.count("scores")) usage_missing("rank", "--scores FILE");
  const std::string scores = vm["scores"].as<std::string>();
  // The scores are streamed (a country-size sheet is never held whole); self-scores, when
  // given, are read whole to be matched by id.
  const std::optional<sheet> self = load_self_scores(vm, s, scores);
  rank_file_options options;
  if (self) options.ranking.self_scores = &*self;
  // JSON carries a `why` per result with the criteria that could lift it: keep their points.
  options.ranking.keep_criterion_points = format == output_format::json;
  const ranking r = rank_file(s, scores, options);
  report_notes(r, options.ranking.self_scores);
  emit(vm, [&](std::ostream& out) { write_ranking(out, r, format); });
  return 0;
}

int run_explain(const std::vector<std::string>& args) {
  po::options_description desc(
      "thidua explain --scheme S.toml --scores X.csv --id ID [--self-scores Y.csv] [--format text|json]\n\n"
      "Shows how one subject's total, class and rank were reached, number by number.\nOptions");
  add_input_options(desc);
  desc.add_options()
      ("id", po::value<std::string>()->value_name("ID"), "the subject to explain")
      ("format", po::value<std::string>()->default_value("text")->value_name("FMT"), "text or json")
      ("out", po::value<std::string>()->value_name("PATH"), "write to PATH instead of stdout")
      ("help,h", "this help");
  const auto vm = parse(args, desc);
  if (vm.count("help")) {
    std::cout << desc << '\n';
    return 0;
  }
  const std::string format = vm["format"].as<std::string>();
  if (format != "text" && format != "json") usage_error("--format " + format + ": expected text or json");
  if (!vm.count("id")) usage_missing("explain", "--id ID");
  const std::string id = vm["id"].as<std::string>();
  auto print = [&](const ranking& r, const explanation& e) {
    emit(vm, [&](std::ostream& out) {
      if (format == "json") write_explanation_json(out, r, e);
      else write_explanation_text(out, r, e);
    });
  };
  if (!vm.count("scheme")) usage_missing("explain", "--scheme FILE");
  if (const scheme s = load_scheme(vm["scheme"].as<std::string>()); !s.periods.empty()) {
    // The year from periods: class, rank and next-class reasons from the year values (there
    // is no single sheet of criterion values to trace).
    const std::optional<sheet> self = load_self_scores(vm, s, "");
    rank_options options;
    if (self) options.self_scores = &*self;
    const ranking r = rank_periods_from(vm, s, options);
    const std::ptrdiff_t row = r.find(id);
    if (row < 0) throw input_error(make_diagnostic(errc::unknown_subject, source_position{}, id, "the period sheets", ""));
    print(r, explain(r, static_cast<std::size_t>(row)));
    return 0;
  }
  loaded in = load_inputs(vm, "explain");
  rank_options options;
  if (in.self) options.self_scores = &*in.self;
  const ranking r = rank(in.s, in.scores, options);
  const std::ptrdiff_t row = r.find(id);
  if (row < 0)
    throw input_error(make_diagnostic(errc::unknown_subject, source_position{}, id, vm["scores"].as<std::string>(), ""));
  print(r, explain(in.s, in.scores, r, static_cast<std::size_t>(row)));
  return 0;
}

int run_validate(const std::vector<std::string>& args) {
  po::options_description desc(
      "thidua validate --scheme S.toml [--scores X.csv ...]\n\n"
      "Checks a scheme and score sheets and reports every problem found, not just the first.\nOptions");
  desc.add_options()
      ("scheme", po::value<std::string>()->value_name("FILE"), "scoring scheme (TOML)")
      ("scores", po::value<std::vector<std::string>>()->value_name("FILE")->multitoken(), "score sheets to check")
      ("help,h", "this help");
  po::positional_options_description positional;
  positional.add("scores", -1);
  const auto vm = parse(args, desc, &positional);
  if (vm.count("help")) {
    std::cout << desc << '\n';
    return 0;
  }
  if (!vm.count("scheme")) usage_missing("validate", "--scheme FILE");
  const std::string scheme_file = vm["scheme"].as<std::string>();
  diagnostics problems(10000);
  const auto s = load_scheme(scheme_file, problems);
  std::ostringstream report;
  if (s) {
    report << "thidua: " << scheme_file << ": scheme " << s->id << ", " << s->families.size() << " families, "
           << s->criteria.size() << " criteria, " << s->classes.size() << " classes: OK\n";
    if (vm.count("scores")) {
      for (const auto& file : vm["scores"].as<std::vector<std::string>>()) {
        const std::size_t before = problems.count();
        // A long file may hold self-scores and review scores: check each on its own, as
        // rank reads them.
        const auto sh = load_sheet(*s, file, problems, sheet_options{assessor_filter::review});
        std::optional<sheet> self;
        if (sh && sheet_has_assessor(file, assessor_filter::self))
          self = load_sheet(*s, file, problems, sheet_options{.assessor = assessor_filter::self, .self_scores = true});
        if (sh && problems.count() == before) {
          report << "thidua: " << file << ": " << sh->size() << " subjects in " << sh->groups().size() << " blocks";
          if (self) report << " (and self-scores for " << self->size() << ")";
          report << ": OK\n";
        }
      }
    }
  }
  if (!problems.empty()) {
    for (const auto& d : problems.items()) std::cerr << "thidua: " << d.to_string() << '\n';
    if (problems.count() > problems.items().size())
      std::cerr << "thidua: ... and " << (problems.count() - problems.items().size()) << " more problems\n";
    std::cerr << "thidua: " << problems.count() << (problems.count() == 1 ? " problem" : " problems") << " found\n";
    return 2;
  }
  std::cout << report.str();
  return 0;
}

int run_demo(const std::vector<std::string>& args) {
  po::options_description desc(
      "thidua demo [--data-dir DIR] [--out-dir DIR]\n\n"
      "Runs the year-end ranking on the bundled sample, prints the table and writes JSON and CSV.\nOptions");
  desc.add_options()
      ("data-dir", po::value<std::string>()->default_value(THIDUA_DATA_DIR)->value_name("DIR"), "the sample's folder")
      ("out-dir", po::value<std::string>()->default_value("out")->value_name("DIR"), "where to write the files")
      ("help,h", "this help");
  const auto vm = parse(args, desc);
  if (vm.count("help")) {
    std::cout << desc << '\n';
    return 0;
  }
  const fs::path data = vm["data-dir"].as<std::string>();
  const fs::path out_dir = vm["out-dir"].as<std::string>();
  const scheme s = load_scheme(data / "truong-hoc-2024-2025.toml");
  const sheet review = load_sheet(s, data / "diem-hoi-dong.csv");
  const sheet self = load_sheet(s, data / "diem-tu-cham.csv", sheet_options{.assessor = assessor_filter::any, .self_scores = true});
  rank_options options{.self_scores = &self, .keep_criterion_points = true};  // JSON carries each `why`
  const ranking r = rank(s, review, options);
  report_notes(r, &self);
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  if (ec)
    throw input_error(make_diagnostic(errc::cannot_write, source_position{out_dir.string(), 0, 0}, out_dir.string(),
                                      ec.message()));
  write_file_atomically(out_dir / "xep-hang.json", [&](std::ostream& o) { write_json(o, r); });
  write_file_atomically(out_dir / "xep-hang.csv", [&](std::ostream& o) { write_csv(o, r); });
  write_table(std::cout, r);
  std::cout << "\nĐã ghi: " << (out_dir / "xep-hang.json").string() << ", " << (out_dir / "xep-hang.csv").string()
            << '\n';
  return 0;
}

}  // namespace thidua::cli
