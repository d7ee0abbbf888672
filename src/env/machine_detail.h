// SPDX-License-Identifier: MIT
// The parts of probe_machine, one file each (host, NVIDIA driver and GPUs,
// CUDA toolkits and libraries). Private to src/env.
#pragma once

#include "env/machine.h"

namespace mlstack::env::detail {

void probe_host(const System& system, Machine& machine);
void probe_nvidia(const System& system, const MachineOptions& options, Machine& machine);
void probe_cuda(const System& system, const MachineOptions& options, Machine& machine);

}  // namespace mlstack::env::detail
