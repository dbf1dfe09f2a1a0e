// Option parsing and usage errors shared by the subcommands of `thidua`.
#include <cstdlib>
#include <iostream>

#include "cli.hpp"
#include "thidua/error.hpp"
#include "thidua/io.hpp"

namespace po = boost::program_options;

namespace thidua::cli {

void usage_error(const std::string& message) {
  throw input_error(make_diagnostic(errc::bad_option, source_position{}, message));
}

void usage_missing(const std::string& command, const std::string& what) {
  throw input_error(make_diagnostic(errc::missing_option, source_position{}, "thidua " + command, what));
}

po::variables_map parse(const std::vector<std::string>& args, const po::options_description& desc,
                        const po::positional_options_description* positional) {
  po::variables_map vm;
  auto parser = po::command_line_parser(args).options(desc);
  if (positional) parser.positional(*positional);
  po::store(parser.run(), vm);
  po::notify(vm);
  return vm;
}

void emit(const po::variables_map& vm, const std::function<void(std::ostream&)>& render) {
  if (vm.count("out")) {
    write_file_atomically(vm["out"].as<std::string>(), render);
  } else {
    render(std::cout);
    std::cout.flush();
  }
}

std::string user_name(const po::variables_map& vm) {
  if (vm.count("by")) return vm["by"].as<std::string>();
  const char* user = std::getenv("USER");
  return user != nullptr && *user != '\0' ? std::string(user) : std::string("unknown");
}

}  // namespace thidua::cli
