// SPDX-License-Identifier: MIT
#include "binary/cxx_abi.h"

#include <cxxabi.h>

#include <cstdlib>
#include <memory>

namespace mlstack::binary {

const char* to_string(CxxAbi abi) {
  switch (abi) {
    case CxxAbi::Unknown: return "unknown";
    case CxxAbi::Cxx11: return "cxx11";
    case CxxAbi::PreCxx11: return "pre-cxx11";
    case CxxAbi::Mixed: return "mixed";
  }
  return "unknown";
}

CxxAbi classify_symbol(std::string_view mangled) {
  if (!mangled.starts_with("_Z")) return CxxAbi::Unknown;
  if (mangled.find("__cxx11") != std::string_view::npos) return CxxAbi::Cxx11;
  // Cheap filter first: the old std::string is the substitution "Ss", old
  // std::list is "St4list". Both letter pairs also occur inside identifiers
  // ("GetSsize"), so confirm on the demangled form, where the old string
  // reads "std::string" and the old list "std::list<" (the new ones read
  // "std::__cxx11::basic_string" and "std::__cxx11::list<").
  const bool maybe_string = mangled.find("Ss") != std::string_view::npos;
  const bool maybe_list = mangled.find("St4list") != std::string_view::npos;
  if (!maybe_string && !maybe_list) return CxxAbi::Unknown;
  const std::string text = demangle(mangled);
  if (text.find("std::string") != std::string::npos || text.find("std::list<") != std::string::npos) {
    return CxxAbi::PreCxx11;
  }
  return CxxAbi::Unknown;
}

CxxAbiEvidence detect_cxx_abi(const std::vector<DynamicSymbol>& symbols) {
  CxxAbiEvidence evidence;
  std::string_view cxx11_example, old_example;
  for (const auto& symbol : symbols) {
    switch (classify_symbol(symbol.name)) {
      case CxxAbi::Cxx11:
        if (evidence.cxx11_symbols++ == 0) cxx11_example = symbol.name;
        break;
      case CxxAbi::PreCxx11:
        if (evidence.pre_cxx11_symbols++ == 0) old_example = symbol.name;
        break;
      default: break;
    }
  }
  if (evidence.cxx11_symbols && evidence.pre_cxx11_symbols) {
    evidence.abi = CxxAbi::Mixed;
    evidence.example = std::string(old_example);
  } else if (evidence.cxx11_symbols) {
    evidence.abi = CxxAbi::Cxx11;
    evidence.example = std::string(cxx11_example);
  } else if (evidence.pre_cxx11_symbols) {
    evidence.abi = CxxAbi::PreCxx11;
    evidence.example = std::string(old_example);
  }
  return evidence;
}

std::string demangle(std::string_view mangled) {
  if (!mangled.starts_with("_Z")) return std::string(mangled);
  const std::string name(mangled);
  int status = 0;
  std::unique_ptr<char, decltype(&std::free)> out(abi::__cxa_demangle(name.c_str(), nullptr, nullptr, &status),
                                                  &std::free);
  if (status != 0 || !out) return name;
  return out.get();
}

}  // namespace mlstack::binary
