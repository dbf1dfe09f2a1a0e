// thidua/decimal.hpp: exact fixed-point points.
//
// Every score, subtotal, total and threshold is a `decimal`: a 64-bit integer count of
// 1/10000 of a point. Sums are exact; divisions (renormalisation, family weights, linear
// criteria) are rounded to 1/10000 with the scheme's rounding, and published values are
// rounded to the scheme's precision. So 89.995 never becomes 90 by accident and a total of
// exactly 90 always reaches a `min = 90` class.
//
// Example:
//   auto d = thidua::decimal::parse("89.995").value;     // 899950 units
//   d.rounded(2, thidua::rounding::half_up).to_string(2)  // "90.00"
//   d.rounded(2, thidua::rounding::down).to_string(2)     // "89.99"
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

namespace thidua {

/// How a value is rounded to fewer decimals. `half_up` rounds halves away from zero, the
/// way offices round by hand; `half_even` is banker's rounding; `down` truncates toward
/// zero; `up` rounds away from zero.
enum class rounding { half_up, half_even, down, up };

/// Parses "half_up", "half_even", "down", "up". Returns false for anything else.
bool parse_rounding(std::string_view text, rounding& out) noexcept;
std::string_view to_string(rounding r) noexcept;

class decimal {
 public:
  /// Decimals carried internally: values are exact multiples of 1/10000.
  static constexpr int digits = 4;
  static constexpr std::int64_t units_per_point = 10000;

  constexpr decimal() noexcept = default;
  static constexpr decimal from_units(std::int64_t units) noexcept { return decimal(units); }
  static constexpr decimal from_int(std::int64_t points) noexcept {
    return decimal(points * units_per_point);
  }

  /// The value in 1/10000 of a point.
  constexpr std::int64_t units() const noexcept { return units_; }
  /// For audit statistics and JSON numbers only, never for scoring.
  constexpr double to_double() const noexcept {
    return static_cast<double>(units_) / static_cast<double>(units_per_point);
  }

  /// Rounds to `places` decimals (0..4) with the given rule.
  decimal rounded(int places, rounding r) const noexcept;
  /// Fixed notation with exactly `places` decimals (0..4), '.' as separator. The value is
  /// printed as it is: round first if it has more decimals than `places`.
  std::string to_string(int places = digits) const;
  /// Shortest fixed notation that keeps the value exact ("7.5", "10", "0.25").
  std::string to_short_string() const;

  enum class parse_status { ok, empty, not_a_number, too_many_decimals, out_of_range };
  struct parse_result;
  /// Parses an optionally signed decimal number such as "7", "-0.5", "7,25" or "+3.".
  /// Accepts '.' or ',' as the decimal separator (at most one). Surrounding spaces are
  /// allowed. More than 4 decimals is `too_many_decimals` unless `round_extra` is set, in
  /// which case the value is rounded half up to 4 decimals. No exponents, no thousands
  /// separators: a score sheet never needs them and accepting them would hide typos.
  static parse_result parse(std::string_view text, bool round_extra = false) noexcept;

  friend constexpr decimal operator+(decimal a, decimal b) noexcept { return decimal(a.units_ + b.units_); }
  friend constexpr decimal operator-(decimal a, decimal b) noexcept { return decimal(a.units_ - b.units_); }
  friend constexpr decimal operator-(decimal a) noexcept { return decimal(-a.units_); }
  constexpr decimal& operator+=(decimal b) noexcept { units_ += b.units_; return *this; }
  constexpr decimal& operator-=(decimal b) noexcept { units_ -= b.units_; return *this; }
  friend constexpr auto operator<=>(decimal, decimal) noexcept = default;
  friend constexpr bool operator==(decimal, decimal) noexcept = default;

 private:
  constexpr explicit decimal(std::int64_t units) noexcept : units_(units) {}
  std::int64_t units_ = 0;
};

struct decimal::parse_result {
  parse_status status = parse_status::empty;
  decimal value;
};

/// a × b ÷ c, computed exactly in 128 bits and rounded to 1/10000 with `r`.
/// `c` must not be zero.
decimal mul_div(decimal a, decimal b, decimal c, rounding r) noexcept;

/// Literal helper for tests and in-memory schemes: points("7.25").
decimal points(std::string_view text);

}  // namespace thidua
