// SPDX-License-Identifier: MIT
// analyze_module(): everything src/binary knows about one extension module or
// shared library, in one value for `mlstack env --binaries` to list and for
// `mlstack check` to judge (see binary_findings.h and docs/binary.md).
//
//   binary::Linker linker(context);                 // one per environment
//   auto report = binary::analyze_module(path, linker);
//   if (!report) findings.push_back(binary::malformed_elf_finding(path, report.error()));
//
// A Linker caches parsed files, so analysing every module of an environment
// reads each shared dependency (libtorch, libc) once.
#pragma once

#include <string>
#include <vector>

#include "binary/cxx_abi.h"
#include "binary/elf_file.h"
#include "binary/fatbin.h"
#include "binary/load_set.h"
#include "binary/numpy_abi.h"

namespace mlstack::binary {

// The newest version of one toolchain prefix a module needs from one file,
// against what the file found for it on this machine defines.
struct ToolchainNeed {
  std::string file;            // "libstdc++.so.6"
  std::string prefix;          // "GLIBCXX"
  std::string newest_needed;   // "GLIBCXX_3.4.30"
  std::string provider;        // path of the loaded file; empty when it was not found
  std::string newest_provided; // "GLIBCXX_3.4.29"; empty when the provider defines none
  bool satisfied = false;      // the provider defines every version needed of this prefix
};

struct ModuleReport {
  std::string path;
  ElfMachine machine = ElfMachine::X86_64;
  std::string soname;
  std::vector<std::string> needed;  // DT_NEEDED in order
  std::string rpath, runpath;       // raw, as stored
  ModuleLinkage linkage;            // load set, missing libraries, unresolved symbols, missing versions
  std::vector<ToolchainNeed> toolchain;  // GLIBC_, GLIBCXX_, CXXABI_, GCC_ needs of the module itself
  CxxAbiEvidence cxx_abi;
  FatbinListing fatbins;
  NumpyHeaders numpy_headers = NumpyHeaders::None;  // NumPy headers its import_array() came from
  std::size_t defined_symbols = 0;
  std::size_t undefined_symbols = 0;
};

struct AnalyzeOptions {
  bool link = true;          // resolve the load set (needed libraries, symbol versions, toolchain needs)
  bool fatbins = true;       // list .nv_fatbin / __nv_relfatbin
  bool bind_symbols = true;  // with link: also bind undefined symbols (LinkOptions::bind_symbols)
};

// Fails only when `path` itself cannot be read as ELF; damage found later
// (a dependency that does not parse, a broken fatbin) is recorded in the report.
Expected<ModuleReport, ElfError> analyze_module(const std::string& path, Linker& linker,
                                                const AnalyzeOptions& options = {});

}  // namespace mlstack::binary
