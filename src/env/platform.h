// SPDX-License-Identifier: MIT
// From what was read to the pep layer's Platform (the virtual packages of
// DESIGN.md: __glibc, __cuda, __sm, __python, __torch-cxx11abi) and to the
// PEP 508 marker values requirements are evaluated with.
#pragma once

#include "env/environment.h"
#include "env/machine.h"
#include "env/pip_check.h"
#include "pep/platform.h"

namespace mlstack::env {

// Values that were not read stay unset (no driver: no driver_version).
pep::Platform to_platform(const Machine& machine, const Environment& environment);

// The interpreter's own marker values when it was run; otherwise the pep
// layer's marker_environment of to_platform(), with platform_release and
// platform_version from the machine.
MarkerValues marker_values(const Environment& environment, const Machine& machine);

}  // namespace mlstack::env
