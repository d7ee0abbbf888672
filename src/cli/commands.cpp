// SPDX-License-Identifier: MIT
#include "cli/commands.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

namespace mlstack::cli {

void add_unavailable_command(CLI::App& parent, Context& context, const CommandSpec& spec) {
  CLI::App* verb = parent.add_subcommand(spec.name, spec.summary);
  verb->allow_extras();
  verb->footer("This command is not available yet in this version of mlstack.");
  verb->callback([&context, &spec] {
    context.error(fmt::format("`mlstack {}` is not available yet in this version of mlstack", spec.name));
    context.status = ExitStatus::Usage;
  });
}

namespace {

// name, summary, how it registers. Keep in the order DESIGN.md lists the verbs.
const CommandSpec k_commands[] = {
    {"scan", "Read a project: declared, build-time and optional dependencies, and what drifts", add_scan_command},
    {"env", "Read an installed environment and the machine (GPU, driver, CUDA, libc)", add_env_command},
    {"check", "Check project, environment and machine against each other and the knowledge base", add_check_command},
    {"diff", "Compare two stacks: manifests, scripts, locks or environments", add_diff_command},
    {"plan", "Pick a consistent, installable stack for a target machine", add_plan_command},
    {"report", "Write all of the above as one document: Markdown, HTML, JSON or SARIF", add_report_command},
    {"fit", "Will a model's weights fit a GPU: exact parameters and bytes from its safetensors headers", add_fit_command},
    {"index", "Show a package's versions, files and dependencies across the configured indexes", add_index_command},
    {"cache", "Show or clean the HTTP cache of package-index answers (dir, clean)", add_cache_command},
    {"why", "Explain the constraints and facts that bear on one package", add_why_command},
    {"kb", "Show the knowledge base and answer questions from it: torch, CUDA, GPUs, flash-attn wheels", add_kb_command},
    {"pep", "Answer packaging-standard questions: versions, specifiers, markers, wheels", add_pep_command},
};

}  // namespace

const CommandSpec* command_table(std::size_t* count) {
  *count = std::size(k_commands);
  return k_commands;
}

}  // namespace mlstack::cli
