// The subcommands of `thidua`. They parse options, call the library and pick a writer;
// every computation is in the library.
#include <algorithm>
#include <boost/program_options.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <unistd.h>

#include "cli.hpp"
#include "progress.hpp"
#include "thidua/thidua.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace thidua::cli {
namespace {

output_format format_option(const po::variables_map& vm, bool files_too = false) {
  output_format f = output_format::table;
  const auto text = vm["format"].as<std::string>();
  if (!parse_output_format(text, f) || (!files_too && (f == output_format::xlsx || f == output_format::html)))
    usage_error("--format " + text + (files_too ? ": expected table, json, csv, xlsx or html" : ": expected table, json or csv"));
  // A workbook is bytes for a file, not for a terminal.
  if (f == output_format::xlsx && !vm.count("out") && isatty(STDOUT_FILENO) == 1)
    usage_error("--format xlsx writes a workbook: give --out FILE.xlsx (or redirect standard output to a file)");
  return f;
}

// --audit LIST for the HTML report: which audits to run over the scores and show.
struct report_audit_runs {
  bool influence = false, sensitivity = false, smaa = false;
};

report_audit_runs audit_option(const po::variables_map& vm, output_format format) {
  report_audit_runs runs;
  if (!vm.count("audit")) return runs;
  if (format != output_format::html) usage_error("--audit: the audits are shown in the HTML report (--format html)");
  std::string list = vm["audit"].as<std::string>();
  for (std::size_t start = 0; start <= list.size();) {
    const std::size_t comma = std::min(list.find(',', start), list.size());
    const std::string word = list.substr(start, comma - start);
    if (word == "all") runs = {true, true, true};
    else if (word == "influence") runs.influence = true;
    else if (word == "sensitivity") runs.sensitivity = true;
    else if (word == "smaa") runs.smaa = true;
    else usage_error("--audit " + list + ": expected a comma-separated list of influence, sensitivity, smaa, or all");
    start = comma + 1;
  }
  return runs;
}

// The audits the HTML report shows, run over the whole score sheet (the ranking itself was
// streamed). SMAA uses a fixed seed by default so that the report is the same every run.
struct report_audit_results {
  std::optional<audit::influence_report> influence;
  std::optional<audit::sensitivity_report> sensitivity;
  std::optional<audit::smaa_report> smaa;
  report_audits pointers() const {
    return {influence ? &*influence : nullptr, sensitivity ? &*sensitivity : nullptr, smaa ? &*smaa : nullptr};
  }
};

report_audit_results run_report_audits(const po::variables_map& vm, const scheme& s, const std::string& scores,
                                       const report_audit_runs& runs) {
  report_audit_results out;
  if (!runs.influence && !runs.sensitivity && !runs.smaa) return out;
  if (scores.empty()) usage_error("--audit: needs one --scores file (not --period files)");
  const sheet sh = load_sheet(s, scores);
  if (runs.influence) out.influence = audit::audit_influence(s, sh);
  if (runs.sensitivity) out.sensitivity = audit::audit_sensitivity(s, sh);
  if (runs.smaa) {
    audit::smaa_options o;
    o.samples = vm["samples"].as<std::size_t>();
    if (o.samples == 0 || o.samples > 100'000'000) usage_error("--samples: expected 1 to 100000000");
    o.seed = vm["seed"].as<std::uint64_t>();
    progress_bar bar("SMAA", progress_unit::items, "mẫu");
    out.smaa = audit::audit_smaa(s, sh, o, bar.hook());
  }
  return out;
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

// ------------------------------------------------------------------------ titles

void add_title_options(po::options_description& desc) {
  desc.add_options()
      ("members", po::value<std::string>()->value_name("FILE"), "staff file (id, name, unit, flag:..., fields): CSV, .xlsx or JSON")
      ("member-scores", po::value<std::string>()->value_name("FILE"),
       "members' scores under the individual scheme ([members] scheme)")
      ("history", po::value<std::string>()->value_name("FILE"), "earlier years' classes and titles (CSV, .xlsx or JSON)")
      ("store", po::value<std::string>()->value_name("DB"), "history store (SQLite): earlier years are read from it")
      ("base-salary", po::value<std::int64_t>()->value_name("DONG"), "lương cơ sở in đồng (overrides [awards] base_salary)");
}

// What titles are decided from; kept alive as long as the awards that point into it.
struct title_inputs {
  std::optional<members> staff;
  std::optional<ranking> people;
  std::optional<history> past;
  std::optional<awards> result;
  std::vector<fs::path> files;  // the files read, for the record's digest
};

// Decides the titles when the scheme has any. Without the members a unit scheme's titles
// need, says so on standard error and decides none.
void decide_titles(const po::variables_map& vm, scheme& s, const ranking& r, title_inputs& in) {
  if (vm.count("base-salary")) {
    const auto v = vm["base-salary"].as<std::int64_t>();
    if (v < 0) usage_error("--base-salary " + std::to_string(v) + ": expected đồng, at least 0");
    s.base_salary = v;
  }
  if (s.title_order.empty()) {
    if (vm.count("members") || vm.count("history") || vm.count("member-scores"))
      std::cerr << "thidua: lưu ý: thang điểm không có danh hiệu ([[title]]): --members/--history không được dùng\n";
    return;
  }
  if (s.titles_read_members && !vm.count("members")) {
    std::cerr << "thidua: lưu ý: chưa xét danh hiệu: các danh hiệu cần danh sách cán bộ (--members FILE"
              << (s.member_scheme ? " --member-scores FILE" : "") << ")\n";
    return;
  }
  if (vm.count("members")) {
    in.files.emplace_back(vm["members"].as<std::string>());
    in.staff = load_members(vm["members"].as<std::string>());
    if (s.member_scheme) {
      if (!vm.count("member-scores"))
        usage_missing("rank", "--member-scores FILE (the members' scores under " + s.member_scheme->id + ")");
      in.files.emplace_back(vm["member-scores"].as<std::string>());
      const sheet scores = load_sheet(*s.member_scheme, vm["member-scores"].as<std::string>());
      in.people = rank_members(s, *in.staff, scores);
    }
  }
  if (vm.count("store")) in.past = history_store::open(vm["store"].as<std::string>()).load();
  if (vm.count("history")) {
    in.files.emplace_back(vm["history"].as<std::string>());
    history csv = load_history_csv(vm["history"].as<std::string>());
    if (!in.past) in.past = std::move(csv);
    else
      for (const auto& e : csv.entries()) in.past->add(e);
  }
  award_inputs inputs;
  inputs.subjects = &r;
  inputs.members = in.people ? &*in.people : nullptr;
  inputs.staff = in.staff ? &*in.staff : nullptr;
  inputs.past = in.past ? &*in.past : nullptr;
  in.result = award_titles(s, inputs);
}

// rank --store DB --record: this year's results and titles, with who, when and from what.
void record_run(const po::variables_map& vm, const scheme& s, const ranking& r, const title_inputs& in,
                const std::vector<std::string>& args) {
  if (!vm.count("store")) usage_missing("rank --record", "--store DB");
  if (s.year == 0) usage_error("--record: the scheme has no year ([scheme] year = \"2024-2025\")");
  run_info info;
  info.year = s.year;
  info.scheme_id = s.id;
  info.scheme_title = s.title;
  std::vector<fs::path> files = {vm["scheme"].as<std::string>()};
  if (vm.count("scores")) files.emplace_back(vm["scores"].as<std::string>());  // `diem.xlsx!Sheet` too
  files.insert(files.end(), in.files.begin(), in.files.end());
  info.inputs_sha256 = inputs_digest(files);
  info.run_by = user_name(vm);
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) == 0) info.host = host;
  info.command = "thidua rank";
  for (const auto& a : args) info.command += " " + a;
  std::vector<recorded_result> results;
  const int p = s.precision;
  for (std::size_t i = 0; i < r.size(); ++i) {
    recorded_result x;
    x.subject = s.subject;
    x.id = std::string(r.id(i));
    x.name = std::string(r.name(i));
    x.group = std::string(r.group(i));
    if (r.class_index(i) >= 0) x.class_id = s.classes[static_cast<std::size_t>(r.class_index(i))].id;
    x.total = r.total(i).to_string(p);
    x.rank = r.rank(i);
    results.push_back(std::move(x));
  }
  std::vector<recorded_title> titles;
  if (in.result) {
    const awards& a = *in.result;
    if (in.people) {
      const ranking& m = *in.people;
      for (std::size_t i = 0; i < m.size(); ++i) {
        recorded_result x;
        x.subject = "member";
        x.id = std::string(m.id(i));
        x.name = std::string(m.name(i));
        x.group = std::string(m.group(i));
        if (m.class_index(i) >= 0) x.class_id = m.scheme().classes[static_cast<std::size_t>(m.class_index(i))].id;
        x.total = m.total(i).to_string(m.scheme().precision);
        x.rank = m.rank(i);
        results.push_back(std::move(x));
      }
    }
    for (const auto k : {subject_kind::unit, subject_kind::member})
      for (std::size_t i = 0; i < a.count(k); ++i)
        for (std::size_t t : a.titles_of(k, i))
          titles.push_back({k == subject_kind::unit ? std::string(a.subjects().id(i)) : std::string(a.member_id(i)),
                            s.titles[t].id});
  }
  auto store = history_store::open(vm["store"].as<std::string>());
  store.record(info, results, titles);
  std::cerr << "thidua: đã ghi kết quả năm " << s.year << " vào " << vm["store"].as<std::string>() << " ("
            << results.size() << " kết quả, " << titles.size() << " danh hiệu)\n";
}

