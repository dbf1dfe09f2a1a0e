// Fixed-point arithmetic and exact decimal parsing. Hand-written on purpose: the libraries
// at hand parse into binary floating point, which cannot hold 0.1 exactly.
#include "thidua/decimal.hpp"

#include <cstdlib>
#include <stdexcept>

namespace thidua {
namespace {

__extension__ using int128 = __int128;

constexpr std::int64_t pow10(int n) noexcept {
  std::int64_t p = 1;
  while (n-- > 0) p *= 10;
  return p;
}

// Divides n by d (d > 0) rounding with r. Works for negative n.
int128 div_round(int128 n, int128 d, rounding r) noexcept {
  const bool negative = n < 0;
  const int128 a = negative ? -n : n;
  int128 q = a / d;
  const int128 rem = a % d;
  if (rem != 0) {
    switch (r) {
      case rounding::down: break;
      case rounding::up: ++q; break;
      case rounding::half_up:
        if (2 * rem >= d) ++q;
        break;
      case rounding::half_even:
        if (2 * rem > d || (2 * rem == d && (q % 2) != 0)) ++q;
        break;
    }
  }
  return negative ? -q : q;
}

}  // namespace

bool parse_rounding(std::string_view text, rounding& out) noexcept {
  if (text == "half_up") out = rounding::half_up;
  else if (text == "half_even") out = rounding::half_even;
  else if (text == "down") out = rounding::down;
  else if (text == "up") out = rounding::up;
  else return false;
  return true;
}

std::string_view to_string(rounding r) noexcept {
  switch (r) {
    case rounding::half_up: return "half_up";
    case rounding::half_even: return "half_even";
    case rounding::down: return "down";
    case rounding::up: return "up";
  }
  return "half_up";
}

decimal decimal::rounded(int places, rounding r) const noexcept {
  if (places >= digits) return *this;
  if (places < 0) places = 0;
  const std::int64_t step = pow10(digits - places);
  const auto q = div_round(units_, step, r);
  return decimal(static_cast<std::int64_t>(q) * step);
}

std::string decimal::to_string(int places) const {
  if (places < 0) places = 0;
  if (places > digits) places = digits;
  const bool negative = units_ < 0;
  const std::uint64_t a = negative ? static_cast<std::uint64_t>(-(units_ + 1)) + 1
                                   : static_cast<std::uint64_t>(units_);
  const std::uint64_t whole = a / static_cast<std::uint64_t>(units_per_point);
  std::uint64_t frac = a % static_cast<std::uint64_t>(units_per_point);
  frac /= static_cast<std::uint64_t>(pow10(digits - places));
  std::string s = negative && (whole != 0 || frac != 0) ? "-" : "";
  s += std::to_string(whole);
  if (places > 0) {
    std::string f = std::to_string(frac);
    s += '.';
    s.append(static_cast<std::size_t>(places) - f.size(), '0');
    s += f;
  }
  return s;
}

std::string decimal::to_short_string() const {
  int places = digits;
  std::int64_t u = units_ < 0 ? -units_ : units_;
  while (places > 0 && u % 10 == 0) {
    u /= 10;
    --places;
  }
  return to_string(places);
}

decimal::parse_result decimal::parse(std::string_view text, bool round_extra) noexcept {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  if (text.empty()) return {parse_status::empty, {}};

  bool negative = false;
  std::size_t i = 0;
  if (text[0] == '+' || text[0] == '-') {
    negative = text[0] == '-';
    ++i;
  }
  int128 whole = 0;
  std::int64_t frac = 0;
  int frac_digits = 0;
  bool any_digit = false, seen_sep = false, extra_nonzero_tail = false;
  int round_digit = -1;  // the 5th decimal, for round_extra
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (c >= '0' && c <= '9') {
      any_digit = true;
      if (!seen_sep) {
        whole = whole * 10 + (c - '0');
        if (whole > static_cast<int128>(INT64_MAX / units_per_point)) return {parse_status::out_of_range, {}};
      } else if (frac_digits < digits) {
        frac = frac * 10 + (c - '0');
        ++frac_digits;
      } else {
        if (round_digit < 0) round_digit = c - '0';
        else if (c != '0') extra_nonzero_tail = true;
        if (!round_extra && c != '0') return {parse_status::too_many_decimals, {}};
      }
    } else if ((c == '.' || c == ',') && !seen_sep) {
      seen_sep = true;
    } else {
      return {parse_status::not_a_number, {}};
    }
  }
  (void)extra_nonzero_tail;
  if (!any_digit) return {parse_status::not_a_number, {}};
  while (frac_digits < digits) {
    frac *= 10;
    ++frac_digits;
  }
  std::int64_t units = static_cast<std::int64_t>(whole) * units_per_point + frac;
  if (round_extra && round_digit >= 5) ++units;  // half up, away from zero
  return {parse_status::ok, decimal(negative ? -units : units)};
}

decimal mul_div(decimal a, decimal b, decimal c, rounding r) noexcept {
  // (a/10^4)(b/10^4)/(c/10^4) = a*b/(c*10^4) points = a*b/c units.
  const int128 n = static_cast<int128>(a.units()) * b.units();
  int128 d = c.units();
  int128 num = n;
  if (d < 0) {
    d = -d;
    num = -num;
  }
  return decimal::from_units(static_cast<std::int64_t>(div_round(num, d, r)));
}

decimal points(std::string_view text) {
  auto r = decimal::parse(text);
  if (r.status != decimal::parse_status::ok) throw std::invalid_argument("not a decimal: " + std::string(text));
  return r.value;
}

}  // namespace thidua
