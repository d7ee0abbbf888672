// SPDX-License-Identifier: MIT
// The C++ ABI a module was built with, read from its mangled symbol names.
//
// GCC 5 changed std::string and std::list (the "dual ABI"): with
// _GLIBCXX_USE_CXX11_ABI=1 they live in std::__cxx11 and their mangled names
// contain "__cxx11"; with =0 std::string mangles as the substitution "Ss" and
// std::list as "St4list". A module whose symbols use one form cannot bind to a
// library built with the other: the names simply differ, and the import fails
// with "undefined symbol". PyTorch publishes its choice as
// torch._C._GLIBCXX_USE_CXX11_ABI; here it is read from libtorch's symbols.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "binary/elf_file.h"

namespace mlstack::binary {

enum class CxxAbi {
  Unknown,   // no symbol mentions std::string or std::list
  Cxx11,     // only "__cxx11" forms (_GLIBCXX_USE_CXX11_ABI=1)
  PreCxx11,  // only the old forms (_GLIBCXX_USE_CXX11_ABI=0)
  Mixed,     // both (libstdc++ itself, or a module mixing objects)
};

const char* to_string(CxxAbi abi);  // "unknown", "cxx11", "pre-cxx11", "mixed"

struct CxxAbiEvidence {
  CxxAbi abi = CxxAbi::Unknown;
  std::size_t cxx11_symbols = 0;      // symbols with the new forms
  std::size_t pre_cxx11_symbols = 0;  // symbols with the old forms
  std::string example;                // one mangled symbol that decided it
};

// Classifies one mangled name: Cxx11, PreCxx11, or Unknown when it mentions neither.
CxxAbi classify_symbol(std::string_view mangled);

// Looks at every dynamic symbol (defined and undefined).
CxxAbiEvidence detect_cxx_abi(const std::vector<DynamicSymbol>& symbols);

// Demangles an Itanium C++ name for display; returns the input when it is not
// a C++ name or does not demangle.
std::string demangle(std::string_view mangled);

}  // namespace mlstack::binary
