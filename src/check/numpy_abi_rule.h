// SPDX-License-Identifier: MIT
// ext.numpy-abi: an extension module compiled with NumPy 1.x headers in an
// environment whose NumPy is 2.x fails at import. Read from the module's
// bytes (binary::detect_numpy_headers), judged by the kb's numpy.toml rows.
#pragma once

#include <vector>

#include "check/binaries.h"
#include "check/stack.h"
#include "core/finding.h"
#include "kb/knowledge_base.h"

namespace mlstack::check {

void check_numpy_headers(const kb::KnowledgeBase& kb, const std::vector<NativeModule>& modules,
                         const Stack& environment, std::vector<Finding>& out);

}  // namespace mlstack::check
