// `thidua audit <tool>`: the auditors' questions about a scheme's weights and its ranking
// (docs/audit.md). Each tool has its own file (audit_*.cpp); this one dispatches.
#include <iostream>

#include "cli.hpp"

namespace thidua::cli {

namespace {
constexpr const char* overview =
    "thidua audit <tool> [options]   (docs/audit.md; every tool has --format table|json)\n"
    "\n"
    "  weights      nominal weights: each criterion's and family's share of the scale\n"
    "  influence    nominal share vs effective influence on the actual scores\n"
    "  ahp          AHP weights and consistency from a pairwise comparison matrix\n"
    "  objective    entropy, CRITIC, standard-deviation and MEREC weights from the data\n"
    "  sensitivity  how far each weight can move before classes or block ranks change\n"
    "  smaa         SMAA-2: rank acceptability over sampled weights\n"
    "  diff         two schemes on the same data: who changes class or rank\n"
    "  methods      weighted sum vs weighted product, TOPSIS and VIKOR\n";
}  // namespace

int run_audit(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::cout << overview;
    return args.empty() ? 2 : 0;
  }
  const std::string tool = args[0];
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (tool == "ahp") return run_audit_ahp(rest);
  if (tool == "weights") return run_audit_weights(rest);
  if (tool == "influence") return run_audit_influence(rest);
  if (tool == "diff") return run_audit_diff(rest);
  if (tool == "objective") return run_audit_objective(rest);
  if (tool == "methods") return run_audit_methods(rest);
  if (tool == "sensitivity") return run_audit_sensitivity(rest);
  if (tool == "smaa") return run_audit_smaa(rest);
  usage_error("audit " + tool + ": expected weights, influence, ahp, objective, sensitivity, smaa, diff or methods");
}

}  // namespace thidua::cli
