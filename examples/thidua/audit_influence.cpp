// `thidua audit weights`, `thidua audit influence`, `thidua audit diff` (docs/audit.md).
// They parse options, call the library and pick a writer; every computation is in the library.
#include <boost/program_options.hpp>
#include <functional>
#include <iostream>

#include "cli.hpp"
#include "thidua/audit/influence.hpp"
#include "thidua/thidua.hpp"

namespace po = boost::program_options;

namespace thidua::cli {

namespace {

void add_output_options(po::options_description& desc) {
  desc.add_options()
      ("format", po::value<std::string>()->default_value("table")->value_name("FMT"), "table or json")
      ("out", po::value<std::string>()->value_name("PATH"), "write to PATH (whole or not at all) instead of stdout")
      ("help,h", "this help");
}

output_format audit_format(const po::variables_map& vm) {
  const auto text = vm["format"].as<std::string>();
  if (text == "table") return output_format::table;
  if (text == "json") return output_format::json;
  usage_error("--format " + text + ": expected table or json");
}


std::string required(const po::variables_map& vm, const std::string& command, const std::string& option,
                     const std::string& what) {
  if (!vm.count(option)) usage_missing(command, "--" + option + " " + what);
  return vm[option].as<std::string>();
}

}  // namespace

int run_audit_weights(const std::vector<std::string>& args) {
  po::options_description desc(
      "thidua audit weights --scheme S.toml [--format table|json] [--out PATH]\n\n"
      "The nominal weights as the scheme defines them: each family's and criterion's share of the\n"
      "scale, whether they add up, criteria whose maximum no value can give or that can never\n"
      "matter, classes that cannot be reached (docs/audit.md).\nOptions");
  desc.add_options()("scheme", po::value<std::string>()->value_name("FILE"), "scoring scheme (TOML or JSON)");
  add_output_options(desc);
  const auto vm = parse(args, desc);
  if (vm.count("help")) {
    std::cout << desc << '\n';
    return 0;
  }
  const output_format format = audit_format(vm);
  const scheme s = load_scheme(required(vm, "audit weights", "scheme", "FILE"));
  const auto report = audit::audit_weights(s);
  emit(vm, [&](std::ostream& out) { audit::write_weights(out, report, format); });
  return 0;
}

int run_audit_influence(const std::vector<std::string>& args) {
  po::options_description desc(
      "thidua audit influence --scheme S.toml --scores X.csv [--format table|json] [--out PATH]\n\n"
      "On the actual scores: each family's and criterion's nominal share of the scale next to its\n"
      "effective influence: its share of the variance of totals, and how many classes and block\n"
      "ranks change without it (Kendall τ). A sentence per family (docs/audit.md).\nOptions");
  desc.add_options()
      ("scheme", po::value<std::string>()->value_name("FILE"), "scoring scheme (TOML or JSON)")
      ("scores", po::value<std::string>()->value_name("FILE"), "score sheet (CSV, wide or long)");
  add_output_options(desc);
  const auto vm = parse(args, desc);
  if (vm.count("help")) {
    std::cout << desc << '\n';
    return 0;
  }
  const output_format format = audit_format(vm);
  const std::string scheme_file = required(vm, "audit influence", "scheme", "FILE");
  const std::string scores_file = required(vm, "audit influence", "scores", "FILE");
  const scheme s = load_scheme(scheme_file);
  const sheet sh = load_sheet(s, scores_file);
  const auto report = audit::audit_influence(s, sh);
  emit(vm, [&](std::ostream& out) { audit::write_influence(out, report, format); });
  return 0;
}

int run_audit_diff(const std::vector<std::string>& args) {
  po::options_description desc(
      "thidua audit diff A.toml B.toml --scores X.csv [--scores-b Y.csv] [--format table|json] [--out PATH]\n"
      "thidua audit diff --scheme A.toml --scheme-b B.toml --scores X.csv [...]\n\n"
      "Two schemes (last year's and this year's weights, or a proposal) on the same subjects, each\n"
      "ranked by the engine: who changes class or rank in the block, Kendall τ, Spearman ρ and the\n"
      "weighted Spearman per block. The sheet is read once per scheme (--scores-b when B needs its\n"
      "own sheet); a column B needs and the sheet lacks is a data error (docs/audit.md).\nOptions");
  desc.add_options()
      ("scheme", po::value<std::string>()->value_name("FILE"), "scheme A (TOML), e.g. last year's")
      ("scheme-b", po::value<std::string>()->value_name("FILE"), "scheme B (TOML), e.g. this year's or a proposal")
      ("scores", po::value<std::string>()->value_name("FILE"), "score sheet, read under A (and under B without --scores-b)")
      ("scores-b", po::value<std::string>()->value_name("FILE"), "score sheet read under B, when it differs");
  add_output_options(desc);
  po::positional_options_description positional;
  positional.add("scheme", 1).add("scheme-b", 1);
  const auto vm = parse(args, desc, &positional);
  if (vm.count("help")) {
    std::cout << desc << '\n';
    return 0;
  }
  const output_format format = audit_format(vm);
  const std::string file_a = required(vm, "audit diff", "scheme", "A.toml (or the first file)");
  const std::string file_b = required(vm, "audit diff", "scheme-b", "B.toml (or the second file)");
  const std::string scores_a = required(vm, "audit diff", "scores", "FILE");
  const std::string scores_b = vm.count("scores-b") ? vm["scores-b"].as<std::string>() : scores_a;
  const scheme a = load_scheme(file_a);
  const scheme b = load_scheme(file_b);
  const sheet sa = load_sheet(a, scores_a);
  const sheet sb = load_sheet(b, scores_b);
  const auto report = audit::audit_diff(a, sa, b, sb);
  emit(vm, [&](std::ostream& out) { audit::write_diff(out, report, format); });
  return 0;
}

}  // namespace thidua::cli
