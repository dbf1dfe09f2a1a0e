// Running the `thidua` binary from a test as a user would: exit status, standard output and
// standard error, each captured in a file under a per-process scratch folder.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace thidua_test {

struct run_result {
  int status = -1;  ///< the exit status, -1 when the command did not exit normally
  std::string out, err;
};

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// temp/<tag>-<pid>, created on first use: each test file its own, each process its own.
inline std::filesystem::path scratch_dir(const std::string& tag) {
  const auto dir = std::filesystem::temp_directory_path() / (tag + "-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir;
}

/// Runs THIDUA_CLI with `args` (already shell-quoted where needed).
inline run_result run_cli(const std::string& tag, const std::string& args) {
  static int counter = 0;
  const auto dir = scratch_dir(tag);
  const auto out = dir / ("out" + std::to_string(counter)), err = dir / ("err" + std::to_string(counter++));
  const std::string cmd = std::string(THIDUA_CLI) + " " + args + " >" + out.string() + " 2>" + err.string();
  const int raw = std::system(cmd.c_str());
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, slurp(out), slurp(err)};
}

}  // namespace thidua_test
