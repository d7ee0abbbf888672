// SPDX-License-Identifier: MIT
#include "binary/numpy_abi.h"

#include <algorithm>
#include <string_view>

namespace mlstack::binary {
namespace {

constexpr std::string_view k_numpy2_module = "numpy._core._multiarray_umath";
constexpr std::string_view k_numpy1_module = "numpy.core._multiarray_umath";

bool imports_capsule(const std::vector<DynamicSymbol>& symbols) {
  return std::any_of(symbols.begin(), symbols.end(),
                     [](const DynamicSymbol& s) { return !s.defined && s.name == "PyCapsule_GetPointer"; });
}

// The string followed by its NUL, so that a longer name does not count.
bool contains_c_string(std::span<const std::uint8_t> bytes, std::string_view text) {
  std::string_view haystack(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  for (std::size_t at = haystack.find(text); at != std::string_view::npos; at = haystack.find(text, at + 1)) {
    if (at + text.size() < haystack.size() && haystack[at + text.size()] == '\0') return true;
  }
  return false;
}

}  // namespace

const char* to_string(NumpyHeaders headers) {
  switch (headers) {
    case NumpyHeaders::None: return "none";
    case NumpyHeaders::Numpy1: return "1.x";
    case NumpyHeaders::Numpy2: return "2.x";
  }
  return "none";
}

NumpyHeaders detect_numpy_headers(const ElfFile& file, const std::vector<DynamicSymbol>& symbols) {
  if (!imports_capsule(symbols)) return NumpyHeaders::None;
  bool old_name = false;
  for (const ElfSection& section : file.sections()) {
    if (section.name != ".rodata" && !section.name.starts_with(".rodata.")) continue;
    auto bytes = file.section_bytes(section);
    if (!bytes) continue;
    if (contains_c_string(*bytes, k_numpy2_module)) return NumpyHeaders::Numpy2;
    old_name = old_name || contains_c_string(*bytes, k_numpy1_module);
  }
  return old_name ? NumpyHeaders::Numpy1 : NumpyHeaders::None;
}

}  // namespace mlstack::binary
