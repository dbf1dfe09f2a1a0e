// "Why this class?": the explanation of one subject as data, for a system that shows it its
// own way (the command line prints the same with `thidua explain`).
//
// Run: why_class SCHEME.toml SCORES.csv ID
// ctest runs it for MN03 of the bundled sample (91.75 points, yet "tốt" and not "xuất sắc")
// and compares its output with why_class.expected.
#include <iostream>
#include <thidua/thidua.hpp>

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: why_class SCHEME.toml SCORES.csv ID\n";
    return 2;
  }
  try {
    // [why]
    const thidua::scheme s = thidua::load_scheme(argv[1]);
    const thidua::sheet scores = thidua::load_sheet(s, argv[2]);
    const thidua::ranking r = thidua::rank(s, scores);
    const std::ptrdiff_t row = r.find(argv[3]);
    if (row < 0) {
      std::cerr << argv[3] << ": no such subject\n";
      return 2;
    }
    const thidua::explanation e = thidua::explain(s, scores, r, static_cast<std::size_t>(row));

    const auto places = s.precision;
    std::cout << r.id(e.row) << ": " << e.total.to_string(places) << " points, rank " << e.rank << " in "
              << r.group(e.row) << ", class " << s.classes[static_cast<std::size_t>(e.final_class)].id << '\n';
    for (const auto& f : e.families)
      std::cout << "  " << s.families[f.family].id << ": " << f.published.to_string(places) << '\n';
    // What the next better class needs: its total, and each family minimum not met.
    if (e.next.target >= 0) {
      std::cout << "  next: " << s.classes[static_cast<std::size_t>(e.next.target)].id << ", total still needed "
                << e.next.gain.to_string(places) << '\n';
      for (const auto& gap : e.next.family_gaps)
        std::cout << "  " << s.families[gap.family].id << " has " << gap.has.to_string(places) << ", needs "
                  << gap.needs.to_string(places) << '\n';
    }
    // The cheapest single changes that reach the next class.
    for (const auto& c : e.next.criteria) {
      if (!c.closes) break;  // the rest help, but none is enough alone
      std::cout << "  " << s.criteria[c.criterion].id << " " << c.from.to_short_string() << " -> " << c.to.to_short_string()
                << " makes the total " << c.new_total.to_string(places) << '\n';
    }
    // [why]
  } catch (const thidua::input_error& e) {
    for (const auto& d : e.diagnostics()) std::cerr << d.to_string() << '\n';
    return 2;
  }
  return 0;
}
