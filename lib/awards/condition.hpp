// Internal: the condition language of `[[title]]` rules (docs/conditions.md).
//
// One condition string such as "share(members, class >= hoan_thanh) = 1" is lexed and parsed
// by hand into a small AST; syntax errors carry the 1-based column (in code points) inside
// the string, so the scheme loader can add the line and column of the string in the TOML
// file. Parsing knows nothing of a scheme: checking that `tot` is a class or `LDTT` a title
// is the loader's job (the AST keeps the column of every name for that). Evaluation goes
// through the abstract `condition_context`, so the awards stage can plug in its
// organisation graph and history, and tests a fake.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "thidua/decimal.hpp"

namespace thidua::detail {

/// Comparison operators: = != >= > <= <.
enum class cmp_op { eq, ne, ge, gt, le, lt };

std::string_view to_string(cmp_op op) noexcept;

/// One node of a parsed condition. A tagged struct rather than a variant: the nodes are few
/// and small, and a flat struct is easy to print, compare and walk.
struct condition {
  enum class kind {
    class_cmp,      ///< class OP name               (name = class id)
    total_cmp,      ///< total OP number
    family_cmp,     ///< family:name OP number
    criterion_cmp,  ///< criterion:name OP number
    field_cmp,      ///< name OP number               (numeric member field, e.g. days_absent)
    flag,           ///< flag:name
    title,          ///< title:name                  (holds that title this year)
    negation,       ///< not children[0]
    conjunction,    ///< children[0] and children[1] and ...   (two or more)
    disjunction,    ///< children[0] or children[1] or ...     (two or more)
    share,          ///< share(members, children[0]) OP number
    count,          ///< count(members, children[0]) OP number
    none,           ///< none(members, children[0])
    all,            ///< all(members, children[0])
    streak,         ///< streak(title:name, years)
  };

  kind k = kind::flag;
  cmp_op op = cmp_op::eq;           ///< comparisons, share and count
  std::string name;                 ///< class, family, criterion, field, flag or title id
  decimal number;                   ///< right-hand number of comparisons, share and count
  std::size_t years = 0;            ///< streak length (>= 1)
  std::vector<condition> children;  ///< operands of not/and/or, the inner condition of aggregates
  std::size_t column = 0;           ///< 1-based column of the node's first token
  std::size_t name_column = 0;      ///< 1-based column of `name` (0 when there is none)

  /// Structural equality: columns are ignored, so a condition equals its reparsed
  /// canonical form.
  friend bool operator==(const condition& a, const condition& b) noexcept;
};

/// A syntax error: 1-based column (in code points) inside the condition string and a message
/// saying what was expected, e.g. "expected a comparison operator after 'class'".
struct condition_error {
  std::size_t column = 0;
  std::string message;
};

struct condition_parse_result {
  std::optional<condition> value;  ///< set on success
  condition_error error;           ///< meaningful when `value` is empty
  explicit operator bool() const noexcept { return value.has_value(); }
};

/// Parses one condition string. Never throws on bad input.
condition_parse_result parse_condition(std::string_view text);

/// Canonical text: single spaces around operators and keywords, parentheses only where the
/// structure needs them, numbers in their shortest exact form. parse_condition(to_string(c))
/// gives back a condition equal to `c`.
std::string to_string(const condition& c);

/// A title a condition refers to.
struct title_ref {
  std::string id;
  /// 0: the subject's own title; 1: a title of its members (inside share/count/none/all);
  /// 2: of its members' members, and so on.
  std::size_t depth = 0;
  bool history = false;  ///< read from earlier years (streak), not only this year
  bool over_members() const noexcept { return depth > 0; }
  friend bool operator==(const title_ref&, const title_ref&) = default;
};

/// The titles `c` refers to, in order of first appearance, without duplicates. The awards
/// stage builds its dependency graph from these: a subject's own title this year must be
/// decided before a rule that reads it; members' titles before their unit's.
std::vector<title_ref> referenced_titles(const condition& c);

/// What a condition reads about its subject (a member or a unit). Missing values
/// (std::nullopt) make every comparison on them false.
struct condition_context {
  condition_context() = default;
  condition_context(const condition_context&) = default;
  condition_context& operator=(const condition_context&) = default;
  virtual ~condition_context() = default;

  /// The subject's class against class `id`: negative when worse, 0 when the same, positive
  /// when better. std::nullopt when the subject has no class (not rated, excluded).
  virtual std::optional<int> compare_class(std::string_view id) const = 0;
  virtual std::optional<decimal> total() const = 0;
  virtual std::optional<decimal> family(std::string_view id) const = 0;
  virtual std::optional<decimal> criterion(std::string_view id) const = 0;
  /// A numeric field such as days_absent or months_in_service.
  virtual std::optional<decimal> field(std::string_view name) const = 0;
  virtual bool flag(std::string_view name) const = 0;
  /// Holds title `id` this year.
  virtual bool holds(std::string_view title) const = 0;
  /// Consecutive years, ending with this one, in which the subject held `title`
  /// (0 when it does not hold it this year).
  virtual std::size_t streak(std::string_view title) const = 0;
  virtual std::size_t member_count() const = 0;
  /// Member `i`, 0 <= i < member_count().
  virtual const condition_context& member(std::size_t i) const = 0;
};

/// Evaluates `c` for the subject of `ctx`. `and`/`or` short-circuit. Over zero members:
/// share = 0, count = 0, none = true, all = true. share is compared exactly (no rounding).
bool evaluate(const condition& c, const condition_context& ctx);

}  // namespace thidua::detail
