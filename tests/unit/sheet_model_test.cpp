// The in-memory sheet: its id index survives copies and moves (it is rebuilt, never shared:
// it holds views into the sheet's own text), follows added subjects, and is built once when
// many threads look up ids at the same time.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <thread>
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

TEST(SheetModel, FindSeesSubjectsAddedAfterTheIndexWasBuilt) {
  thidua::sheet s = two_subjects();
  ASSERT_EQ(s.find("C"), -1);  // builds the index
  const std::vector<thidua::sheet::value_type> v = {thidua::sheet::encode(thidua::decimal::from_units(0))};
  s.add_subject({"C", "", ""}, v);
  EXPECT_EQ(s.find("C"), 2);
  EXPECT_EQ(s.find("A"), 0);
}

TEST(SheetModel, ConcurrentFirstFindsAgree) {
  // Many threads race for the first find on fresh sheets; each must see every id at its row.
  // (A missing lock shows up as wrong rows or a crash here, and as a report under TSan.)
  constexpr std::size_t subjects = 5000;
  const std::vector<thidua::sheet::value_type> v = {thidua::sheet::encode(thidua::decimal::from_units(0))};
  for (int round = 0; round < 20; ++round) {
    thidua::sheet s(1);
    for (std::size_t i = 0; i < subjects; ++i) s.add_subject({"ID" + std::to_string(i), "", ""}, v);
    std::vector<std::size_t> wrong(8, 0);
    {
      std::vector<std::jthread> threads;
      for (std::size_t t = 0; t < wrong.size(); ++t)
        threads.emplace_back([&s, &wrong, t] {
          for (std::size_t i = t; i < subjects; i += 7)
            if (s.find("ID" + std::to_string(i)) != static_cast<std::ptrdiff_t>(i)) ++wrong[t];
        });
    }
    for (std::size_t t = 0; t < wrong.size(); ++t) EXPECT_EQ(wrong[t], 0U) << "round " << round << ", thread " << t;
  }
}

}  // namespace
