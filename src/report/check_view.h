// SPDX-License-Identifier: MIT
// Documents for `mlstack check`, `mlstack diff` and `mlstack why`.
#pragma once

#include "check/check_project.h"
#include "check/why.h"
#include "report/document.h"

namespace mlstack::report {

Document check_document(const check::CheckReport& report);
Document diff_document(const check::DiffReport& report);
Document why_document(const check::WhyReport& report);

// The machine part of a platform as key/values ("Python" -> "3.11.7"); unknown
// facts are said to be unknown rather than left out.
KeyValues platform_values(const pep::Platform& platform);

nlohmann::json to_json(const check::Stack& stack);
nlohmann::json to_json(const pep::Platform& platform);

}  // namespace mlstack::report
