// thidua/scheme.hpp: the scoring scheme (thang điểm thi đua), as data.
//
// A scheme says which criteria (tiêu chí) are scored, how a raw value becomes points,
// how criteria group into families (công tác chuyên môn, công tác dân vận), the bonus and
// deduction caps, the vetoes, the classes (xếp loại) and the ranking order. It is loaded
// from TOML (`load_scheme` in io.hpp) or built in memory and then checked with
// `finalize_scheme`, which applies the same rules and fills the cross-reference indices.
// A finalized scheme is immutable; the engine only reads it.
//
// Example (in memory):
//   thidua::scheme s;
//   s.id = "demo"; s.scale = thidua::decimal::from_int(100);
//   s.families.push_back({.id = "chuyen_mon", .name = "Công tác chuyên môn"});
//   s.criteria.push_back({.id = "CM1", .family = "chuyen_mon", .name = "...",
//                         .max = thidua::decimal::from_int(100)});
//   s.classes.push_back({.id = "tot", .name = "Tốt", .min = thidua::decimal::from_int(70)});
//   s.classes.push_back({.id = "chua_dat", .name = "Chưa đạt", .min = {}});
//   thidua::finalize_scheme(s);   // throws input_error if the scheme is inconsistent
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "thidua/decimal.hpp"
#include "thidua/error.hpp"

namespace thidua {

/// Hashes ids as string_view, so lookups by a string_view allocate nothing.
struct id_hash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};
/// id → index, searchable by std::string_view (scheme::find_*).
using id_index = std::unordered_map<std::string, std::size_t, id_hash, std::equal_to<>>;

/// Where an element was defined (line, column in the scheme file; 0 when built in code).
struct definition_site {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

/// What a criterion's raw value is.
enum class input_kind {
  points,   ///< points given by an assessor, 0..max, optionally in steps
  percent,  ///< a ratio in percent (0..100), turned into points by tiers or linearly
  count,    ///< a non-negative count, turned into points by tiers or linearly
  yes_no,   ///< yes gives the maximum, no gives 0
  failures, ///< a count of recorded failures; each costs `per_failure` of the maximum, never below 0
};
std::string_view to_string(input_kind k) noexcept;

/// One step of a tiered criterion: a value at least (or at most) `threshold` gives `points`.
struct tier {
  decimal threshold{};
  decimal points{};
};

/// Points proportional to the value between `zero` (0 points) and `full` (the maximum).
/// If full < zero, lower values are better (a drop-out rate).
struct linear_rule {
  decimal full{};
  decimal zero{};
};

struct criterion {
  std::string id{};
  std::string family{};  ///< family id
  std::string name{};
  decimal max{};
  input_kind input = input_kind::points;
  std::optional<decimal> step{};       ///< points input: values must be multiples of this
  std::vector<tier> tiers{};           ///< percent/count input: best tier first
  bool lower_is_better = false;      ///< tiers: "value at most threshold" instead of "at least"
  std::optional<linear_rule> linear{}; ///< percent/count input
  std::optional<decimal> per_failure{}; ///< failures input: share of the maximum lost per failure (0.25)
  bool reserved = false;             ///< only the reviewer scores it (điểm dành cho cấp trên)
  definition_site site{};

  // Filled by finalize_scheme:
  std::size_t family_index = 0;
};

struct family {
  std::string id{};
  std::string name{};
  std::optional<decimal> weight{};  ///< share of the scale this family is rescaled to
  definition_site site{};

  // Filled by finalize_scheme:
  decimal max{};                        ///< sum of its criteria's maxima
  std::vector<std::size_t> criteria{};  ///< indices into scheme::criteria, in file order
};

/// A flag that overrides the score: caps the class or excludes the subject.
struct veto {
  std::string id{};
  std::string name{};
  std::string flag{};                 ///< the flag column that triggers it (default: id)
  std::optional<std::string> cap_class{};  ///< the best class a vetoed subject may get
  bool exclude = false;               ///< not classified nor ranked ("không đủ điều kiện")
  definition_site site{};

