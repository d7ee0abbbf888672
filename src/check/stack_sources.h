// SPDX-License-Identifier: MIT
// Building Stacks from what the readers produce. Each adapter copies facts;
// none judges them.
#pragma once

#include "check/stack.h"
#include "project/lock/lock_file.h"

namespace mlstack::check {

// One package per name: of uv's forked entries, the one whose resolution
// markers hold on `platform` (the first when none say). Versions that do not
// parse are skipped; the lock reader has reported the file's own errors.
Stack stack_from_lock(const project::LockFile& lock, const pep::Platform& platform);

}  // namespace mlstack::check
