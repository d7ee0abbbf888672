// SPDX-License-Identifier: MIT
#include "cli/report_extras.h"

#include <cstdlib>

#include <fmt/format.h>

#include "check/check_project.h"
#include "check/stack.h"
#include "cli/environment_variables.h"
#include "cli/fit_run.h"
#include "plan/run.h"
#include "plan/target.h"

namespace mlstack::cli {
namespace {

bool is_abi_item(const std::string& item) { return item.starts_with("abi=") || item.starts_with("cxx11abi="); }

// The items of a KEY=VALUE,... spec that are (abi) or are not (!abi) check's
// `abi`: torch's C++ ABI is a fact the plan decides from the wheels, not a
// field it reads.
std::string abi_items(const std::string& spec, bool abi) {
  std::string out;
  std::size_t start = 0;
  while (start <= spec.size()) {
    std::size_t end = spec.find(',', start);
    if (end == std::string::npos) end = spec.size();
    std::string item = spec.substr(start, end - start);
    start = end + 1;
    if (item.empty() || is_abi_item(item) != abi) continue;
    out += (out.empty() ? "" : ",") + item;
  }
  return out;
}

std::string without_abi(const std::string& spec) { return abi_items(spec, false); }

bool names_field(const std::string& spec, std::string_view key) {
  std::string field = std::string(key) + "=";
  return spec.starts_with(field) || spec.find("," + field) != std::string::npos;
}

// A plan target as the fields check::parse_target reads: what the spec gave,
// and what the kb derived from it (a GPU's compute capability, the driver's
// CUDA), never a default the plan assumed (glibc 2.17 when none is given).
std::string check_spec_of(const plan::PlanTarget& target, const std::string& spec) {
  const pep::Platform& p = target.platform;
  std::vector<std::string> items;
  if (p.python_version && names_field(spec, "python")) items.push_back("python=" + p.python_version->str());
  if (p.driver_cuda) items.push_back("cuda=" + p.driver_cuda->str());
  if (!target.driver.empty()) items.push_back("driver=" + target.driver);
  if (p.cuda_toolkit && names_field(spec, "toolkit")) items.push_back("toolkit=" + p.cuda_toolkit->str());
  if (p.libc_version && names_field(spec, "glibc")) items.push_back("glibc=" + p.libc_version->str());
  std::string sm;
  for (int cc : p.gpu_compute_capabilities) sm += fmt::format("{}{}", sm.empty() ? "" : "+", cc);
  if (!sm.empty()) items.push_back("sm=" + sm);
  if (names_field(spec, "arch")) items.push_back("arch=" + p.arch);
  if (names_field(spec, "os")) items.push_back("os=" + p.os);
  return fmt::format("{}", fmt::join(items, ","));
}

report::ReportFit fit_of(const ReportExtrasRequest& request, const ReportTarget& target, const kb::KnowledgeBase& kb) {
  report::ReportFit out;
  out.model = request.model;
  FitRequest fit;
  fit.model = request.model;
  fit.gpus = request.gpus;
  fit.gpus.insert(fit.gpus.end(), target.gpu_names.begin(), target.gpu_names.end());
  if (target.gpu_names.empty() && !target.check_spec.empty()) {
    if (auto platform = check::parse_target(target.check_spec)) fit.target = std::move(*platform);
  }
  fit.env_file = request.env_file;
  fit.read_machine = request.read_machine;
  out.machine_read = request.read_machine;
  fit.options.dtype = request.dtype;
  fit.options.kv_dtype = request.kv_dtype;
  if (request.context > 0) fit.options.context = request.context;
  fit.options.batch = request.batch;
  auto report = run_fit(fit, kb);
  if (report) out.fit = std::move(*report);
  else out.unavailable = report.error();
  return out;
}

report::ReportPlan plan_of(const env::System& system, const Context& context, const ReportExtrasRequest& request) {
  report::ReportPlan out;
  out.target = request.target;
  out.label = request.path;
  plan::PlanOptions options;
  options.inputs = {request.path};
  options.target = without_abi(request.target);
  options.kb_dir = request.kb_dir;
  const GlobalOptions& global = context.options;
  options.sources.index = global.index;
  options.sources.cache_dir = global.cache_dir;
  options.sources.offline = global.offline || env_flag("MLSTACK_OFFLINE");
  options.sources.refresh = global.refresh;
  options.sources.cert = global.cert;
  if (!request.pytorch_index.empty()) options.sources.pytorch_index = request.pytorch_index;
  auto run = plan::run_plan(system, options);
  if (!run) {
    out.unavailable = run.error();
    return out;
  }
  // run->findings are the kb's and the scan's loading problems: the report
  // already has the same ones from the same files.
  out.label = run->label;
  out.plan = std::move(run->plan);
  return out;
}

}  // namespace

Expected<ReportTarget, std::string> resolve_report_target(const std::string& spec, const std::string& kb_dir) {
  ReportTarget out;
  if (spec.empty()) return out;
  auto checked = check::parse_target(spec);
  if (checked) {
    out.check_spec = spec;
    return out;
  }
  std::vector<Finding> ignored;  // the analysis loads the kb again and reports its problems
  kb::KnowledgeBase kb = check::load_kb(kb_dir, ignored);
  auto planned = plan::parse_target_spec(without_abi(spec), kb);
  if (!planned) {
    // The message of the parser whose fields the spec uses (plan's names the spec itself).
    if (names_field(spec, "gpu")) return unexpected(planned.error().message);
    return unexpected(fmt::format("--target: {}", checked.error()));
  }
  out.check_spec = check_spec_of(*planned, spec);
  if (std::string abi = abi_items(spec, true); !abi.empty()) out.check_spec += "," + abi;
  for (const plan::TargetGpu& gpu : planned->gpus) out.gpu_names.push_back(gpu.kb_name.empty() ? gpu.name : gpu.kb_name);
  return out;
}

report::ReportExtras report_extras(const env::System& system, const Context& context, const ReportExtrasRequest& request,
                                   const ReportTarget& target, const std::function<void(std::string_view)>& step) {
  report::ReportExtras extras;
  extras.verbose = context.options.verbose;
  if (!request.model.empty()) {
    step("reading the model");
    std::vector<Finding> ignored;  // as above: the report lists the kb's problems once
    kb::KnowledgeBase kb = check::load_kb(request.kb_dir, ignored);
    extras.fit = fit_of(request, target, kb);
    if (!extras.fit->fit) context.warn(fmt::format("no model fit in the report: {}", extras.fit->unavailable));
  }
  if (!request.target.empty()) {
    step("planning the install");
    extras.plan = plan_of(system, context, request);
    if (!extras.plan->plan) context.warn(fmt::format("no install plan in the report: {}", extras.plan->unavailable));
  }
  return extras;
}

}  // namespace mlstack::cli
