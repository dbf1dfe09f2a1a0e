// `thidua audit objective` and `thidua audit methods` (docs/audit.md). They parse
// options, call the library and pick a writer; every computation is in the library.
#include <boost/program_options.hpp>
#include <functional>
#include <iostream>

#include "cli.hpp"
#include "thidua/audit/objective.hpp"
#include "thidua/thidua.hpp"

namespace po = boost::program_options;

namespace thidua::cli {

namespace {

struct audit_inputs {
  output_format format = output_format::table;
  scheme s;
  sheet scores;
};

// Parses --scheme, --scores, --format, --out, --help and loads the inputs. Returns false when
// --help was printed (nothing else to do).
bool parse_audit(const std::vector<std::string>& args, const std::string& command, const std::string& usage,
                 po::variables_map& vm, audit_inputs& in) {
  po::options_description desc(usage);
  desc.add_options()
      ("scheme", po::value<std::string>()->value_name("FILE"), "scoring scheme (TOML or JSON)")
      ("scores", po::value<std::string>()->value_name("FILE"), "score sheet (CSV, wide or long)")
      ("format", po::value<std::string>()->default_value("table")->value_name("FMT"), "table or json")
      ("out", po::value<std::string>()->value_name("PATH"), "write to PATH (whole or not at all) instead of stdout")
      ("help,h", "this help");
  vm = parse(args, desc);
  if (vm.count("help")) {
    std::cout << desc << '\n';
    return false;
  }
  const auto text = vm["format"].as<std::string>();
  if (text == "table") in.format = output_format::table;
  else if (text == "json") in.format = output_format::json;
  else usage_error("--format " + text + ": expected table or json");
  if (!vm.count("scheme")) usage_missing(command, "--scheme FILE");
  if (!vm.count("scores")) usage_missing(command, "--scores FILE");
  in.s = load_scheme(vm["scheme"].as<std::string>());
  in.scores = load_sheet(in.s, vm["scores"].as<std::string>());
  return true;
}


}  // namespace

int run_audit_objective(const std::vector<std::string>& args) {
  po::variables_map vm;
  audit_inputs in;
  if (!parse_audit(args, "audit objective",
                   "thidua audit objective --scheme S.toml --scores X.csv [--format table|json] [--out PATH]\n\n"
                   "Weights the data alone would give: entropy, CRITIC, standard deviation and MEREC,\n"
                   "side by side with the scheme's weights, with the conventions stated\n"
                   "(docs/audit.md).\nOptions",
                   vm, in))
    return 0;
  const auto report = audit::audit_objective(in.s, in.scores);
  emit(vm, [&](std::ostream& out) { audit::write_objective(out, report, in.format); });
  return 0;
}

int run_audit_methods(const std::vector<std::string>& args) {
  po::variables_map vm;
  audit_inputs in;
  if (!parse_audit(args, "audit methods",
                   "thidua audit methods --scheme S.toml --scores X.csv [--format table|json] [--out PATH]\n\n"
                   "Does the ranking depend on the aggregation method? The official weighted sum next to\n"
                   "the weighted product, TOPSIS and VIKOR on the same performances and weights, with\n"
                   "Kendall τ, Spearman ρ and weighted Spearman per block and the subjects whose block\n"
                   "rank moves most (docs/audit.md).\nOptions",
                   vm, in))
    return 0;
  const auto report = audit::audit_methods(in.s, in.scores);
  emit(vm, [&](std::ostream& out) { audit::write_methods(out, report, in.format); });
  return 0;
}

}  // namespace thidua::cli
