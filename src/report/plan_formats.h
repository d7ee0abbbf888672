// SPDX-License-Identifier: MIT
// A solved plan in the formats installers read:
// - requirements: a pip requirements file, index lines first, one pin per
//   line with --hash=sha256:... for every file whose hash is known (pip's
//   hash-checking mode needs all; a comment names any that lack one);
// - pylock: PEP 751 pylock.toml for the plan's target (one wheel per
//   package, with URL, size, upload time and hashes as the index gave them);
// - commands: pip and uv command lines in an order that works (torch and
//   its companions from their variant index first, then the rest, with
//   --no-deps since the plan pins everything).
#pragma once

#include <string>

#include "core/expected.h"
#include "plan/plan.h"

namespace mlstack::report {

std::string plan_requirements(const plan::Plan& plan, bool hashes);
// Fails when a file has no sha256: PEP 751 requires hashes for every file.
Expected<std::string, std::string> plan_pylock(const plan::Plan& plan);
std::string plan_commands(const plan::Plan& plan);

}  // namespace mlstack::report
