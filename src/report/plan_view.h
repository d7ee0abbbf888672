// SPDX-License-Identifier: MIT
// `mlstack plan` as a Document (text, Markdown, JSON): the target, the
// pinned packages with the index and file each comes from and why the
// machine allows it, the install commands, notes; or, with no plan, the
// explanation and the nearest plans that exist. docs/plan.md describes the
// JSON payload.
#pragma once

#include "plan/plan.h"
#include "report/document.h"

namespace mlstack::report {

// `label` names what was planned ("requirements.txt", "3 requirements").
Document plan_document(const plan::Plan& plan, const std::string& label, bool verbose);

}  // namespace mlstack::report
