// Whole-or-nothing output files: write to a temporary file in the same directory, then
// rename (atomic on POSIX), so a reader never sees half a ranking.
#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>
#include <unistd.h>

#include <fmt/format.h>

#include "thidua/io.hpp"

namespace thidua {

void write_file_atomically(const std::filesystem::path& file, const std::function<void(std::ostream&)>& render) {
  namespace fs = std::filesystem;
  const fs::path dir = file.parent_path().empty() ? fs::path(".") : file.parent_path();
  auto fail = [&](const std::string& why) {
    throw input_error(make_diagnostic(errc::cannot_write, source_position{file.string(), 0, 0}, file.string(), why));
  };
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) fail(fmt::format("the folder {} does not exist", dir.string()));
  if (fs::is_directory(file, ec)) fail("it is a folder");
  const fs::path tmp = dir / fmt::format(".{}.tmp{}", file.filename().string(), ::getpid());
  try {
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      if (!out) fail(std::strerror(errno));
      render(out);
      out.flush();
      if (!out) fail("write failed (disk full?)");
    }
    fs::rename(tmp, file, ec);
    if (ec) fail(ec.message());
  } catch (...) {
    fs::remove(tmp, ec);
    throw;
  }
}

}  // namespace thidua
