// SPDX-License-Identifier: MIT
// Differential fuzzing of `mlstack pep --jsonl`'s fast path (src/cli/pep_batch.h):
// whenever it answers a line, its bytes must equal pep::answer() through
// nlohmann::json; a difference aborts. The first byte picks the question.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "cli/pep_batch.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const mlstack::pep::QueryKind kinds[] = {
      mlstack::pep::QueryKind::Version, mlstack::pep::QueryKind::Compare, mlstack::pep::QueryKind::Specifier,
      mlstack::pep::QueryKind::Requirement, mlstack::pep::QueryKind::Marker, mlstack::pep::QueryKind::Wheel};
  const auto kind = kinds[data[0] % 6];
  std::string_view line(reinterpret_cast<const char*>(data + 1), size - 1);
  mlstack::pep::MarkerEnvironment defaults;
  defaults.values = {{"python_version", "3.11"}, {"python_full_version", "3.11.7"}, {"os_name", "posix"},
                     {"sys_platform", "linux"}, {"platform_machine", "x86_64"}, {"platform_system", "Linux"},
                     {"implementation_name", "cpython"}};
  std::string fast, reference;
  if (!mlstack::cli::answer_line_fast(kind, line, defaults, fast)) return 0;
  mlstack::cli::answer_line_reference(kind, line, defaults, reference);
  if (fast != reference) std::abort();
  return 0;
}
