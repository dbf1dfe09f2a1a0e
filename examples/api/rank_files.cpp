// The year-end ranking from files, the way a department system would embed it: read the
// scheme and the scores, rank, and use the numbers (here: the top three of each block).
//
// Run: rank_files SCHEME.toml SCORES.csv
// ctest runs it on the bundled sample and compares its output with rank_files.expected;
// docs/api.md shows the part between the [rank] markers.
#include <cstdio>
#include <iostream>
#include <thidua/thidua.hpp>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: rank_files SCHEME.toml SCORES.csv\n";
    return 2;
  }
  try {
    // [rank]
    const thidua::scheme scheme = thidua::load_scheme(argv[1]);
    const thidua::ranking r = thidua::rank_file(scheme, argv[2]);

    // display_order(): blocks in Vietnamese collation order, then rank inside each block.
    for (const std::size_t row : r.display_order()) {
      if (r.rank(row) == 0 || r.rank(row) > 3) continue;  // 0: excluded by a veto
      const auto& cls = scheme.classes[static_cast<std::size_t>(r.class_index(row))];
      std::cout << r.group(row) << "  " << r.rank(row) << ". " << r.id(row) << "  "
                << r.total(row).to_string(scheme.precision) << "  " << cls.name << '\n';
    }
    // [rank]
  } catch (const thidua::input_error& e) {
    // Every problem of the files, each with its id and position (see errors.cpp).
    for (const auto& d : e.diagnostics()) std::cerr << d.to_string() << '\n';
    return 2;
  }
  return 0;
}
