// The sample's HTML report written by the library itself (write_html), with self-scores,
// titles and every audit: what check_report.py --producer opens in Chromium, independent
// of the command line's options.
//
//   thidua_html_sample examples/data out/bao-cao.html
#include <cstdio>
#include <exception>
#include <string>

#include <thidua/thidua.hpp>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s DATA_DIR OUT.html\n", argv[0]);
    return 2;
  }
  try {
    const std::string dir = argv[1];
    const auto s = thidua::load_scheme(dir + "/truong-hoc-2024-2025.toml");
    const auto review = thidua::load_sheet(s, dir + "/diem-hoi-dong.csv");
    const auto self = thidua::load_sheet(s, dir + "/diem-tu-cham.csv");
    thidua::rank_options options;
    options.self_scores = &self;
    const auto units = thidua::rank(s, review, options);
    const auto staff = thidua::load_members(dir + "/can-bo.csv");
    const auto member_scores = thidua::load_sheet(*s.member_scheme, dir + "/diem-ca-nhan.csv");
    const auto people = thidua::rank_members(s, staff, member_scores);
    const auto past = thidua::load_history_csv(dir + "/lich-su.csv");
    const auto titles =
        thidua::award_titles(s, {.subjects = &units, .members = &people, .staff = &staff, .past = &past});
    const auto influence = thidua::audit::audit_influence(s, review);
    const auto sensitivity = thidua::audit::audit_sensitivity(s, review);
    thidua::audit::smaa_options o;
    o.samples = 2'000;
    const auto smaa = thidua::audit::audit_smaa(s, review, o);
    thidua::write_file_atomically(argv[2], [&](std::ostream& out) {
      thidua::write_html(out, units, &titles, {&influence, &sensitivity, &smaa});
    });
  } catch (const std::exception& e) {
    std::fprintf(stderr, "thidua_html_sample: %s\n", e.what());
    return 1;
  }
  return 0;
}
