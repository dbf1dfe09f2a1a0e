// thidua/audit.hpp: every audit tool (docs/audit.md).
//
//   #include <thidua/audit.hpp>
//   auto r = thidua::audit::audit_influence(scheme, sheet);
//   thidua::audit::write_influence(std::cout, r, thidua::output_format::table);
#pragma once

#include "thidua/audit/ahp.hpp"
#include "thidua/audit/influence.hpp"
#include "thidua/audit/objective.hpp"
#include "thidua/audit/sensitivity.hpp"
#include "thidua/audit/smaa.hpp"
