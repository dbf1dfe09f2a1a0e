// SHA-256 digests of the inputs a run read (include/thidua/history.hpp), with OpenSSL's EVP
// interface from libcrypto. The definition of inputs_digest is in docs/history.md.
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <memory>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

#include "io/csv_source.hpp"
#include "io/xlsx_reader.hpp"
#include "thidua/history.hpp"

namespace thidua {
namespace {

struct md_ctx_free {
  void operator()(EVP_MD_CTX* c) const noexcept { EVP_MD_CTX_free(c); }
};
using md_ctx = std::unique_ptr<EVP_MD_CTX, md_ctx_free>;

md_ctx new_sha256() {
  md_ctx ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("thidua: OpenSSL cannot start a SHA-256 digest");
  return ctx;
}

void update(EVP_MD_CTX* ctx, const void* data, std::size_t size) {
  if (size > 0 && EVP_DigestUpdate(ctx, data, size) != 1) throw std::runtime_error("thidua: SHA-256 update failed");
}

std::string finish(EVP_MD_CTX* ctx) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(ctx, md, &length) != 1) throw std::runtime_error("thidua: SHA-256 final failed");
  constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * length);
  for (unsigned int i = 0; i < length; ++i) {
    out.push_back(hex[md[i] >> 4]);
    out.push_back(hex[md[i] & 0x0F]);
  }
  return out;
}

struct fd_closer {
  int fd;
  ~fd_closer() {
    if (fd >= 0) ::close(fd);
  }
};

[[noreturn]] void cannot_read(const std::filesystem::path& file, const std::string& reason) {
  throw input_error(make_diagnostic(errc::cannot_open, source_position{file.string(), 0, 0}, file.string(), reason));
}

}  // namespace

std::string sha256_hex(std::string_view bytes) {
  const md_ctx ctx = new_sha256();
  update(ctx.get(), bytes.data(), bytes.size());
  return finish(ctx.get());
}

std::string inputs_digest(const std::vector<std::filesystem::path>& files) {
  const md_ctx ctx = new_sha256();
  std::vector<char> buffer(std::size_t{1} << 16);
  for (const auto& given : files) {
    // `diem.xlsx!Sheet` names a sheet of a workbook: the name as given, the workbook's bytes.
    const auto workbook = detail::as_workbook(given);
    const std::filesystem::path& file = workbook ? workbook->file : given;
    std::string error;
    const fd_closer in{detail::open_input(file, error)};
    if (in.fd < 0) cannot_read(file, error);
    struct stat st {};
    if (::fstat(in.fd, &st) != 0) cannot_read(file, std::generic_category().message(errno));
    const std::string name = given.string();
    const std::string size = std::to_string(static_cast<unsigned long long>(st.st_size));
    update(ctx.get(), name.data(), name.size());
    update(ctx.get(), "", 1);  // the NUL after the name
    update(ctx.get(), size.data(), size.size());
    update(ctx.get(), "", 1);
    // The bytes as they are read; a file that changes size meanwhile is an error, so the
    // size fed above is the size of the bytes fed.
    unsigned long long total = 0;
    for (;;) {
      const ssize_t n = ::read(in.fd, buffer.data(), buffer.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        cannot_read(file, std::generic_category().message(errno));
      }
      if (n == 0) break;
      update(ctx.get(), buffer.data(), static_cast<std::size_t>(n));
      total += static_cast<unsigned long long>(n);
    }
    if (total != static_cast<unsigned long long>(st.st_size))
      cannot_read(file, "the file changed while it was read (" + size + " bytes before, " + std::to_string(total) +
                            " read)");
  }
  return finish(ctx.get());
}

}  // namespace thidua
