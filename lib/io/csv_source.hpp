// Where the CSV reader (lib/io/csv_reader.cpp) gets its bytes: a window onto the input that
// is either the whole input (text in memory, or a file mapped whole by load_sheet) or a
// rolling buffer over a file (read_sheet_chunks), refilled as the reader goes so that a
// country-size file is never resident as a whole.
//
// The reader lexes whole rows out of the window. When a row runs into the end of a window
// that is not the end of the input (a quoted cell may span lines, so only the lexer knows
// where a row ends), the reader calls refill() from the row's start: the bytes before it are
// dropped, the rest moves to the front of the buffer, more is read after it, and the row is
// lexed again. A row longer than the buffer makes it grow.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace thidua::detail {

/// Settings of the streaming reader, for tests and benchmarks. Not synchronised: change
/// them only while no sheet is read.
struct csv_streaming {
  /// Size of read_sheet_chunks' buffer (it grows only for a row longer than this).
  std::size_t buffer_bytes = std::size_t{8} << 20;
  /// Size of the pieces of text the threads decode at a time (0: from the text's size and
  /// the thread count, between 64 KB and 1 MB). Used by load_sheet too; the result does
  /// not depend on it.
  std::size_t chunk_bytes = 0;
};
csv_streaming& csv_stream_settings() noexcept;

/// Opens a file for reading: a file descriptor, or -1 with `error` set (a folder is an error).
int open_input(const std::filesystem::path& file, std::string& error);

class byte_source {
 public:
  virtual ~byte_source() = default;

  /// The bytes at hand.
  std::string_view window() const noexcept { return window_; }
  /// True when window() reaches the end of the input.
  bool eof() const noexcept { return eof_; }
  /// Offset in the input of window()[0].
  std::uint64_t position() const noexcept { return position_; }
  /// Size of the whole input, or 0 when not known (a pipe).
  std::uint64_t total() const noexcept { return total_; }
  /// Set when reading failed part way (the window then ends early, with eof() true).
  const std::string& error() const noexcept { return error_; }

  /// Drops window()[0, keep_from), keeps the rest and reads more after it. Views into the
  /// old window are invalid afterwards. Does nothing at eof().
  virtual void refill(std::size_t keep_from) = 0;

 protected:
  std::string_view window_{};
  bool eof_ = true;
  std::uint64_t position_ = 0, total_ = 0;
  std::string error_{};
};

/// Text already in memory: one window, the whole of it.
class memory_source final : public byte_source {
 public:
  explicit memory_source(std::string_view data) noexcept {
    window_ = data;
    total_ = data.size();
  }
  void refill(std::size_t) override {}
};

/// A whole file in memory: mapped when possible (no copy of 600 MB), else read.
class mapped_file {
 public:
  mapped_file() = default;
  mapped_file(const mapped_file&) = delete;
  mapped_file& operator=(const mapped_file&) = delete;
  ~mapped_file();
  /// Returns false with `error` set when the file cannot be read.
  bool open(const std::filesystem::path& file, std::string& error);
  std::string_view view() const noexcept {
    return map_ != nullptr ? std::string_view(static_cast<const char*>(map_), map_size_) : std::string_view(copy_);
  }

 private:
  void* map_ = nullptr;
  std::size_t map_size_ = 0;
  std::string copy_;
};

/// A file read with read(2) into a buffer of csv_stream_settings().buffer_bytes.
class file_stream final : public byte_source {
 public:
  file_stream() = default;
  file_stream(const file_stream&) = delete;
  file_stream& operator=(const file_stream&) = delete;
  ~file_stream() override;
  /// Opens the file and reads the first window. False with `error` set when it cannot.
  bool open(const std::filesystem::path& file, std::string& error);
  void refill(std::size_t keep_from) override;

 private:
  int fd_ = -1;
  std::unique_ptr<char[]> buffer_;
  std::size_t capacity_ = 0;
};

}  // namespace thidua::detail
