// SPDX-License-Identifier: MIT
// The native side of an environment: every extension module of its site
// folders analysed as the dynamic loader and the CUDA driver would see it
// (src/binary), with the installing distribution as owner. This is where
// "undefined symbol" and "no kernel image" are predicted before any import.
#pragma once

#include <string>
#include <vector>

#include "binary/module_analysis.h"
#include "check/ptx_driver.h"
#include "core/finding.h"
#include "env/environment.h"
#include "kb/knowledge_base.h"
#include "pep/platform.h"

namespace mlstack::check {

// One extension module or shared library of the environment.
struct NativeModule {
  binary::ModuleReport report;
  std::string owner;  // distribution name; empty when no RECORD lists the file
  // Per machine GPU, for a file with GPU code: native / ptx-jit / partial /
  // none, and for ptx-jit the driver its PTX needs. A library is judged over
  // its fatbins together (binary::evaluate_library: never partial).
  std::vector<GpuKernels> gpus;
};

struct BinaryScan {
  std::vector<NativeModule> modules;
  // Every other ELF shared library of the site folders (torch/lib, nvidia/*/lib,
  // *.libs). Its load set is resolved but its symbols are not bound: see
  // scan_binaries() in binaries.cpp for the cost that decided it. Its
  // report's missing libraries and versions are its own (its dependencies
  // have rows of their own).
  std::vector<NativeModule> libraries;
  std::string interpreter;  // the executable whose symbols the modules may use; empty when none was found
  DriverCuda driver;        // the CUDA the machine's driver supports, as PTX verdicts used it
  std::vector<std::string> outside;         // shared objects named in a site folder that resolve outside it: not read
  std::vector<std::string> truncated_walks;  // site folders whose walk stopped at its bound
  std::vector<Finding> findings;
};

// Analyses every extension module and shared library under the environment's
// site folders.
// GPU findings use `platform.gpu_compute_capabilities`; PTX JIT is judged
// against `platform.driver_cuda` (or the CUDA the kb gives its
// driver_version), citing `machine` for it. Without a known interpreter,
// references to the Python C API (Py*, _Py*) cannot be bound and are left out
// rather than reported as missing.
BinaryScan scan_binaries(const env::Environment& environment, const pep::Platform& platform,
                         const kb::KnowledgeBase& kb, const Origin& machine);

}  // namespace mlstack::check