  std::size_t cap_class_index = 0;    ///< filled by finalize_scheme when cap_class is set
};

struct family_minimum {
  std::string family{};
  decimal min{};
  std::size_t family_index = 0;  ///< filled by finalize_scheme
};

/// A cap on how many subjects may hold a class, e.g. "xuất sắc at most 20% of the number
/// rated tốt, per emulation block, rounded down". Subjects over the cap drop to the next class
/// they qualify for, lowest in ranking order first. The base is counted on the final result,
/// after the demotions (docs/scheme.md, "Quotas").
struct class_quota {
  enum class scope { group, all };
  enum class at_tie { drop, stay };
  decimal max{};                 ///< share of the base, 0 < max <= 1 (0.2 = 20%)
  std::string of{};              ///< "class:<id>" (subjects holding that class) or "all" (classified subjects)
  scope per = scope::group;      ///< per emulation block (or unit, for members) or over all subjects
  rounding round = rounding::down;  ///< how max × base becomes a whole number
  at_tie ties = at_tie::drop;    ///< subjects tied at the cut: all drop, or all stay (may exceed the cap)
  definition_site site{};

  std::ptrdiff_t of_class_index = -1;  ///< filled by finalize_scheme; -1 for "all"
};

/// A class (xếp loại), reached when the published total is at least `min` and every
/// per-family minimum is met. Classes are listed best first.
struct class_def {
  std::string id{};
  std::string name{};
  decimal min{};
  std::vector<family_minimum> min_family{};
  std::optional<class_quota> quota{};
  definition_site site{};
};

/// One key of the ranking order inside an emulation block.
struct ranking_key {
  enum class kind { class_, total, family, criterion, id, name };
  kind what = kind::total;
  std::string ref{};         ///< family or criterion id for those kinds
  std::size_t index = 0;   ///< filled by finalize_scheme for family/criterion
};
std::string to_string(const ranking_key& k);

enum class tie_rule {
  competition,  ///< 1, 2, 2, 4
  dense,        ///< 1, 2, 2, 3
};

/// How criteria marked N/A are left out (docs/scheme.md, "Not applicable").
struct na_rule {
  enum class level {
    family,  ///< each family renormalised over its applicable criteria (raw ÷ applicable max × share)
    scale,   ///< the whole scale renormalised over all applicable criteria, families kept in proportion
    full,    ///< an N/A criterion counts as its maximum ("không phát sinh được tính điểm tối đa")
  };
  level at = level::family;
  int precision = 4;  ///< decimals of the renormalised values (rounded with the scheme's rule)
};

/// What a self-score sheet may say about reserved criteria (scored only by the reviewer).
enum class reserved_self_rule {
  ignore,  ///< self-scores for them are left out; the self total uses the review's points
  reject,  ///< a self-score for them is an error (thidua.data.122)
};

/// A period of the year (month, semester) whose sheet is scored on its own; the year total is
/// the weighted mean of the period totals: year = Σ weight × period ÷ Σ weight.
struct period_def {
  std::string id{};
  std::string name{};
  decimal weight{};
  definition_site site{};
};

/// Who a title (danh hiệu) is for: a person (cá nhân) or a collective (tập thể).
enum class title_subject { member, unit };
std::string_view to_string(title_subject s) noexcept;

/// One condition string of a title rule, with where it was written (the opening quote).
struct title_condition {
  std::string text{};
  definition_site site{};
};

/// A cap on a title's holders, e.g. "CSTĐCS at most 15% of the LĐTT holders per unit,
/// rounded down, best total first" (docs/titles.md, "Quotas").
struct title_quota {
  enum class scope { unit, block, all };
  decimal max{};                   ///< share of the base, 0 < max <= 1
  std::string of{};                ///< "title:<id>", "class:<id>" or "all": who counts in the base
  scope per = scope::unit;         ///< per unit (members' titles), per block, or over all subjects
  rounding round = rounding::down; ///< how max × base becomes a whole number
  std::vector<ranking_key> order{};  ///< best first; empty means total then id
  definition_site site{};
};

/// A title rule: the subject holds the title when every `all` condition holds and, if `any`
/// is not empty, at least one of `any` does; then the quota, if any, keeps the best.
/// Conditions are the language of docs/conditions.md.
struct title_rule {
  std::string id{};
  std::string name{};
  title_subject subject = title_subject::member;
  std::vector<title_condition> all{};
  std::vector<title_condition> any{};
  std::optional<title_quota> quota{};
  std::optional<decimal> reward{};  ///< multiple of lương cơ sở (base salary)
  std::string source{};             ///< the document and article the rule encodes
  std::string effective{};          ///< ISO date it takes effect ("" = always)
  std::string until{};              ///< ISO date it stops applying ("" = no end)
  std::string file{};               ///< the file it was read from when not the scheme's own (a preset)
  definition_site site{};

