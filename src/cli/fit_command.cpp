// SPDX-License-Identifier: MIT
// `mlstack fit MODEL`: options -> run_fit (cli/fit_run.h: the GPUs to judge,
// the model local or remote) -> view -> finish.
#include <algorithm>
#include <memory>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "check/check_project.h"
#include "check/stack.h"
#include "cli/commands.h"
#include "cli/fit_run.h"
#include "cli/output.h"
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

std::optional<model::TargetDtype> dtype_option(Context& context, const std::string& flag, const std::string& text) {
  auto dtype = dtype_flag(flag, text);
  if (dtype) return *dtype;
  context.error(dtype.error());
  context.status = ExitStatus::Usage;
  return std::nullopt;
}

}  // namespace

void add_fit_command(CLI::App& parent, Context& context, const CommandSpec& spec) {
  auto cli = std::make_shared<FitCliOptions>();
  CLI::App* verb = parent.add_subcommand(spec.name, spec.summary);
  verb->add_option("MODEL", cli->model,
                   "A model folder (single, sharded or diffusers layout), a .safetensors file, or a repository URL "
                   "(https://huggingface.co/ORG/NAME, or any folder URL) read with range requests")
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
    FitRequest request;
    request.model = cli->model;
    request.gpus = cli->gpus;
    request.env_file = cli->env_file;
    request.options.dtype = dtype_option(context, "--dtype", cli->dtype);
    request.options.kv_dtype = dtype_option(context, "--kv-dtype", cli->kv_dtype);
    if (context.status == ExitStatus::Usage) return;
    if (cli->context > 0) request.options.context = cli->context;
    request.options.batch = cli->batch;
    if (!cli->target.empty()) {
      auto platform = check::parse_target(cli->target);
      if (!platform) {
        context.error(fmt::format("--target: {}", platform.error()));
        context.status = ExitStatus::Usage;
        return;
      }
      request.target = std::move(*platform);
    }
    std::vector<Finding> kb_findings;
    kb::KnowledgeBase kb = check::load_kb(cli->kb_dir, kb_findings);
    auto report = run_fit(request, kb);
    if (!report) {
      context.error(report.error());
      context.status = ExitStatus::Usage;
      return;
    }
    report::Document document = report::fit_document(*report, {context.options.verbose});
    document.findings.insert(document.findings.begin(), kb_findings.begin(), kb_findings.end());
    finish(context, document);
  });
}

}  // namespace mlstack::cli
