// The thidua command: shared declarations of the subcommands.
#pragma once

#include <string>
#include <vector>

namespace thidua::cli {

/// Each subcommand takes its own arguments (after the subcommand word) and returns the
/// exit status. Bad usage and bad input throw thidua::input_error (exit status 2).
int run_rank(const std::vector<std::string>& args);
int run_explain(const std::vector<std::string>& args);
int run_validate(const std::vector<std::string>& args);
int run_demo(const std::vector<std::string>& args);

/// Throws input_error with thidua.usage.101.
[[noreturn]] void usage_error(const std::string& message);

}  // namespace thidua::cli
