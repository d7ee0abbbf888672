// SPDX-License-Identifier: MIT
#include "binary/numpy_abi.h"

#include <elf.h>

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

// The string followed by its NUL, so that a longer name does not count;
// searched through the reader (in windows) rather than by reading the
// section whole.
bool contains_c_string(const ElfFile& file, const ElfSection& section, std::string_view text) {
  const auto& reader = file.reader();
  if (!reader.contains(section.offset, section.size)) return false;
  std::string pattern(text);
  pattern.push_back('\0');
  std::span<const std::uint8_t> bytes(reinterpret_cast<const std::uint8_t*>(pattern.data()), pattern.size());
  const std::uint64_t end = section.offset + section.size;
  return reader.find(section.offset, end, bytes) < end;
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
    if (section.type == SHT_NOBITS) continue;
    if (contains_c_string(file, section, k_numpy2_module)) return NumpyHeaders::Numpy2;
    old_name = old_name || contains_c_string(file, section, k_numpy1_module);
  }
  return old_name ? NumpyHeaders::Numpy1 : NumpyHeaders::None;
}

}  // namespace mlstack::binary
