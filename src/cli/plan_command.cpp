// SPDX-License-Identifier: MIT
// `mlstack plan [PATH | REQUIREMENT...]`: options -> plan::run_plan -> view or install format.
#include <memory>

#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/environment_variables.h"
#include "cli/output.h"
#include "env/system.h"
#include "plan/run.h"
#include "report/plan_formats.h"
#include "report/plan_view.h"

namespace mlstack::cli {

void add_plan_command(CLI::App& parent, Context& context, const CommandSpec& spec) {
  auto options = std::make_shared<plan::PlanOptions>();
  auto hashes = std::make_shared<bool>(false);
  auto no_nearest = std::make_shared<bool>(false);
  CLI::App* verb = parent.add_subcommand(spec.name, spec.summary);
  verb->add_option("INPUT", options->inputs, "A project folder or manifest (default: .), or requirements")
      ->option_text("PATH | REQUIREMENT...");
  auto* target = verb->add_option("--target", options->target,
                                  "The machine to plan for: gpu=A100,driver=535.104.05,python=3.10,glibc=2.35 "
                                  "(fields: gpu, sm, driver, cuda, python, glibc, arch, os, toolkit)")
                     ->option_text("SPEC");
  verb->add_option("--env-file", options->env_file, "Plan for a saved machine (`mlstack env --format json` on it)")
      ->option_text("FILE")
      ->excludes(target);
  verb->add_option("--python", options->python, "This machine's interpreter to plan for (default: as `mlstack env` finds it)")
      ->option_text("EXE")
      ->excludes(target);
  verb->add_option("--extra", options->extras, "Include the project's extra E (repeatable)")->option_text("E");
  verb->add_option("--group", options->groups, "Include the project's dependency group G (repeatable)")->option_text("G");
  verb->add_option("--stack", options->stack, "Plan an alternative manifest or an install script the scan found")
      ->option_text("NAME");
  // --index-url, --extra-index-url, --find-links, --no-index, --index-mirror,
  // --cache-dir, --offline, --refresh and --cert are the global index options.
  verb->add_option("--pytorch-index", options->sources.pytorch_index,
                   "Base of the PyTorch variant indexes, read together for torch and its companions "
                   "(default https://download.pytorch.org/whl; `none` to skip)")
      ->option_text("BASE");
  verb->add_option("--prerelease", options->prerelease,
                   "allow, disallow, or if-necessary-or-explicit (default: only when a requirement names one or a "
                   "package has nothing else)")
      ->check(CLI::IsMember({"allow", "disallow", "if-necessary-or-explicit"}))
      ->option_text("MODE");
  verb->add_option("--allow-build", options->allow_build,
                   "Admit sdists for PKG (or :all:); the plan says what each build needs. Default: prebuilt wheels only")
      ->option_text("PKG|:all:");
  verb->add_flag("--prefer-installed", options->prefer_installed, "Keep the versions the environment has where possible");
  verb->add_option("--lock", options->lock, "Keep a lock file's versions where possible (uv.lock, poetry.lock, pylock.toml)")
      ->option_text("FILE");
  verb->add_option("--kb", options->kb_dir, "Knowledge-base folder whose *.toml replace the built-in files")
      ->option_text("DIR");
  verb->add_flag("--hash", *hashes, "With --format requirements: --hash=sha256 lines");
  verb->add_flag("--no-nearest", *no_nearest, "With no plan: do not look for the nearest plans that exist");
  verb->footer("How a choice is made, the target fields and the limits: docs/plan.md. "
               "Exit 1 when there is no plan (the explanation says why).");
  verb->callback([&context, options, hashes, no_nearest] {
    options->nearest = !*no_nearest;
    const GlobalOptions& global = context.options;
    options->sources.index = global.index;
    options->sources.cache_dir = global.cache_dir;
    options->sources.offline = global.offline || env_flag("MLSTACK_OFFLINE");  // as --help says
    options->sources.refresh = global.refresh;
    options->sources.cert = global.cert;
    env::RealSystem system;
    auto run = plan::run_plan(system, *options);
    if (!run) {
      context.error(run.error());
      context.status = ExitStatus::Usage;
      return;
    }
    const plan::Plan& plan = run->plan;
    Format format = context.options.format;
    if (format == Format::Requirements || format == Format::Pylock || format == Format::Commands) {
      if (!plan.solved) {
        std::string text;
        for (const std::string& line : plan.explanation) text += line + "\n";
        context.error("no plan for " + run->label + ":\n" + text);
        context.status = ExitStatus::Findings;
        return;
      }
      std::string out;
      if (format == Format::Requirements) out = report::plan_requirements(plan, *hashes);
      else if (format == Format::Commands) out = report::plan_commands(plan);
      else {
        auto pylock = report::plan_pylock(plan);
        if (!pylock) {
          context.error(pylock.error());
          context.status = ExitStatus::Findings;
          return;
        }
        out = *pylock;
      }
      std::string error;
      if (!context.write_output(out, &error)) {
        context.error(error);
        context.status = ExitStatus::Usage;
        return;
      }
      context.status = ExitStatus::Success;
      return;
    }
    report::Document document = report::plan_document(plan, run->label, context.options.verbose);
    for (const Finding& f : run->findings) document.findings.push_back(f);
    ExitStatus status = finish(context, document);
    if (status == ExitStatus::Success && !plan.solved) context.status = ExitStatus::Findings;
  });
}

}  // namespace mlstack::cli
