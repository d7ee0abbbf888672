// SPDX-License-Identifier: MIT
// The Document of `mlstack report`: the whole analysis (check::Analysis) as
// one document in the order of a hand-written dependency analysis, every row
// with its source, every finding linked to the rows it cites. Markdown, HTML,
// JSON and SARIF are all rendered from it.
#pragma once

#include "check/analysis.h"
#include "report/document.h"

namespace mlstack::report {

Document report_document(const check::Analysis& analysis);

}  // namespace mlstack::report
