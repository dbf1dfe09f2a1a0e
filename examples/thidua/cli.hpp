// The thidua command: shared declarations of the subcommands.
#pragma once

#include <boost/program_options.hpp>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace thidua::cli {

/// Each subcommand takes its own arguments (after the subcommand word) and returns the
/// exit status. Bad usage and bad input throw thidua::input_error (exit status 2).
int run_rank(const std::vector<std::string>& args);
int run_explain(const std::vector<std::string>& args);
int run_validate(const std::vector<std::string>& args);
int run_demo(const std::vector<std::string>& args);
/// `thidua template`: the blank score sheet for a scheme.
int run_template(const std::vector<std::string>& args);
/// `thidua titles`: the proposal list per title.
int run_titles(const std::vector<std::string>& args);
/// `thidua history import|list|revoke|runs` (examples/thidua/history_command.cpp).
int run_history(const std::vector<std::string>& args);

/// `thidua audit <tool>` (examples/thidua/audit_command.cpp dispatches; one file per tool).
int run_audit(const std::vector<std::string>& args);
int run_audit_ahp(const std::vector<std::string>& args);          // audit_ahp.cpp
int run_audit_weights(const std::vector<std::string>& args);      // audit_influence.cpp
int run_audit_influence(const std::vector<std::string>& args);    // audit_influence.cpp
int run_audit_diff(const std::vector<std::string>& args);         // audit_influence.cpp
int run_audit_objective(const std::vector<std::string>& args);    // audit_methods.cpp
int run_audit_methods(const std::vector<std::string>& args);      // audit_methods.cpp
int run_audit_sensitivity(const std::vector<std::string>& args);  // audit_smaa.cpp
int run_audit_smaa(const std::vector<std::string>& args);         // audit_smaa.cpp

/// Throws input_error with thidua.usage.101.
[[noreturn]] void usage_error(const std::string& message);
/// Throws input_error with thidua.usage.102: "thidua <command> needs <what>".
[[noreturn]] void usage_missing(const std::string& command, const std::string& what);

/// Parses a subcommand's options (examples/thidua/options.cpp).
boost::program_options::variables_map parse(const std::vector<std::string>& args,
                                            const boost::program_options::options_description& desc,
                                            const boost::program_options::positional_options_description* positional = nullptr);
/// Writes with `render` to --out (whole or nothing: a temporary file renamed) or to stdout.
void emit(const boost::program_options::variables_map& vm, const std::function<void(std::ostream&)>& render);
/// Who runs a command that records: --by NAME, else $USER, else "unknown".
std::string user_name(const boost::program_options::variables_map& vm);

}  // namespace thidua::cli
