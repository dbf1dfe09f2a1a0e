// thidua/thidua.hpp: everything a department system needs.
//
// Example:
//   #include <thidua/thidua.hpp>
//   auto scheme  = thidua::load_scheme("scheme.toml");
//   auto sheet   = thidua::load_sheet(scheme, "scores.csv");
//   auto ranking = thidua::rank(scheme, sheet);
//   thidua::write_json(std::cout, ranking);
#pragma once

#include "thidua/audit.hpp"
#include "thidua/awards.hpp"
#include "thidua/decimal.hpp"
#include "thidua/engine.hpp"
#include "thidua/error.hpp"
#include "thidua/history.hpp"
#include "thidua/io.hpp"
#include "thidua/organisation.hpp"
#include "thidua/pipeline.hpp"
#include "thidua/report.hpp"
#include "thidua/scheme.hpp"
#include "thidua/scores.hpp"
#include "thidua/writers.hpp"
