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

// The sections plan_document shows under its title: the plan with its
// reasons and install commands, or the explanation and the nearest plans.
// `mlstack report --target` embeds them.
std::vector<Section> plan_sections(const plan::Plan& plan, bool verbose);

// The JSON payload of plan_document (docs/plan.md), findings aside.
nlohmann::json plan_payload(const plan::Plan& plan);

}  // namespace mlstack::report
