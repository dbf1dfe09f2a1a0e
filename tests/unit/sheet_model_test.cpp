// The in-memory sheet: its id index survives copies and moves (it is rebuilt, never shared:
// it holds views into the sheet's own text).
#include <gtest/gtest.h>

#include <optional>
#include <utility>
#include <vector>

#include "thidua/scores.hpp"

namespace {

thidua::sheet two_subjects() {
  thidua::sheet s(1);
  const std::vector<thidua::sheet::value_type> v = {thidua::sheet::encode(thidua::decimal::from_units(10'000))};
  s.add_subject({"A", "", ""}, v);  // short ids: the text fits std::string's inline buffer
  s.add_subject({"B", "", ""}, v);
  return s;
}

TEST(SheetModel, FindWorksOnACopyAfterTheOriginalIsGone) {
  std::optional<thidua::sheet> original = two_subjects();
  ASSERT_EQ(original->find("B"), 1);  // builds the original's index
  const thidua::sheet copy = *original;
  original.reset();
  EXPECT_EQ(copy.find("B"), 1);
  EXPECT_EQ(copy.find("A"), 0);
  EXPECT_EQ(copy.find("C"), -1);
}

TEST(SheetModel, FindWorksAfterMovesAndAssignments) {
  thidua::sheet a = two_subjects();
  ASSERT_EQ(a.find("A"), 0);
  thidua::sheet moved = std::move(a);
  EXPECT_EQ(moved.find("B"), 1);
  thidua::sheet assigned(1);
  ASSERT_EQ(assigned.find("A"), -1);
  assigned = moved;
  EXPECT_EQ(assigned.find("B"), 1);
  thidua::sheet move_assigned(1);
  move_assigned = std::move(moved);
  EXPECT_EQ(move_assigned.find("A"), 0);
}

}  // namespace
