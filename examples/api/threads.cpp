// The thread model of the C++ API: objects are immutable once built, and every const
// function may be called from several threads at once. Here four threads share one scheme
// and one sheet: two rank it, two audit it, and all look subjects up by id.
//
// Run: threads SCHEME.toml SCORES.csv
// ctest runs it on the bundled sample and compares its output with threads.expected.
#include <iostream>
#include <sstream>
#include <thread>
#include <thidua/thidua.hpp>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: threads SCHEME.toml SCORES.csv\n";
    return 2;
  }
  // [threads]
  const thidua::scheme s = thidua::load_scheme(argv[1]);
  const thidua::sheet scores = thidua::load_sheet(s, argv[2]);

  // Each thread writes only its own output; the shared inputs are only read.
  std::vector<std::string> out(4);
  std::vector<std::jthread> workers;
  for (std::size_t t = 0; t < out.size(); ++t) {
    workers.emplace_back([&, t] {
      std::ostringstream text;
      if (t < 2) {
        const thidua::ranking r = thidua::rank(s, scores);
        thidua::write_json(text, r);
      } else {
        const auto report = thidua::audit::audit_influence(s, scores);
        thidua::audit::write_influence(text, report, thidua::output_format::json);
      }
      text << scores.find("MN03");  // the id index is built once, whichever thread asks first
      out[t] = text.str();
    });
  }
  workers.clear();  // joins
  // [threads]

  const bool same_rankings = out[0] == out[1];
  const bool same_audits = out[2] == out[3];
  std::cout << "rankings from two threads identical: " << (same_rankings ? "yes" : "no") << '\n'
            << "audits from two threads identical: " << (same_audits ? "yes" : "no") << '\n';
  // And identical to the same work done on this thread alone.
  std::ostringstream alone;
  thidua::write_json(alone, thidua::rank(s, scores));
  alone << scores.find("MN03");
  const bool as_alone = alone.str() == out[0];
  std::cout << "identical to one thread: " << (as_alone ? "yes" : "no") << '\n';
  return same_rankings && same_audits && as_alone ? 0 : 1;
}
