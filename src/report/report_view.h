// SPDX-License-Identifier: MIT
// The Document of `mlstack report`: the whole analysis (check::Analysis) as
// one document in the order of a hand-written dependency analysis, every row
// with its source, every finding linked to the rows it cites. Markdown, HTML,
// JSON and SARIF are all rendered from it.
#pragma once

#include <optional>
#include <string>

#include "check/analysis.h"
#include "model/fit.h"
#include "plan/plan.h"
#include "report/document.h"

namespace mlstack::report {

// The install plan for `--target`, as `mlstack plan PATH --target ...` made
// it (plan::run_plan), or the one line that says why none could be made.
struct ReportPlan {
  std::string target;             // the --target as given
  std::string label;              // what was planned
  std::optional<plan::Plan> plan;  // absent: `unavailable` says why
  std::string unavailable;
};

// The fit of `--model`, as `mlstack fit MODEL` computed it (cli::run_fit),
// or the one line that says why there is none.
struct ReportFit {
  std::string model;                     // the --model as given
  std::optional<model::FitReport> fit;   // absent: `unavailable` says why
  std::string unavailable;
  bool machine_read = true;  // false: no GPU was named and the machine was not read, so no verdict was sought
};

// What the report adds when asked: each is computed by its own layer before
// the view and only copied here. The plan and the fit never change the
// report's findings (those stay exactly scan's and check's); their own
// findings are listed in their sections.
struct ReportExtras {
  std::optional<ReportFit> fit;
  std::optional<ReportPlan> plan;
  bool verbose = false;
};

Document report_document(const check::Analysis& analysis, const ReportExtras& extras = {});

}  // namespace mlstack::report
