// SPDX-License-Identifier: MIT
// Building Stacks from what the readers produce. Each adapter copies facts;
// none judges them.
#pragma once

#include <vector>

#include "check/check.h"
#include "check/stack.h"
#include "env/environment.h"
#include "env/machine.h"
#include "kb/knowledge_base.h"
#include "project/lock/lock_file.h"
#include "project/scan.h"

namespace mlstack::check {

// One package per name: of uv's forked entries, the one whose resolution
// markers hold on `platform` (the first when none say). Versions that do not
// parse are skipped; the lock reader has reported the file's own errors.
Stack stack_from_lock(const project::LockFile& lock, const pep::Platform& platform);

// Fills platform.driver_cuda from the driver's version through the kb
// (highest_cuda_for_driver) when nothing reported it; returns the kb row used.
std::optional<Origin> fill_driver_cuda(pep::Platform& platform, const kb::KnowledgeBase& kb);

// The installed environment on its machine. Facts the files do not give are
// filled from the kb where it states them for official builds: the highest
// CUDA of the driver version, and torch's C++ ABI for its release and variant.
Stack stack_from_environment(const env::Environment& environment, const env::Machine& machine,
                             const kb::KnowledgeBase& kb);

// One Stack per manifest or script of the scan that pins or constrains
// something, named by its path, on `platform`; a manifest whose declarations
// carry markers gives one Stack per case (check/marker_cases.h), each with its
// `condition`. `machine_known`: the platform is a target's or an
// environment's, so markers are evaluated against it; otherwise every
// platform is a case of its own.
std::vector<Stack> stacks_from_scan(const project::ScanResult& scan, const pep::Platform& platform,
                                    bool machine_known = false);

// The main stack's runtime requirements of the project's own manifests
// (pyproject, requirements files, setup.py/cfg), as checked against an
// environment; extras and optional groups are marked optional.
std::vector<DeclaredRequirement> declared_from_scan(const project::ScanResult& scan);

// Where the project's setup.py files define CUDA extensions (CUDAExtension),
// which torch.utils.cpp_extension compiles with the machine's nvcc.
std::vector<Origin> cuda_extension_builds(const project::ScanResult& scan);

// The names the project's manifests give the project itself (pyproject
// [project].name, setup.py name=...).
std::vector<std::string> project_names(const project::ScanResult& scan);

}  // namespace mlstack::check
