// SPDX-License-Identifier: MIT
// `mlstack fit MODEL`: options -> the GPUs to judge -> model::fit_model -> view -> finish.
// The GPUs come from --gpu (kb rows or NAME=SIZE), --target sm=.. (every kb
// GPU of those compute capabilities), --env-file (the saved machine's
// nvidia-smi), else the live machine's nvidia-smi.
#include <algorithm>
#include <memory>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "check/check_project.h"
#include "check/stack.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "env/env_json.h"
#include "env/machine.h"
#include "env/system.h"
#include "model/gpu_targets.h"
#include "model/model_source.h"
#include "report/fit_view.h"

namespace mlstack::cli {

namespace {

struct FitCliOptions {
  std::string model;
  std::vector<std::string> gpus;
  std::string target;
  std::string env_file;
  std::string dtype;
  std::string kv_dtype;
  std::uint64_t context = 0;  // 0: the config's maximum
  std::uint64_t batch = 1;
  std::string kb_dir;
};

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

bool resolve_gpus(Context& context, const FitCliOptions& cli, const kb::KnowledgeBase& kb,
                  std::vector<model::GpuSpec>& gpus, std::vector<std::string>& notes) {
  for (const std::string& name : cli.gpus) {
    auto found = model::gpus_from_option(kb, name);
    if (!found) {
      context.error(found.error());
      return false;
    }
    gpus.insert(gpus.end(), found->begin(), found->end());
  }
  if (!cli.target.empty()) {
    auto platform = check::parse_target(cli.target);
    if (!platform) {
      context.error(fmt::format("--target: {}", platform.error()));
      return false;
    }
    for (int cc : platform->gpu_compute_capabilities) {
      auto rows = model::gpus_with_compute_capability(kb, cc);
      if (rows.empty())
        notes.push_back(fmt::format("--target sm_{}: the knowledge base has the memory of no GPU of compute "
                                    "capability {}.{}; name one with --gpu NAME=SIZE",
                                    cc, cc / 10, cc % 10));
      gpus.insert(gpus.end(), rows.begin(), rows.end());
    }
    if (platform->gpu_compute_capabilities.empty())
      notes.push_back("--target names no GPU (sm=...): no verdict from it");
  }
  if (!cli.env_file.empty()) {
    auto saved = env::load_env_file(cli.env_file);
    if (!saved) {
      context.error(saved.error());
      return false;
    }
    auto found = machine_gpus(saved->machine, fmt::format("nvidia-smi saved in {}", cli.env_file), kb);
    if (found.empty()) notes.push_back(fmt::format("{} records no GPU", cli.env_file));
    gpus.insert(gpus.end(), found.begin(), found.end());
  }
  if (cli.gpus.empty() && cli.target.empty() && cli.env_file.empty()) {
    env::RealSystem system;
    env::Machine machine = env::probe_machine(system);
    auto found = machine_gpus(machine, machine.gpu_source.empty() ? "nvidia-smi" : machine.gpu_source, kb);
    gpus.insert(gpus.end(), found.begin(), found.end());
  }
  return true;
}

std::optional<model::TargetDtype> dtype_option(Context& context, const std::string& flag, const std::string& text) {
  if (text.empty()) return std::nullopt;
  auto dtype = model::parse_target_dtype(text);
  if (!dtype) {
    context.error(fmt::format("{} `{}`: expected bf16, fp16, fp8, int8 or int4", flag, text));
    context.status = ExitStatus::Usage;
  }
  return dtype;
}

}  // namespace

void add_fit_command(CLI::App& parent, Context& context, const CommandSpec& spec) {
  auto cli = std::make_shared<FitCliOptions>();
  CLI::App* verb = parent.add_subcommand(spec.name, spec.summary);
  verb->add_option("MODEL", cli->model, "A model folder (single, sharded or diffusers layout) or a .safetensors file")
      ->required();
  verb->add_option("--gpu", cli->gpus, "Judge against this GPU: a name the kb knows (\"RTX A6000\") or NAME=SIZE "
                                       "(\"my-card=24GiB\"); repeatable")
      ->option_text("NAME");
  verb->add_option("--target", cli->target, "Judge against the kb's GPUs of a target's compute capabilities (sm=86+90)")
      ->option_text("KEY=VALUE,...");
  verb->add_option("--env-file", cli->env_file, "Judge against the GPUs of a saved machine (`mlstack env --format json`)")
      ->option_text("FILE");
  verb->add_option("--dtype", cli->dtype, "Weights held at this dtype: bf16, fp16, fp8, int8, int4 (default: as stored)")
      ->option_text("DTYPE");
  verb->add_option("--kv-dtype", cli->kv_dtype, "KV cache at this dtype (default: the model's torch_dtype)")
      ->option_text("DTYPE");
  verb->add_option("--context", cli->context, "Tokens per sequence for the KV cache (default: the config's maximum)")
      ->option_text("N")
      ->check(CLI::PositiveNumber);
  verb->add_option("--batch", cli->batch, "Sequences held at once (default 1)")->option_text("B")->check(CLI::PositiveNumber);
  verb->add_option("--kb", cli->kb_dir, "Knowledge-base folder whose *.toml replace the built-in files")->option_text("DIR");
  verb->footer("Exact: weights and KV cache from the files' headers and config.json. Estimated (shown apart): CUDA "
               "context, a runtime's reserve. See docs/fit.md.");
  verb->callback([&context, cli] {
    model::FitOptions options;
    options.dtype = dtype_option(context, "--dtype", cli->dtype);
    options.kv_dtype = dtype_option(context, "--kv-dtype", cli->kv_dtype);
    if (context.status == ExitStatus::Usage) return;
    if (cli->context > 0) options.context = cli->context;
    options.batch = cli->batch;
    std::vector<Finding> kb_findings;
    kb::KnowledgeBase kb = check::load_kb(cli->kb_dir, kb_findings);
    options.overheads = kb.gpu_overheads;
    std::vector<std::string> notes;
    if (!resolve_gpus(context, *cli, kb, options.gpus, notes)) {
      context.status = ExitStatus::Usage;
      return;
    }
    auto report = model::fit_model(cli->model, options);
    if (!report) {
      context.error(report.error());
      context.status = ExitStatus::Usage;
      return;
    }
    report->notes.insert(report->notes.begin(), notes.begin(), notes.end());
    report::Document document = report::fit_document(*report, {context.options.verbose});
    document.findings.insert(document.findings.begin(), kb_findings.begin(), kb_findings.end());
    finish(context, document);
  });
}

}  // namespace mlstack::cli