  // Filled by finalize_scheme:
  bool in_force = true;             ///< applies at the scheme's as_of date
};

/// What an empty cell means for a criterion.
enum class missing_rule {
  zero,   ///< counts as 0 points and is reported with the result
  error,  ///< thidua.data.118
};

struct scheme {
  std::string id{};
  std::string title{};
  std::string subject = "unit";  ///< "unit" (tập thể) or "member" (cá nhân)
  decimal scale = decimal::from_int(100);
  int precision = 2;             ///< decimals of published totals (0..4)
  rounding round = rounding::half_up;
  std::string effective{};         ///< ISO date the scheme takes effect, e.g. "2024-09-01"
  std::string source{};            ///< the document the rules come from
  missing_rule missing = missing_rule::zero;
  na_rule not_applicable{};
  reserved_self_rule reserved_self = reserved_self_rule::ignore;
  std::vector<period_def> periods{};  ///< empty: one sheet for the year
  bool round_periods = false;         ///< period totals rounded to `precision` before the year mean

  std::vector<family> families{};
  std::vector<criterion> criteria{};
  std::optional<decimal> bonus_max{};      ///< [bonus] max; no bonus column allowed without it
  std::optional<decimal> deduction_max{};  ///< [deduction] max
  std::vector<veto> vetoes{};
  std::vector<class_def> classes{};        ///< best first; the last one has min = 0
  std::vector<ranking_key> order = {{ranking_key::kind::class_, {}, 0},
                                    {ranking_key::kind::total, {}, 0},
                                    {ranking_key::kind::id, {}, 0}};
  tie_rule ties = tie_rule::competition;

  /// The year of the results: a calendar year, or the end year of a school year
  /// ("2024-2025" is 2025). 0 when not given. Streaks count back from it.
  int year = 0;
  /// Titles (danh hiệu), in file order (scheme first, then included presets).
  std::vector<title_rule> titles{};
  /// The date title rules are selected at (effective <= as_of < until); "" = the scheme's
  /// `effective`; when both are empty every rule applies.
  std::string as_of{};
  /// Lương cơ sở in đồng, for reward amounts (0 = not given).
  std::int64_t base_salary = 0;
  /// A subject holding several titles in the same year is paid for the best-paid one only
  /// ("highest", the rule of the law) or for each ("each"): [awards] rewards.
  enum class reward_rule { highest, each };
  reward_rule rewards = reward_rule::highest;
  /// The individual scheme members are scored with ([members] scheme), finalized, or null.
  std::shared_ptr<const scheme> member_scheme{};

  /// The file the scheme came from ("" when built in code), for error positions.
  std::string file{};
  /// Where scheme-level settings were written, by key path ("scheme.scale", "bonus.max",
  /// "ranking.order", "ranking.order.2" for the third key), so finalize_scheme can point at
  /// them. Filled by the TOML loader; empty when built in code.
  std::unordered_map<std::string, definition_site> sites{};

  // Lookups, valid after finalize_scheme. Return -1 when the id is unknown.
  std::ptrdiff_t find_criterion(std::string_view id) const noexcept;
  std::ptrdiff_t find_family(std::string_view id) const noexcept;
  std::ptrdiff_t find_class(std::string_view id) const noexcept;
  /// The title rule in force with this id, or -1.
  std::ptrdiff_t find_title(std::string_view id) const noexcept;

  // Filled by finalize_scheme:
  id_index criterion_index{};
  id_index family_index{};
  id_index class_index{};
  /// Titles in force, in an order where every title comes after the titles its conditions
  /// and quota read this year (members' titles before their units'): indices into titles.
  std::vector<std::size_t> title_order{};
  id_index title_index{};  ///< id → the version in force
  /// A title in force reads `criterion:` points of the scheme's own subjects (a condition or a
  /// quota order): rank them with
  /// rank_options::keep_criterion_points before award_titles.
  bool titles_read_criteria = false;
  /// A title in force needs the members file (award_inputs::staff): a member title of a unit
  /// scheme, or a condition over a unit's members (share/count/none/all(members, ...)).
  bool titles_read_members = false;
};

/// Checks a scheme built in memory or read from a file and fills its indices. Every
/// problem found is added to `out` (positions from the `site` fields and `s.file`).
/// Returns true when there was none.
bool finalize_scheme(scheme& s, diagnostics& out);
/// Same, throwing input_error with every problem.
void finalize_scheme(scheme& s);

/// The points a share of the scale a family stands for: its weight if set, else its max.
decimal family_share(const scheme& s, std::size_t family_index) noexcept;

}  // namespace thidua
