// thidua: the command line. Dispatches to a subcommand and maps failures to exit status:
// 0 success, 2 bad usage or bad input (message with id, file, line, column), 1 internal.
#include <boost/program_options/errors.hpp>
#include <algorithm>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "cli.hpp"
#include "progress.hpp"
#include "thidua/thidua.hpp"
#include "thidua/version.hpp"

namespace {

constexpr const char* overview =
    "thidua — chấm điểm, xếp loại và xếp hạng thi đua (emulation ranking for schools)\n"
    "\n"
    "Usage: thidua <command> [options]\n"
    "\n"
    "Commands:\n"
    "  rank      score, classify and rank a score sheet   (thidua rank --help)\n"
    "  explain   line-by-line account of one subject     (thidua explain --help)\n"
    "  validate  check a scheme and score sheets, report every problem\n"
    "  titles    the proposal list of titles (danh sách đề nghị danh hiệu)\n"
    "  audit     check the weights: influence, AHP, sensitivity, SMAA, ... (thidua audit --help)\n"
    "  history   earlier years' titles in a SQLite store: import, list, revoke\n"
    "  template  the blank score sheet schools fill in (.xlsx or .csv)\n"
    "  demo      run the year-end ranking on the bundled sample\n"
    "\n"
    "Every command takes --quiet: no progress bar on the terminal.\n"
    "Exit status: 0 success, 2 bad usage or bad input, 1 internal error.\n";

void print_diagnostics(const thidua::input_error& e) {
  for (const auto& d : e.diagnostics()) std::cerr << "thidua: " << d.to_string() << '\n';
  if (e.total_count() > e.diagnostics().size())
    std::cerr << "thidua: ... and " << (e.total_count() - e.diagnostics().size()) << " more problems\n";
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << overview;
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "--version") {
    std::cout << "thidua " << thidua::version() << '\n';
    return 0;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  // --quiet is for every command: no progress bar even on a terminal.
  if (const auto q = std::find(args.begin(), args.end(), "--quiet"); q != args.end()) {
    thidua::cli::set_quiet(true);
    args.erase(q);
  }
  try {
    if (command == "rank") return thidua::cli::run_rank(args);
    if (command == "explain") return thidua::cli::run_explain(args);
    if (command == "validate") return thidua::cli::run_validate(args);
    if (command == "demo") return thidua::cli::run_demo(args);
    if (command == "history") return thidua::cli::run_history(args);
    if (command == "titles") return thidua::cli::run_titles(args);
    if (command == "audit") return thidua::cli::run_audit(args);
    if (command == "template") return thidua::cli::run_template(args);
    thidua::cli::usage_error("unknown command '" + command +
                             "': expected rank, explain, validate, titles, audit, history, template or demo");
  } catch (const thidua::input_error& e) {
    print_diagnostics(e);
    return 2;
  } catch (const boost::program_options::error& e) {
    std::cerr << "thidua: [" << thidua::error_id(thidua::errc::bad_option) << "] " << command << ": " << e.what()
              << " (see thidua " << command << " --help)\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "thidua: internal error: " << e.what() << '\n';
    return 1;
  } catch (...) {
    std::cerr << "thidua: internal error\n";
    return 1;
  }
}
