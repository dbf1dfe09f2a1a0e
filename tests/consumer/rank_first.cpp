// A program built against thidua the way a department system would (tests/consumer/): it
// loads a scheme and a score sheet, ranks, and prints the first school shown with its total.
//
//   app SCHEME.toml SCORES.csv
//   -> thidua 0.2.0: 60 subjects, first MN04 96.00 (rank 1)
#include <exception>
#include <iostream>
#include <thidua/thidua.hpp>
#include <thidua/version.hpp>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: " << argv[0] << " SCHEME.toml SCORES.csv\n";
    return 2;
  }
  try {
    const auto scheme = thidua::load_scheme(argv[1]);
    const auto sheet = thidua::load_sheet(scheme, argv[2]);
    const auto ranking = thidua::rank(scheme, sheet);
    if (ranking.size() == 0) {
      std::cerr << "no subject ranked\n";
      return 1;
    }
    const std::size_t first = ranking.display_order().front();
    std::cout << "thidua " << thidua::version() << ": " << ranking.size() << " subjects, first "
              << ranking.id(first) << ' ' << ranking.total(first).to_string(2) << " (rank "
              << ranking.rank(first) << ")\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }
}
