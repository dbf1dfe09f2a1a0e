// Internal: what the two .xlsx writers (xlsx_writer.cpp, xlsx_template.cpp) share: the
// private temporary file libxlsxwriter writes to, the workbook handle, error checks and
// valid, unique sheet names.
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include <xlsxwriter.h>

namespace thidua::detail::xlsx {

/// Throws input_error thidua.io.102 (cannot write) naming the workbook and `why`.
[[noreturn]] void fail(const std::string& why);

/// Throws unless libxlsxwriter reported success; `doing` names the call.
inline void check(lxw_error e, const char* doing) {
  if (e != LXW_NO_ERROR) fail(std::string(doing) + ": " + lxw_strerror(e));
}

/// A cell's text within Excel's 32,767 characters (cut at a character boundary).
std::string cell_text(std::string_view text);

/// At most `n` characters (code points) of UTF-8 `text`, cut at a character boundary.
std::string first_chars(std::string_view text, std::size_t n);

/// A private file (mode 0600) in std::filesystem::temp_directory_path(), removed on
/// destruction whatever happened.
class temp_file {
 public:
  temp_file();
  ~temp_file();
  temp_file(const temp_file&) = delete;
  temp_file& operator=(const temp_file&) = delete;
  const std::string& path() const noexcept { return path_; }
  const std::string& dir() const noexcept { return dir_; }
  /// Copies the file's bytes to `out`; throws cannot_write when the stream fails.
  void copy_to(std::ostream& out) const;

 private:
  std::string path_, dir_;
};

/// A libxlsxwriter workbook writing to `file`; its own temporary files go to the same
/// directory. Freed without writing when close() was not reached (an exception).
class workbook {
 public:
  workbook(const temp_file& file, bool constant_memory, bool zip64);
  ~workbook();
  workbook(const workbook&) = delete;
  workbook& operator=(const workbook&) = delete;
  lxw_workbook* get() const noexcept { return wb_; }
  /// Document properties: title and subject; the creation time is $SOURCE_DATE_EPOCH when
  /// set (reproducible files), else now.
  void properties(const std::string& title, const std::string& subject);
  /// Writes the file (throws on failure).
  void close();

 private:
  std::string tmpdir_;
  lxw_workbook* wb_ = nullptr;
};

/// Sheet names valid for Excel: at most 31 characters, none of []:*?/\, not starting or
/// ending with an apostrophe, unique ignoring case ("Name (2)" for the second).
class sheet_names {
 public:
  /// Keeps `name` for a later sheet, so a block cannot take it first.
  void reserve(std::string_view name);
  /// A valid unique name close to `wanted`, remembered as used. `owner`: the sheet the
  /// name was reserved for, which takes it as is.
  std::string make(std::string_view wanted, bool owner = false);

 private:
  bool taken(const std::string& folded) const;
  std::vector<std::string> used_;
  std::vector<std::string> reserved_ = {"history"};  // folded; Excel keeps "History" for itself
};

}  // namespace thidua::detail::xlsx
