// SPDX-License-Identifier: MIT
// `mlstack report [PATH]`: options -> check::analyse (+ the fit of --model and
// the install plan for --target, cli/report_extras.h) -> report view -> finish.
// Markdown unless --format says otherwise (the report has no terminal form of
// its own: Markdown reads in a terminal and renders everywhere else).
#include <unistd.h>

#include <cstdio>
#include <memory>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "check/analysis.h"
#include "cli/commands.h"
#include "cli/fit_run.h"
#include "cli/output.h"
#include "cli/report_extras.h"
#include "env/system.h"
#include "report/report_view.h"

namespace mlstack::cli {
namespace {

struct ReportCommandOptions {
  check::AnalysisOptions analysis;
  bool find_env = false;     // --env
  bool no_binaries = false;  // --no-binaries
  bool no_code = false;      // --no-code
  ReportExtrasRequest extras;  // --model and fit's options, --pytorch-index
  std::string dtype;           // --dtype, --kv-dtype as given
  std::string kv_dtype;
};

std::optional<model::TargetDtype> dtype_option(Context& context, const std::string& flag, const std::string& text) {
  auto dtype = dtype_flag(flag, text);
  if (dtype) return *dtype;
  context.error(dtype.error());
  context.status = ExitStatus::Usage;
  return std::nullopt;
}

// One line on stderr per step, rewritten in place, only on a terminal.
class Progress {
 public:
  explicit Progress(bool on) : m_on(on) {}
  ~Progress() { clear(); }
  void step(std::string_view what) {
    if (!m_on) return;
    ++m_step;
    std::fprintf(stderr, "\r\x1b[Kmlstack report: %.*s...", static_cast<int>(what.size()), what.data());
    std::fflush(stderr);
  }
  void clear() {
    if (m_on && m_step > 0) std::fputs("\r\x1b[K", stderr);
    m_step = 0;
  }