void add_input_options(po::options_description& desc) {
  desc.add_options()
      ("scheme", po::value<std::string>()->value_name("FILE"), "scoring scheme (TOML or JSON)")
      ("scores", po::value<std::string>()->value_name("FILE"), "score sheet to rank (CSV, wide or long): the review scores")
      ("self-scores", po::value<std::string>()->value_name("FILE"), "self-scores (tự chấm) to compare with")
      ("period", po::value<std::vector<std::string>>()->value_name("ID=FILE"),
       "a period's score sheet, for a scheme with [[period]]s (repeat for each)");
}

}  // namespace


// rank --why: how much of each result's `why` the JSON carries (docs/json.md, "why").
enum class why_level { full, brief, none };

why_level why_option(const po::variables_map& vm, output_format format) {
  const std::string& v = vm["why"].as<std::string>();
  why_level level = why_level::full;
  if (v == "brief") level = why_level::brief;
  else if (v == "none") level = why_level::none;
  else if (v != "full") usage_error("--why " + v + ": expected full, brief or none");
  if (!vm["why"].defaulted() && format != output_format::json) usage_error("--why is for --format json");
  return level;
}

int run_rank(const std::vector<std::string>& args) {
  po::options_description desc(
      "thidua rank --scheme S.toml --scores X.csv [--self-scores Y.csv] [--format table|json|csv|xlsx|html] [--out PATH]\n"
      "            [--why full|brief|none] (json)\n"
      "thidua rank --scheme S.toml --period ID=FILE ... (a scheme with [[period]]s)\n\n"
      "Scores, classifies and ranks every subject inside its emulation block.\nOptions");
  add_input_options(desc);
  desc.add_options()
      ("format", po::value<std::string>()->default_value("table")->value_name("FMT"), "table, json, csv, xlsx or html")
      ("out", po::value<std::string>()->value_name("PATH"), "write to PATH (whole or not at all) instead of stdout")
      ("why", po::value<std::string>()->default_value("full")->value_name("LEVEL"),
       "json: each result's `why`: full (criterion by criterion), brief (without the criteria) or none")
      ("audit", po::value<std::string>()->value_name("LIST"),
       "html: also run and show audits: influence,sensitivity,smaa or all")
      ("samples", po::value<std::size_t>()->default_value(10'000)->value_name("N"), "html --audit smaa: samples")
      ("seed", po::value<std::uint64_t>()->default_value(1)->value_name("S"), "html --audit smaa: random seed")
      ("record", "record this year's results and titles in the --store")
      ("by", po::value<std::string>()->value_name("NAME"), "who records (default: $USER)")
      ("help,h", "this help");
  add_title_options(desc);
  const auto vm = parse(args, desc);
  if (vm.count("help")) {
    std::cout << desc << '\n';
    return 0;
  }
  const output_format format = format_option(vm, true);
  const why_level why = why_option(vm, format);
  const report_audit_runs audits = audit_option(vm, format);
  if (!vm.count("scheme")) usage_missing("rank", "--scheme FILE");
  if (vm.count("record") && !vm.count("store")) usage_missing("rank --record", "--store DB");
  scheme s = load_scheme(vm["scheme"].as<std::string>());
  title_inputs titles;
  const auto finish = [&](const ranking& r) {
    decide_titles(vm, s, r, titles);
    const awards* a = titles.result ? &*titles.result : nullptr;
    const auto shown = run_report_audits(vm, s, vm.count("scores") ? vm["scores"].as<std::string>() : "", audits);
    emit(vm, [&](std::ostream& out) {
      if (format == output_format::html) write_html(out, r, a, shown.pointers());
      else if (format == output_format::json) write_json(out, r, a, {.why = why != why_level::none});
      else write_ranking(out, r, format, a);
    });
    if (vm.count("record")) record_run(vm, s, r, titles, args);
    return 0;
  };
  if (!s.periods.empty()) {
    const std::optional<sheet> self = load_self_scores(vm, s, "");
    rank_options options;
    if (self) options.self_scores = &*self;
    options.keep_criterion_points = s.titles_read_criteria;
    const ranking r = rank_periods_from(vm, s, options);
    report_notes(r, options.self_scores);
    return finish(r);
  }
  if (vm.count("period")) usage_error("--period: the scheme defines no [[period]]");
  if (!vm.count("scores")) usage_missing("rank", "--scores FILE");
  const std::string scores = vm["scores"].as<std::string>();
  // The scores are streamed (a country-size sheet is never held whole); self-scores, when
  // given, are read whole to be matched by id.
  const std::optional<sheet> self = load_self_scores(vm, s, scores);
  rank_file_options options;
  if (self) options.ranking.self_scores = &*self;
  // JSON carries a `why` per result with the criteria that could lift it: keep their points
  // (400 MB at country scale, so not for --why brief or none). The workbook shows them in
  // criterion columns.
  options.ranking.keep_criterion_points = (format == output_format::json && why == why_level::full) ||
                                          format == output_format::xlsx || s.titles_read_criteria;
  progress_bar bar("Xếp hạng", progress_unit::bytes);  // a country-size file takes a while
  options.reading.progress = bar.hook();
  const ranking r = rank_file(s, scores, options);
  bar.finish();
  report_notes(r, options.ranking.self_scores);
  return finish(r);
}

int run_titles(const std::vector<std::string>& args) {
  po::options_description desc(
      "thidua titles --scheme S.toml --scores X.csv --members M.csv [--member-scores P.csv] [--history H.csv]\n"
      "              [--store DB] [--base-salary DONG] [--format table|json|csv] [--out PATH]\n\n"
      "The proposal list (danh sách đề nghị): each title's holders, counts, quotas used and rewards.\nOptions");
  add_input_options(desc);
  desc.add_options()
      ("format", po::value<std::string>()->default_value("table")->value_name("FMT"), "table, json or csv")
      ("out", po::value<std::string>()->value_name("PATH"), "write to PATH (whole or not at all) instead of stdout")
      ("help,h", "this help");
  add_title_options(desc);
  const auto vm = parse(args, desc);
  if (vm.count("help")) {
    std::cout << desc << '\n';
    return 0;
  }
  const output_format format = format_option(vm);
  if (!vm.count("scheme")) usage_missing("titles", "--scheme FILE");
  scheme s = load_scheme(vm["scheme"].as<std::string>());
  if (s.title_order.empty()) usage_error("titles: the scheme defines no title ([[title]]) in force");
  std::optional<ranking> r;
  if (!s.periods.empty()) {
    r = rank_periods_from(vm, s, rank_options{.self_scores = nullptr, .keep_criterion_points = s.titles_read_criteria});
  } else {
    if (!vm.count("scores")) usage_missing("titles", "--scores FILE");
    rank_file_options options;
    options.ranking.keep_criterion_points = s.titles_read_criteria;
    r = rank_file(s, vm["scores"].as<std::string>(), options);
  }
  title_inputs titles;
  decide_titles(vm, s, *r, titles);
  if (!titles.result) usage_missing("titles", "--members FILE");
  emit(vm, [&](std::ostream& out) { write_titles(out, *titles.result, format); });
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
  add_title_options(desc);
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
  title_inputs titles;
  if (vm.count("members") || vm.count("history") || vm.count("store")) decide_titles(vm, in.s, r, titles);
  const std::ptrdiff_t row = r.find(id);
  // The score explanation, then (when titles were decided) each title's conditions: in
  // JSON one object with `title_rules`.
  const auto show = [&](std::ostream& out, const ranking& rated, const explanation* e, subject_kind k, std::size_t i) {
    const awards* a = titles.result ? &*titles.result : nullptr;
    if (format == "json") {
      if (e && a) write_explanation_json(out, rated, *e, *a, k, i, explain_titles(*a, k, i));
      else if (e) write_explanation_json(out, rated, *e);
      else if (a) write_title_explanation_json(out, *a, k, i, explain_titles(*a, k, i));
      return;
    }
    if (e) write_explanation_text(out, rated, *e);
    else out << id << ": chưa có điểm cá nhân (không xếp loại)\n";
    if (a) {
      out << '\n';
      write_title_explanation_text(out, *a, k, i, explain_titles(*a, k, i));
    }
  };
  const subject_kind own = in.s.subject == "unit" ? subject_kind::unit : subject_kind::member;
  if (row >= 0) {
    const auto i = static_cast<std::size_t>(row);
    emit(vm, [&](std::ostream& out) {
      const explanation e = explain(in.s, in.scores, r, i);
      show(out, r, &e, own, i);
    });
    return 0;
  }
  // A member: the individual score, then the titles.
  if (titles.result && titles.people) {
    const std::ptrdiff_t m = titles.result->find(subject_kind::member, id);
    if (m >= 0) {
      const auto i = static_cast<std::size_t>(m);
      emit(vm, [&](std::ostream& out) {
        const std::ptrdiff_t prow = titles.result->member_row(i);
        if (prow < 0) return show(out, *titles.people, nullptr, subject_kind::member, i);
        const explanation e = explain(*titles.people, static_cast<std::size_t>(prow));
        show(out, *titles.people, &e, subject_kind::member, i);
      });
      return 0;
    }
  }
  throw input_error(make_diagnostic(errc::unknown_subject, source_position{}, id, vm["scores"].as<std::string>(),
                                    vm.count("members") ? " nor in " + vm["members"].as<std::string>() : std::string()));
}

int run_validate(const std::vector<std::string>& args) {
  po::options_description desc(
      "thidua validate --scheme S.toml [--scores X.csv ...]\n\n"
      "Checks a scheme and score sheets and reports every problem found, not just the first.\nOptions");
  desc.add_options()
      ("scheme", po::value<std::string>()->value_name("FILE"), "scoring scheme (TOML or JSON)")
      ("scores", po::value<std::vector<std::string>>()->value_name("FILE")->multitoken(), "score sheets to check")
      ("members", po::value<std::string>()->value_name("FILE"), "a members file to check (CSV, .xlsx or JSON)")
      ("member-scores", po::value<std::string>()->value_name("FILE"), "members' scores to check (individual scheme)")
      ("history", po::value<std::string>()->value_name("FILE"), "a history file to check (CSV, .xlsx or JSON)")
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
           << s->criteria.size() << " criteria, " << s->classes.size() << " classes";
    if (!s->titles.empty()) report << ", " << s->title_order.size() << " titles in force";
    if (s->member_scheme) report << ", individual scheme " << s->member_scheme->id;
    report << ": OK\n";
    // Every rule should say which text it encodes and from when (docs/titles.md).
    for (const auto& t : s->titles) {
      if (t.source.empty())
        report << "thidua: lưu ý: danh hiệu " << t.id << " không ghi căn cứ (source = \"văn bản, điều khoản\")\n";
      if (t.effective.empty())
        report << "thidua: lưu ý: danh hiệu " << t.id << " không ghi ngày hiệu lực (effective = 2024-01-01)\n";
    }
  }
  // The first score sheet read whole, to check the members against its schools.
  std::optional<sheet> units;
  std::string units_file;
  if (s) {
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
        if (sh && problems.count() == before && !units) {
          units = std::move(*sh);
          units_file = file;
        }
      }
    }
  }
  std::optional<members> staff;
  if (s && vm.count("members")) {
    const std::string file = vm["members"].as<std::string>();
    staff = load_members(file, problems);
    if (staff) report << "thidua: " << file << ": " << staff->size() << " members: OK\n";
    // As the titles will: every member's unit must be a school of the score sheet.
    if (staff && units && s->subject == "unit" && build_organisation(*units, *staff, problems))
      report << "thidua: " << file << ": every member's unit is a subject of " << units_file << ": OK\n";
  }
  if (s && vm.count("member-scores")) {
    const std::string file = vm["member-scores"].as<std::string>();
    if (!s->member_scheme)
      usage_error("--member-scores: the scheme has no individual scheme ([members] scheme)");
    const auto sh = load_sheet(*s->member_scheme, file, problems);
    if (sh) report << "thidua: " << file << ": scores of " << sh->size() << " members: OK\n";
    // Scores for an id the members file does not list (thidua.data.131).
    if (sh && staff && rank_members(*s, *staff, *sh, problems))
      report << "thidua: " << file << ": every scored member is in the members file: OK\n";
  }
  if (vm.count("history")) {
    const std::string file = vm["history"].as<std::string>();
    if (const auto past = load_history_csv(file, problems))
      report << "thidua: " << file << ": " << past->size() << " history lines: OK\n";
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

int run_template(const std::vector<std::string>& args) {
  po::options_description desc(
      "thidua template --scheme S.toml [--format xlsx|csv] --out PATH\n\n"
      "Writes the blank score sheet schools fill in: for .xlsx the criteria with names and maxima,\n"
      "data validation for maximum and step, a notes column and an instruction sheet; for .csv the\n"
      "header row. A filled sheet is read back by rank, explain and validate.\nOptions");
  desc.add_options()
      ("scheme", po::value<std::string>()->value_name("FILE"), "scoring scheme (TOML or JSON)")
      ("format", po::value<std::string>()->default_value("xlsx")->value_name("FMT"), "xlsx or csv")
      ("out", po::value<std::string>()->value_name("PATH"), "write to PATH (whole or not at all) instead of stdout")
      ("help,h", "this help");
  const auto vm = parse(args, desc);
  if (vm.count("help")) {
    std::cout << desc << '\n';
    return 0;
  }
  const std::string format = vm["format"].as<std::string>();
  if (format != "xlsx" && format != "csv") usage_error("--format " + format + ": expected xlsx or csv");
  if (format == "xlsx" && !vm.count("out") && isatty(STDOUT_FILENO) == 1)
    usage_error("--format xlsx writes a workbook: give --out FILE.xlsx (or redirect standard output to a file)");
  if (!vm.count("scheme")) usage_missing("template", "--scheme FILE");
  const scheme s = load_scheme(vm["scheme"].as<std::string>());
  emit(vm, [&](std::ostream& out) {
    if (format == "xlsx") write_xlsx_template(out, s);
    else write_csv_template(out, s);
  });
  return 0;
}

int run_demo(const std::vector<std::string>& args) {
  po::options_description desc(
      "thidua demo [--data-dir DIR] [--out-dir DIR]\n\n"
      "Runs the year-end ranking on the bundled sample, prints the table and writes JSON, CSV,\n"
      "the council's workbook (tong-hop.xlsx) and the HTML report with its audits (bao-cao.html).\nOptions");
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
  // Titles: the staff scored with the individual scheme, and three earlier years.
  const members staff = load_members(data / "can-bo.csv");
  const ranking people = rank_members(s, staff, load_sheet(*s.member_scheme, data / "diem-ca-nhan.csv"));
  const history past = load_history_csv(data / "lich-su.csv");
  const awards titles = award_titles(s, {.subjects = &r, .members = &people, .staff = &staff, .past = &past});
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  if (ec)
    throw input_error(make_diagnostic(errc::cannot_write, source_position{out_dir.string(), 0, 0}, out_dir.string(),
                                      ec.message()));
  write_file_atomically(out_dir / "xep-hang.json", [&](std::ostream& o) { write_json(o, r, &titles); });
  write_file_atomically(out_dir / "xep-hang.csv", [&](std::ostream& o) { write_csv(o, r, &titles); });
  write_file_atomically(out_dir / "danh-hieu.csv", [&](std::ostream& o) { write_titles(o, titles, output_format::csv); });
  write_file_atomically(out_dir / "tong-hop.xlsx", [&](std::ostream& o) { write_xlsx(o, r, &titles); });
  // The report shows the audits too: who really decides the ranking, how fragile it is.
  const audit::influence_report influence = audit::audit_influence(s, review);
  const audit::sensitivity_report sensitivity = audit::audit_sensitivity(s, review);
  const audit::smaa_report smaa = audit::audit_smaa(s, review, audit::smaa_options{.samples = 10'000, .seed = 1});
  write_file_atomically(out_dir / "bao-cao.html",
                        [&](std::ostream& o) { write_html(o, r, &titles, {&influence, &sensitivity, &smaa}); });
  write_table(std::cout, r, &titles);
  // A glimpse of the staff's proposal list: the provincial title, the rarest.
  const std::ptrdiff_t provincial = s.find_title("CSTD_TINH");
  if (provincial >= 0) {
    std::cout << "\nĐề nghị Chiến sĩ thi đua cấp tỉnh (CSTD_TINH):";
    for (std::size_t i : titles.holders(static_cast<std::size_t>(provincial)))
      std::cout << "\n  " << titles.member_id(i) << "  " << titles.member_name(i) << "  (" << titles.member_unit(i) << ")";
    std::cout << '\n';
  }
  std::cout << "\nĐã ghi: " << (out_dir / "xep-hang.json").string() << ", " << (out_dir / "xep-hang.csv").string()
            << ", " << (out_dir / "danh-hieu.csv").string() << ", " << (out_dir / "tong-hop.xlsx").string() << ", "
            << (out_dir / "bao-cao.html").string() << '\n';
  return 0;
}

}  // namespace thidua::cli
