// Byte sources for the CSV reader (see csv_source.hpp).
#include "io/csv_source.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace thidua::detail {

csv_streaming& csv_stream_settings() noexcept {
  static csv_streaming settings;
  return settings;
}

int open_input(const std::filesystem::path& file, std::string& error) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = std::strerror(errno);
    return -1;
  }
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    error = "it is a directory";
    return -1;
  }
  return fd;
}

// ---------------------------------------------------------------------------------------

mapped_file::~mapped_file() {
  if (map_ != nullptr) ::munmap(map_, map_size_);
}

bool mapped_file::open(const std::filesystem::path& file, std::string& error) {
  const int fd = open_input(file, error);
  if (fd < 0) return false;
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
    void* p = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
    if (p != MAP_FAILED) {
      ::madvise(p, static_cast<std::size_t>(st.st_size), MADV_SEQUENTIAL);
      map_ = p;
      map_size_ = static_cast<std::size_t>(st.st_size);
      ::close(fd);
      return true;
    }
  }
  ::close(fd);
  // Pipes, empty files or a failed mmap: read it the ordinary way.
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    error = std::strerror(errno);
    return false;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) {
    error = "read error";
    return false;
  }
  copy_ = std::move(ss).str();
  return true;
}

// ---------------------------------------------------------------------------------------

file_stream::~file_stream() {
  if (fd_ >= 0) ::close(fd_);
}

bool file_stream::open(const std::filesystem::path& file, std::string& error) {
  fd_ = open_input(file, error);
  if (fd_ < 0) return false;
  struct stat st {};
  if (::fstat(fd_, &st) == 0 && S_ISREG(st.st_mode)) {
    total_ = static_cast<std::uint64_t>(st.st_size);
    ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
  }
  capacity_ = std::max<std::size_t>(csv_stream_settings().buffer_bytes, 4);
  buffer_ = std::make_unique_for_overwrite<char[]>(capacity_);
  window_ = std::string_view(buffer_.get(), 0);
  eof_ = false;
  position_ = 0;
  refill(0);
  if (!error_.empty() && position_ == 0 && window_.empty()) {
    error = error_;
    return false;
  }
  return true;
}

void file_stream::refill(std::size_t keep_from) {
  if (eof_) return;
  keep_from = std::min(keep_from, window_.size());
  const std::size_t kept = window_.size() - keep_from;
  if (kept > capacity_ / 2) {
    // What is kept (one row) fills half the buffer: grow it so that reading makes headway.
    const std::size_t capacity = capacity_ * 2;
    auto bigger = std::make_unique_for_overwrite<char[]>(capacity);
    std::memcpy(bigger.get(), window_.data() + keep_from, kept);
    buffer_ = std::move(bigger);
    capacity_ = capacity;
  } else if (kept > 0 && keep_from > 0) {
    std::memmove(buffer_.get(), window_.data() + keep_from, kept);
  }
  position_ += keep_from;
  std::size_t filled = kept;
  while (filled < capacity_) {
    const auto n = ::read(fd_, buffer_.get() + filled, capacity_ - filled);
    if (n < 0) {
      if (errno == EINTR) continue;
      error_ = std::strerror(errno);
      eof_ = true;
      break;
    }
    if (n == 0) {
      eof_ = true;
      break;
    }
    filled += static_cast<std::size_t>(n);
  }
  window_ = std::string_view(buffer_.get(), filled);
}

}  // namespace thidua::detail