 private:
  bool m_on;
  int m_step = 0;
};

}  // namespace

void add_report_command(CLI::App& parent, Context& context, const CommandSpec& spec) {
  auto options = std::make_shared<ReportCommandOptions>();
  CLI::App* verb = parent.add_subcommand(spec.name, spec.summary);
  check::CheckOptions& check = options->analysis.check;
  verb->add_option("PATH", check.path, "Project folder or manifest (default: .)");
  auto* site = verb->add_option("--site", check.env.request.site_dirs, "Read this site-packages folder (repeatable)")
                   ->option_text("DIR");
  auto* python = verb->add_option("--python", check.env.request.python, "Read the environment of this interpreter")
                     ->option_text("EXE")
                     ->excludes(site);
  auto* file = verb->add_option("--env-file", check.env_file, "Read a saved environment (`mlstack env --format json`)")
                   ->option_text("FILE")
                   ->excludes(site)
                   ->excludes(python);
  verb->add_flag("--env", options->find_env,
                 "Read the environment `mlstack env` would find ($VIRTUAL_ENV, $CONDA_PREFIX, ./.venv, python3 on PATH) "
                 "and this machine")
      ->excludes(site)
      ->excludes(python)
      ->excludes(file);
  verb->add_option("--target", check.target,
                   "Judge the pins on this machine and plan the install for it: python=3.10,cuda=12.1,sm=86 or "
                   "gpu=A100,driver=535.104.05,python=3.10 (see `mlstack check --help`, `mlstack plan --help`)")
      ->option_text("SPEC");
  ReportExtrasRequest& extra = options->extras;
  verb->add_option("--pytorch-index", extra.pytorch_index,
                   "For the plan: base of the PyTorch variant indexes (default https://download.pytorch.org/whl; `none`)")
      ->option_text("BASE");
  verb->add_option("--model", extra.model,
                   "Add the fit of this model (folder, .safetensors file or repository URL) to the report, as `mlstack "
                   "fit` computes it")
      ->option_text("MODEL|URL");
  verb->add_option("--gpu", extra.gpus, "For the fit: judge against this GPU, NAME or NAME=SIZE (repeatable)")
      ->option_text("NAME");
  verb->add_option("--dtype", options->dtype, "For the fit: weights held at bf16, fp16, fp8, int8 or int4")->option_text("DTYPE");
  verb->add_option("--kv-dtype", options->kv_dtype, "For the fit: KV cache at this dtype")->option_text("DTYPE");
  verb->add_option("--context", extra.context, "For the fit: tokens per sequence for the KV cache")
      ->option_text("N")
      ->check(CLI::PositiveNumber);
  verb->add_option("--batch", extra.batch, "For the fit: sequences held at once (default 1)")
      ->option_text("B")
      ->check(CLI::PositiveNumber);
  verb->add_option("--entry", options->analysis.entries,
                   "Entry file, console script (pkg.cli:main) or -m module to draw (repeatable; default: console scripts "
                   "and __main__ modules)")
      ->option_text("FILE");
  verb->add_option("--kb", check.kb_dir, "Knowledge-base folder whose *.toml replace the built-in files")->option_text("DIR");
  verb->add_flag("--no-binaries", options->no_binaries, "Do not analyse the environment's extension modules and shared libraries");
  verb->add_flag("--no-code", options->no_code, "Do not read the Python sources (imports, entry points, flags)");
  verb->footer(
      "Sections: scope and sources, declared dependencies, build-time dependencies (CUDA extensions), optional features,\n"
      "imports against declarations, entry points and their files, version coupling, the environment and machine,\n"
      "findings, pinning policy; with --model, the model's fit; with --target, the install plan (the global index\n"
      "options apply as for `mlstack plan`). No environment is read unless --env, --site, --python or --env-file names one.\n"
      "--format markdown (default), html (one offline file), json, sarif. Details: docs/report.md.");
  verb->callback([&context, options] {
    check::AnalysisOptions analysis_options = options->analysis;
    check::CheckOptions& checked = analysis_options.check;
    checked.read_env = options->find_env || !checked.env.request.site_dirs.empty() || !checked.env.request.python.empty();
    checked.binaries = !options->no_binaries;
    analysis_options.read_code = !options->no_code;
    if (context.options.format == Format::Text) context.options.format = Format::Markdown;
    if (context.options.format == Format::Dot) {
      context.error("`mlstack report` writes markdown, html, json or sarif; `mlstack scan --format dot` writes the entry graphs");
      context.status = ExitStatus::Usage;
      return;
    }
    ReportExtrasRequest extras = options->extras;
    extras.dtype = dtype_option(context, "--dtype", options->dtype);
    extras.kv_dtype = dtype_option(context, "--kv-dtype", options->kv_dtype);
    if (context.status == ExitStatus::Usage) return;
    auto target = resolve_report_target(checked.target, checked.kb_dir);
    if (!target) {
      context.error(target.error());
      context.status = ExitStatus::Usage;
      return;
    }
    extras.target = checked.target;
    checked.target = target->check_spec;
    Progress progress(!context.options.quiet && ::isatty(STDERR_FILENO) == 1);
    env::RealSystem system;
    show_commands_run(system, context);
    // No interpreter on a PATH entry inside the analysed project is run (docs/security.md).
    checked.env.request.project_root = checked.path.empty() ? "." : checked.path;
    auto analysis = check::analyse(system, analysis_options, [&progress](std::string_view step) { progress.step(step); });
    if (!analysis) {
      progress.clear();
      context.error(analysis.error());
      context.status = ExitStatus::Usage;
      return;
    }
    extras.path = checked.path;
    extras.env_file = checked.env_file;
    extras.read_machine = options->find_env;
    extras.kb_dir = checked.kb_dir;
    report::ReportExtras added =
        report_extras(system, context, extras, *target, [&progress](std::string_view step) { progress.step(step); });
    progress.step("writing the report");
    report::Document document = report::report_document(*analysis, added);
    progress.clear();
    finish(context, document);
  });
}

}  // namespace mlstack::cli
