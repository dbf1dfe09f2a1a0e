// `thidua audit sensitivity` and `thidua audit smaa` (docs/audit.md). They parse options,
// call the library and pick a writer; every computation is in the library.
#include <boost/program_options.hpp>
#include <cstdint>
#include <functional>
#include <iostream>
#include <random>
#include <unistd.h>

#include "cli.hpp"
#include "progress.hpp"
#include "thidua/audit/sensitivity.hpp"
#include "thidua/audit/smaa.hpp"
#include "thidua/thidua.hpp"

namespace po = boost::program_options;

namespace thidua::cli {

namespace {

void add_common_options(po::options_description& desc) {
  desc.add_options()
      ("scheme", po::value<std::string>()->value_name("FILE"), "scoring scheme (TOML or JSON)")
      ("scores", po::value<std::string>()->value_name("FILE"), "score sheet (CSV, wide or long)")
      ("threads", po::value<unsigned>()->default_value(0)->value_name("T"),
       "worker threads, 0 = every core (the result does not depend on it)")
      ("format", po::value<std::string>()->default_value("table")->value_name("FMT"), "table or json")
      ("out", po::value<std::string>()->value_name("PATH"), "write to PATH (whole or not at all) instead of stdout")
      ("help,h", "this help");
}

output_format format_of(const po::variables_map& vm) {
  const auto text = vm["format"].as<std::string>();
  if (text == "table") return output_format::table;
  if (text == "json") return output_format::json;
  usage_error("--format " + text + ": expected table or json");
}


struct inputs {
  scheme s;
  sheet scores;
};

inputs load(const po::variables_map& vm, const std::string& command) {
  if (!vm.count("scheme")) usage_missing(command, "--scheme FILE");
  if (!vm.count("scores")) usage_missing(command, "--scores FILE");
  inputs in{load_scheme(vm["scheme"].as<std::string>()), {}};
  if (!in.s.periods.empty())
    usage_error(command + ": the scheme has [[period]]s; audit one period's sheet with a copy of the scheme without them");
  in.scores = load_sheet(in.s, vm["scores"].as<std::string>());
  return in;
}

}  // namespace

int run_audit_sensitivity(const std::vector<std::string>& args) {
  po::options_description desc(
      "thidua audit sensitivity --scheme S.toml --scores X.csv [--top K] [--format table|json] [--out PATH]\n\n"
      "One weight at a time (each criterion, each family) set to t × its nominal value, the other\n"
      "weights rescaled in proportion so that the scale is kept: the range of t within which every\n"
      "class and every block's top K stay the same, the smallest change that swaps two neighbours\n"
      "in a block and the smallest that changes a block's first place; a tornado-style table\n"
      "sorted by fragility (docs/audit.md).\nOptions");
  add_common_options(desc);
  desc.add_options()("top", po::value<std::size_t>()->default_value(3)->value_name("K"),
                     "size of each block's top set that must not change (at least 1)");
  const auto vm = parse(args, desc);
  if (vm.count("help")) {
    std::cout << desc << '\n';
    return 0;
  }
  const output_format format = format_of(vm);
  audit::sensitivity_options o;
  o.top = vm["top"].as<std::size_t>();
  if (o.top == 0) usage_error("--top 0: expected at least 1");
  o.threads = vm["threads"].as<unsigned>();
  const inputs in = load(vm, "audit sensitivity");
  const auto report = audit::audit_sensitivity(in.s, in.scores, o);
  emit(vm, [&](std::ostream& out) { audit::write_sensitivity(out, report, format); });
  return 0;
}

int run_audit_smaa(const std::vector<std::string>& args) {
  po::options_description desc(
      "thidua audit smaa --scheme S.toml --scores X.csv [--samples N] [--seed S] [--mode simplex|around|order]\n"
      "                  [--spread 0.2] [--flat] [--ranks R] [--pairs P] [--threads T] [--format table|json] [--out PATH]\n\n"
      "SMAA-2: many weight vectors drawn at random (uniformly on the simplex, within ±spread of the\n"
      "nominal weights, or keeping their order of importance; families first, then criteria within\n"
      "them): how often each subject takes each rank in its block, the central weights that make it\n"
      "first, its confidence factor, and how often one subject is ahead of another\n"
      "(docs/audit.md). Without --seed a random seed is used and printed with the results.\nOptions");
  add_common_options(desc);
  desc.add_options()
      ("samples", po::value<std::size_t>()->default_value(10'000)->value_name("N"), "weight vectors to draw (1 to 10^9)")
      ("seed", po::value<std::uint64_t>()->value_name("S"), "random seed (default: a random one, printed)")
      ("mode", po::value<std::string>()->default_value("simplex")->value_name("MODE"), "simplex, around or order")
      ("spread", po::value<double>()->default_value(0.2)->value_name("X"),
       "around: each weight within ± X of its nominal value (0.2 = ±20%)")
      ("flat", "draw all criteria's weights at once instead of families, then criteria within them")
      ("ranks", po::value<std::size_t>()->default_value(10)->value_name("R"),
       "rank acceptability for ranks 1..R (0 = every rank)")
      ("pairs", po::value<std::size_t>()->default_value(10)->value_name("P"),
       "pairwise winning indices among each block's P best (0 = every pair)");
  const auto vm = parse(args, desc);
  if (vm.count("help")) {
    std::cout << desc << '\n';
    return 0;
  }
  const output_format format = format_of(vm);
  audit::smaa_options o;
  o.samples = vm["samples"].as<std::size_t>();
  if (o.samples == 0 || o.samples > 1'000'000'000)
    usage_error("--samples " + std::to_string(o.samples) + ": expected 1 to 1000000000");
  const std::string mode = vm["mode"].as<std::string>();
  if (!audit::parse_smaa_mode(mode, o.mode)) usage_error("--mode " + mode + ": expected simplex, around or order");
  o.spread = vm["spread"].as<double>();
  if (!(o.spread >= 0 && o.spread <= 10)) usage_error("--spread: expected a share from 0 to 10 (0.2 = ±20%)");
  if (vm["spread"].defaulted() == false && o.mode != audit::smaa_mode::around)
    usage_error("--spread is for --mode around");
  o.tree = !vm.count("flat");
  o.ranks = vm["ranks"].as<std::size_t>();
  o.pairs = vm["pairs"].as<std::size_t>();
  o.threads = vm["threads"].as<unsigned>();
  if (vm.count("seed")) {
    o.seed = vm["seed"].as<std::uint64_t>();
  } else {
    std::random_device device;
    o.seed = (static_cast<std::uint64_t>(device()) << 32 | device()) % 1'000'000'000'000ULL;
  }
  const inputs in = load(vm, "audit smaa");
  progress_bar bar("SMAA", progress_unit::items, "mẫu");
  const auto report = audit::audit_smaa(in.s, in.scores, o, bar.hook());
  bar.finish();
  emit(vm, [&](std::ostream& out) { audit::write_smaa(out, report, format); });
  return 0;
}

}  // namespace thidua::cli
