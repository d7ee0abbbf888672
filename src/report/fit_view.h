// SPDX-License-Identifier: MIT
// The Document of `mlstack fit`: the model's components with parameters and
// bytes per dtype, the KV cache, a verdict per GPU with its margin and what
// would fit instead, and the estimates kept apart from the exact figures.
// add_fit_sections is the part another document (`mlstack report --model`)
// embeds.
#pragma once

#include <nlohmann/json.hpp>

#include "model/fit.h"
#include "report/document.h"

namespace mlstack::report {

struct FitViewOptions {
  bool verbose = false;  // per-file and per-dtype tables, exact byte counts
  // The live machine was asked for its GPUs when none was named (`mlstack
  // fit`); false when nothing was (`mlstack report` without --env or --gpu).
  bool machine_read = true;
};

Document fit_document(const model::FitReport& report, const FitViewOptions& options = {});

// The fit's sections and findings, appended to `document`.
void add_fit_sections(Document& document, const model::FitReport& report, const FitViewOptions& options = {});

// The machine-readable payload (docs/json-schema.md, `fit`).
nlohmann::json fit_payload(const model::FitReport& report);

}  // namespace mlstack::report
