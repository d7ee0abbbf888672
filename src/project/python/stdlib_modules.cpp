// SPDX-License-Identifier: MIT
#include "project/python/stdlib_modules.h"

#include <algorithm>

namespace mlstack::project::python {

namespace {

constexpr StdlibModule k_modules[] = {
#include "project/python/stdlib_modules.inc"
};

}  // namespace

std::span<const StdlibModule> stdlib_modules() { return k_modules; }

const StdlibModule* find_stdlib_module(std::string_view top_level) {
  top_level = top_level.substr(0, top_level.find('.'));
  // The rows are sorted by name (the generator sorts them; a test keeps it so).
  auto it = std::lower_bound(std::begin(k_modules), std::end(k_modules), top_level,
                             [](const StdlibModule& m, std::string_view n) { return m.name < n; });
  if (it == std::end(k_modules) || it->name != top_level) return nullptr;
  return &*it;
}

const char* to_string(StdlibStatus status) {
  switch (status) {
    case StdlibStatus::Available: return "available";
    case StdlibStatus::NotYet: return "not-yet";
    case StdlibStatus::Removed: return "removed";
    case StdlibStatus::NotStdlib: return "not-stdlib";
    case StdlibStatus::Unknown: return "unknown";
  }
  return "?";
}

StdlibStatus stdlib_status(std::string_view module, PythonVersion version) {
  const StdlibModule* m = find_stdlib_module(module);
  if (!m) return StdlibStatus::NotStdlib;
  if (version < k_oldest_stdlib || version > k_newest_stdlib || (version.major == 2 && version.minor != 7))
    return StdlibStatus::Unknown;
  int code = version.code();
  if (code < m->known) return StdlibStatus::Unknown;
  if (code < m->added) return StdlibStatus::NotYet;
  if (m->removed != 0 && code >= m->removed) return StdlibStatus::Removed;
  return StdlibStatus::Available;
}

std::string_view version_text(int code) {
  switch (code) {
    case 27: return "2.7";
    case 30: return "3.0";
    case 31: return "3.1";
    case 32: return "3.2";
    case 33: return "3.3";
    case 34: return "3.4";
    case 35: return "3.5";
    case 36: return "3.6";
    case 37: return "3.7";
    case 38: return "3.8";
    case 39: return "3.9";
    case 310: return "3.10";
    case 311: return "3.11";
    case 312: return "3.12";
    case 313: return "3.13";
    case 314: return "3.14";
    default: return "?";
  }
}

}  // namespace mlstack::project::python
