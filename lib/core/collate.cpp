#include "core/collate.hpp"

#include <memory>
#include <mutex>
#include <unicode/coll.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

namespace thidua::detail {
namespace {

// One collator for the process: creating one costs far more than using it. ICU collators
// are not documented as safe for concurrent use, so calls are serialised.
std::mutex collator_mutex;

icu::Collator* vietnamese_collator() {
  static std::unique_ptr<icu::Collator> collator = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Collator> c(icu::Collator::createInstance(icu::Locale("vi"), status));
    if (U_FAILURE(status)) c.reset();
    return c;
  }();
  return collator.get();
}

}  // namespace

std::string collation_key(std::string_view utf8) {
  const std::lock_guard lock(collator_mutex);
  icu::Collator* c = vietnamese_collator();
  if (c == nullptr) return std::string(utf8);  // no ICU data: byte order, still deterministic
  const icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<std::int32_t>(utf8.size())));
  std::string key(64, '\0');
  auto written = c->getSortKey(text, reinterpret_cast<uint8_t*>(key.data()), static_cast<int32_t>(key.size()));
  if (written > static_cast<int32_t>(key.size())) {
    key.resize(static_cast<std::size_t>(written));
    written = c->getSortKey(text, reinterpret_cast<uint8_t*>(key.data()), static_cast<int32_t>(key.size()));
  }
  key.resize(written > 0 ? static_cast<std::size_t>(written) - 1 : 0);  // drop the terminating 0
  return key;
}

}  // namespace thidua::detail
