// thidua/fwd.hpp: forward declarations, so headers that only pass thidua types around stay
// light.
#pragma once

namespace thidua {
class decimal;
enum class rounding;
enum class errc : unsigned short;
struct diagnostic;
class diagnostics;
class input_error;
struct criterion;
struct family;
struct class_def;
struct scheme;
class sheet;
class ranking;
struct explanation;
}  // namespace thidua
