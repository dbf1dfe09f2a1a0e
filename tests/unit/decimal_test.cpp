// Fixed-point decimals: parsing, rounding modes, exact arithmetic.
#include <gtest/gtest.h>

#include <thidua/decimal.hpp>

namespace {

using thidua::decimal;
using thidua::rounding;
using status = decimal::parse_status;

TEST(Decimal, ParsesDotAndCommaExactly) {
  EXPECT_EQ(decimal::parse("7.25").value.units(), 72500);
  EXPECT_EQ(decimal::parse("7,25").value.units(), 72500);
  EXPECT_EQ(decimal::parse(" 0.1 ").value.units(), 1000);
  EXPECT_EQ(decimal::parse("-3").value.units(), -30000);
  EXPECT_EQ(decimal::parse("+3.").value.units(), 30000);
  EXPECT_EQ(decimal::parse(".5").value.units(), 5000);
  EXPECT_EQ(decimal::parse("12.3400").value.units(), 123400);
}

TEST(Decimal, RejectsWhatIsNotADecimal) {
  EXPECT_EQ(decimal::parse("").status, status::empty);
  EXPECT_EQ(decimal::parse("abc").status, status::not_a_number);
  EXPECT_EQ(decimal::parse("1.2.3").status, status::not_a_number);
  EXPECT_EQ(decimal::parse("1e3").status, status::not_a_number);
  EXPECT_EQ(decimal::parse("1 000").status, status::not_a_number);
  EXPECT_EQ(decimal::parse("-").status, status::not_a_number);
  EXPECT_EQ(decimal::parse("99999999999999999999").status, status::out_of_range);
}

TEST(Decimal, FifthDecimalIsAnErrorUnlessRounded) {
  EXPECT_EQ(decimal::parse("1.23456").status, status::too_many_decimals);
  EXPECT_EQ(decimal::parse("1.234500").status, status::ok);
  EXPECT_EQ(decimal::parse("1.23455", true).value.units(), 12346);
  EXPECT_EQ(decimal::parse("1.23454999", true).value.units(), 12345);
  EXPECT_EQ(decimal::parse("-1.23455", true).value.units(), -12346);
}

TEST(Decimal, RoundingModes) {
  const decimal d = thidua::points("89.995");
  EXPECT_EQ(d.rounded(2, rounding::half_up).to_string(2), "90.00");
  EXPECT_EQ(d.rounded(2, rounding::down).to_string(2), "89.99");
  EXPECT_EQ(d.rounded(2, rounding::up).to_string(2), "90.00");
  EXPECT_EQ(d.rounded(2, rounding::half_even).to_string(2), "90.00");
  EXPECT_EQ(thidua::points("89.985").rounded(2, rounding::half_even).to_string(2), "89.98");
  EXPECT_EQ(thidua::points("89.9849").rounded(2, rounding::half_up).to_string(2), "89.98");
  EXPECT_EQ(thidua::points("-2.5").rounded(0, rounding::half_up).to_string(0), "-3");
  EXPECT_EQ(thidua::points("-2.5").rounded(0, rounding::down).to_string(0), "-2");
  EXPECT_EQ(thidua::points("89.991").rounded(2, rounding::up).to_string(2), "90.00");
  EXPECT_EQ(thidua::points("7.25").rounded(4, rounding::down), thidua::points("7.25"));
}

TEST(Decimal, Printing) {
  EXPECT_EQ(thidua::points("7.5").to_string(2), "7.50");
  EXPECT_EQ(thidua::points("7.5").to_short_string(), "7.5");
  EXPECT_EQ(thidua::points("10").to_short_string(), "10");
  EXPECT_EQ(thidua::points("-0.25").to_string(2), "-0.25");
  EXPECT_EQ(thidua::points("0.0001").to_string(4), "0.0001");
  EXPECT_EQ(decimal{}.to_string(0), "0");
}

TEST(Decimal, MulDivIsExactThenRoundedOnce) {
  using thidua::points;
  EXPECT_EQ(thidua::mul_div(points("48"), points("70"), points("60"), rounding::half_up), points("56"));
  EXPECT_EQ(thidua::mul_div(points("2"), points("1"), points("3"), rounding::half_up), points("0.6667"));
  EXPECT_EQ(thidua::mul_div(points("2"), points("1"), points("3"), rounding::down), points("0.6666"));
  // Large operands do not overflow: 2,000,000 points × 100 / 3.
  EXPECT_EQ(thidua::mul_div(points("2000000"), points("100"), points("3"), rounding::half_up),
            points("66666666.6667"));
}

TEST(Decimal, RoundingNames) {
  rounding r{};
  EXPECT_TRUE(thidua::parse_rounding("half_even", r));
  EXPECT_EQ(r, rounding::half_even);
  EXPECT_FALSE(thidua::parse_rounding("bankers", r));
  EXPECT_EQ(thidua::to_string(rounding::down), "down");
}

}  // namespace
