// SPDX-License-Identifier: MIT
#include "cli/fit_run.h"

#include <algorithm>
#include <memory>

#include <fmt/format.h>

#include "cli/remote_model.h"
#include "env/env_json.h"
#include "env/machine.h"
#include "env/system.h"
#include "model/gpu_targets.h"
#include "model/model_source.h"

namespace mlstack::cli {

namespace {

// The machine's GPUs as nvidia-smi reported them; a GPU without a memory
// figure is looked up in the kb by name.
std::vector<model::GpuSpec> machine_gpus(const env::Machine& machine, const std::string& probe,
                                         const kb::KnowledgeBase& kb) {
  std::vector<model::GpuSpec> out;
  for (const env::Gpu& gpu : machine.gpus) {
    model::GpuSpec spec;
    if (gpu.memory_mib > 0) {
      spec = model::gpu_from_machine(gpu.name, gpu.memory_mib, probe);
    } else if (auto rows = model::gpus_from_option(kb, gpu.name); rows && rows->size() == 1) {
      spec = (*rows)[0];
    } else {
      continue;
    }
    auto same = std::find_if(out.begin(), out.end(), [&](const model::GpuSpec& s) {
      return s.name == spec.name && s.memory_bytes == spec.memory_bytes;
    });
    if (same != out.end()) ++same->count;
    else out.push_back(std::move(spec));
  }
  return out;
}

Expected<std::vector<model::GpuSpec>, std::string> resolve_gpus(const FitRequest& request, const kb::KnowledgeBase& kb,
                                                                std::vector<std::string>& notes) {
  std::vector<model::GpuSpec> gpus;
  for (const std::string& name : request.gpus) {
    auto found = model::gpus_from_option(kb, name);
    if (!found) return unexpected(found.error());
    gpus.insert(gpus.end(), found->begin(), found->end());
  }
  if (request.target) {
    for (int cc : request.target->gpu_compute_capabilities) {
      auto rows = model::gpus_with_compute_capability(kb, cc);
      if (rows.empty())
        notes.push_back(fmt::format("--target sm_{}: the knowledge base has the memory of no GPU of compute "
                                    "capability {}.{}; name one with --gpu NAME=SIZE",
                                    cc, cc / 10, cc % 10));
      gpus.insert(gpus.end(), rows.begin(), rows.end());
    }
    if (request.target->gpu_compute_capabilities.empty()) notes.push_back("--target names no GPU (sm=...): no verdict from it");
  }
  if (!request.env_file.empty()) {
    auto saved = env::load_env_file(request.env_file);
    if (!saved) return unexpected(saved.error());
    auto found = machine_gpus(saved->machine, fmt::format("nvidia-smi saved in {}", request.env_file), kb);
    if (found.empty()) notes.push_back(fmt::format("{} records no GPU", request.env_file));
    gpus.insert(gpus.end(), found.begin(), found.end());
  }
  if (request.gpus.empty() && !request.target && request.env_file.empty() && request.read_machine) {
    env::RealSystem system;
    env::Machine machine = env::probe_machine(system);
    auto found = machine_gpus(machine, machine.gpu_source.empty() ? "nvidia-smi" : machine.gpu_source, kb);
    gpus.insert(gpus.end(), found.begin(), found.end());
  }
  return gpus;
}

bool is_url(const std::string& model) { return model.starts_with("http://") || model.starts_with("https://"); }

}  // namespace

Expected<std::optional<model::TargetDtype>, std::string> dtype_flag(std::string_view flag, const std::string& text) {
  if (text.empty()) return std::optional<model::TargetDtype>();
  auto dtype = model::parse_target_dtype(text);
  if (!dtype) return unexpected(fmt::format("{} `{}`: expected bf16, fp16, fp8, int8 or int4", flag, text));
  return std::optional<model::TargetDtype>(*dtype);
}

Expected<model::FitReport, std::string> run_fit(const FitRequest& request, const kb::KnowledgeBase& kb) {
  model::FitOptions options = request.options;
  options.overheads = kb.gpu_overheads;
  std::vector<std::string> notes;
  auto gpus = resolve_gpus(request, kb, notes);
  if (!gpus) return unexpected(gpus.error());
  options.gpus = std::move(*gpus);

  std::unique_ptr<RemoteModelClient> client;
  if (is_url(request.model)) {
    auto opened = RemoteModelClient::open(request.model);
    if (!opened) return unexpected(opened.error());
    client = std::move(*opened);
  }
  auto report = model::fit_model(request.model, options, client ? &client->files() : nullptr);
  if (!report) return unexpected(report.error());
  report->notes.insert(report->notes.begin(), notes.begin(), notes.end());
  return report;
}

}  // namespace mlstack::cli
