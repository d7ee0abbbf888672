// SPDX-License-Identifier: MIT
// `mlstack env --binaries`: the environment's extension modules and its other
// shared libraries (own section), with what the dynamic loader and the CUDA
// driver would make of them.
#pragma once

#include "check/binaries.h"
#include "report/document.h"

namespace mlstack::report {

void add_binaries_section(Document& document, const check::BinaryScan& scan);

}  // namespace mlstack::report
