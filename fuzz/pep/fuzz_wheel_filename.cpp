// SPDX-License-Identifier: MIT
// WheelFilename::parse must never crash; a parsed wheel's tags are
// well-formed and its compatibility can always be judged.
#include <cstdlib>
#include <string_view>

#include "pep/wheel_filename.h"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto wheel = mlstack::pep::WheelFilename::parse(text, size % 2 == 0);
  if (!wheel) return 0;
  if (wheel->tags.empty()) std::abort();
  mlstack::pep::Platform platform;
  platform.python_version = *mlstack::pep::Version::parse("3.11");
  platform.libc_version = *mlstack::pep::Version::parse("2.35");
  (void)mlstack::pep::wheel_compatibility(*wheel, platform);
  return 0;
}
