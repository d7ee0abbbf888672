// SPDX-License-Identifier: MIT
// `mlstack env [--site DIR | --python EXE]`: options -> env::inspect -> view -> finish.
#include <memory>
#include <optional>

#include <CLI/CLI.hpp>

#include "core/trace.h"

#include "cli/commands.h"
#include "cli/output.h"
#include "env/inspect.h"
#include "binary/elf_file.h"
#include "check/binaries.h"
#include "check/check_project.h"
#include "env/system.h"
#include "report/binaries_view.h"
#include "report/env_view.h"

namespace mlstack::cli {

void add_env_command(CLI::App& parent, Context& context, const CommandSpec& spec) {
  auto options = std::make_shared<env::InspectOptions>();
  auto no_tools = std::make_shared<bool>(false);
  auto binaries = std::make_shared<bool>(false);
  auto kb_dir = std::make_shared<std::string>();
  CLI::App* verb = parent.add_subcommand(spec.name, spec.summary);
  auto* site = verb->add_option("--site", options->request.site_dirs,
                                "Read this site-packages folder (repeatable) instead of finding the environment")
                   ->option_text("DIR");
  verb->add_option("--python", options->request.python,
                   "Read this interpreter's environment (from its files; run once, isolated, only when they do not say)")
      ->option_text("EXE")
      ->excludes(site);
  verb->add_flag("--no-tools", *no_tools, "Run no program (nvidia-smi, nvcc): read files only");
  verb->add_flag("--binaries", *binaries,
                 "Also read every extension module and shared library of the site folders: needed libraries, "
                 "undefined symbols, glibc/libstdc++ needs, C++ ABI, CUDA kernels (docs/binary.md)");
  verb->add_option("--kb", *kb_dir, "With --binaries: knowledge-base folder whose *.toml replace the built-in files")
      ->option_text("DIR");
  verb->footer(
      "Without --site or --python: $VIRTUAL_ENV, $CONDA_PREFIX, ./.venv, then python3 on PATH.\n"
      "Overrides for saved machines: MLSTACK_PROC_ROOT, MLSTACK_NVIDIA_SMI, CUDA_HOME.");
  verb->callback([&context, options, no_tools, binaries, kb_dir] {
    options->machine.run_tools = !*no_tools;
    env::RealSystem system;
    show_commands_run(system, context);
    env::EnvReport report = env::inspect(system, *options);
    std::optional<trace::Phase> view(std::in_place, "view");
    report::Document document = report::env_document(report, context.options.format == Format::Json);
    view.reset();
    if (*binaries) {
      // The kb says which driver a module's PTX needs (docs/binary.md).
      std::optional<trace::Phase> phase(std::in_place, "kb");
      kb::KnowledgeBase kb = check::load_kb(*kb_dir, document.findings);
      phase.emplace("binaries");
      Origin machine = Origin::machine(report.machine.driver ? report.machine.driver->source : "machine probe");
      check::BinaryScan scan = check::scan_binaries(report.environment, report.platform, kb, machine);
      phase.reset();
      if (trace::enabled()) trace::note("binaries", binary::describe_file_reads());
      report::add_binaries_section(document, scan);
    }
    finish(context, document);
  });
}

}  // namespace mlstack::cli
