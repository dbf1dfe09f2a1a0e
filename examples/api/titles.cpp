// Titles (danh hiệu thi đua): the units ranked with the unit scheme, the staff scored with
// the individual scheme, earlier years for streaks, then every title decided with the
// reason kept for each holder.
//
// Run: titles SCHEME.toml UNIT_SCORES.csv MEMBERS.csv MEMBER_SCORES.csv HISTORY.csv
// ctest runs it on the bundled sample and compares its output with titles.expected.
#include <iostream>
#include <thidua/thidua.hpp>

int main(int argc, char** argv) {
  if (argc != 6) {
    std::cerr << "usage: titles SCHEME.toml UNIT_SCORES.csv MEMBERS.csv MEMBER_SCORES.csv HISTORY.csv\n";
    return 2;
  }
  try {
    // [titles]
    const thidua::scheme s = thidua::load_scheme(argv[1]);
    thidua::rank_file_options options;
    options.ranking.keep_criterion_points = s.titles_read_criteria;  // conditions may read criteria
    const thidua::ranking units = thidua::rank_file(s, argv[2], options);

    const thidua::members staff = thidua::load_members(argv[3]);
    const thidua::sheet member_scores = thidua::load_sheet(*s.member_scheme, argv[4]);  // [members] scheme
    const thidua::ranking people = thidua::rank_members(s, staff, member_scores);
    const thidua::history past = thidua::load_history_csv(argv[5]);

    // The awards point into these four: they must outlive it.
    const thidua::awards a = thidua::award_titles(
        s, {.subjects = &units, .members = &people, .staff = &staff, .past = &past});
    for (const std::size_t t : s.title_order) {
      const thidua::title_rule& title = s.titles[t];
      std::cout << title.id << " (" << title.name << "): " << a.holders(t).size() << " holders, "
                << a.reward_amount(t) << " đồng each\n";
    }

    // Why one teacher holds each title in force for members, or not: every condition.
    const std::ptrdiff_t who = a.find(thidua::subject_kind::member, "GV0083");
    for (const auto& why : thidua::explain_titles(a, thidua::subject_kind::member, static_cast<std::size_t>(who))) {
      std::cout << "GV0083 " << s.titles[why.title].id << ": "
                << (why.awarded ? "awarded" : why.conditions_met ? "dropped by the quota" : "conditions not met") << '\n';
      for (const auto& c : why.conditions)
        std::cout << "  " << (c.holds ? "yes " : "no  ") << (c.in_any ? "(any) " : "") << c.text << '\n';
    }
    // [titles]
  } catch (const thidua::input_error& e) {
    for (const auto& d : e.diagnostics()) std::cerr << d.to_string() << '\n';
    return 2;
  }
  return 0;
}
