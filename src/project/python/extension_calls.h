// SPDX-License-Identifier: MIT
// Calls into a native extension the project builds, from one file. Read in
// the project scan's single pass over each file (project/python/scan.h) and
// used by the entry graphs (entry_graph.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace mlstack::project::python {

// `awq_inference_engine.gemv_forward_cuda_new(...)` in awq/quantize/qmodule.py.
struct ExtensionCallSite {
  std::string extension;  // "awq_inference_engine"
  std::string file;       // relative path
  std::uint32_t import_line = 0;
  std::vector<std::string> functions;  // called functions, in order of first call
};

}  // namespace mlstack::project::python
