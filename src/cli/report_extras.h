// SPDX-License-Identifier: MIT
// What `mlstack report` adds to the analysis when asked: the fit of --model,
// through run_fit as `mlstack fit` computes it, and the install plan for
// --target, through plan::run_plan as `mlstack plan PATH --target` makes it.
// Neither fails the report: when there is no fit or no plan, the section
// says why in one line (and stderr says it once).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cli/context.h"
#include "core/expected.h"
#include "env/system.h"
#include "model/dtype.h"
#include "report/report_view.h"

namespace mlstack::cli {

struct ReportExtrasRequest {
  std::string path;           // the project
  std::string target;         // --target as given ("" for none: no plan)
  std::string env_file;       // --env-file: its GPUs judge the fit
  bool read_machine = false;  // --env: this machine's GPUs judge the fit
  std::string kb_dir;
  std::string pytorch_index;  // --pytorch-index (plan)
  // --model and fit's options; model "" for none.
  std::string model;
  std::vector<std::string> gpus;
  std::optional<model::TargetDtype> dtype;
  std::optional<model::TargetDtype> kv_dtype;
  std::uint64_t context = 0;  // 0: the config's maximum
  std::uint64_t batch = 1;
};

// report's --target serves check (the pins judged on it), the fit (its GPUs)
// and the plan. check reads python, cuda, driver, toolkit, glibc, sm, abi,
// arch and os; the plan also names GPUs (gpu=H100,driver=...). A target
// only the plan's parser reads is handed to check as the fields it knows,
// from the GPUs' compute capabilities and the driver's CUDA in the kb.
struct ReportTarget {
  std::string check_spec;              // what check::parse_target reads
  std::vector<std::string> gpu_names;  // gpu=...: the GPUs the fit judges (the kb's names)
};
Expected<ReportTarget, std::string> resolve_report_target(const std::string& spec, const std::string& kb_dir);

// The fit and the plan the request asks for (none when it asks for neither);
// `step` is told what runs ("reading the model", "planning the install").
report::ReportExtras report_extras(const env::System& system, const Context& context, const ReportExtrasRequest& request,
                                   const ReportTarget& target, const std::function<void(std::string_view)>& step);

}  // namespace mlstack::cli
