// The error model of the C++ API: every problem with a stable id, a position and a message;
// the loaders either collect them (diagnostics) or throw them all at once (input_error).
//
// Run: errors SCHEME.toml
// ctest runs it with the bundled sample scheme and compares its output with errors.expected.
#include <iostream>
#include <thidua/thidua.hpp>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: errors SCHEME.toml\n";
    return 2;
  }
  const thidua::scheme s = thidua::load_scheme(argv[1]);

  // [collect]
  // A sheet with two mistakes, as a system might send it (CSV text in memory; the name is
  // what positions show). The collecting form reports every problem and returns nullopt.
  const std::string csv =
      "id,CM1,CM2,CM3,CM4,CM5,CM6,CM7,CM8,DV1,DV2,DV3,DV4,DV5,DV6,DV7\n"
      "MN01,99.5,0.2,14,1,7.5,100,7,8,5.5,1,97,4,2.5,2.5,2\n"
      "MN02,98,0.4,16,1,7,100,7.5,8,5,1,96,4.5,2,3,1\n"        // CM3: 16 > 15
      "MN03,99,0.3,14.3,1,7.5,100,7.5,8,5,1,96,4,2,2.5,1\n";   // CM3: not on the 0.25 step
  thidua::diagnostics problems;
  const std::optional<thidua::sheet> sheet = thidua::parse_sheet(s, csv, "diem.csv", problems);
  if (!sheet) {
    for (const thidua::diagnostic& d : problems.items())
      std::cout << d.id() << " at line " << d.where.line << ", column " << d.where.column << ": " << d.message
                << '\n';
  }
  // [collect]

  // [throw]
  // The throwing form raises one input_error holding the same list.
  try {
    const thidua::ranking r = thidua::rank_file(s, "khong-co-tep-nay.csv");
  } catch (const thidua::input_error& e) {
    for (const thidua::diagnostic& d : e.diagnostics()) std::cout << d.to_string() << '\n';
  }
  // [throw]
  return 0;
}
