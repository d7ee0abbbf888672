// SPDX-License-Identifier: MIT
// `mlstack scan [PATH]`: options -> project::scan_project -> scan view -> finish.
#include <memory>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/output.h"
#include "project/scan.h"
#include "report/scan_view.h"

namespace mlstack::cli {

namespace {

struct ScanCommandOptions {
  std::string path = ".";
  bool no_docs = false;
  bool no_scripts = false;
  std::uint64_t max_file_mib = 16;
};

}  // namespace

void add_scan_command(CLI::App& parent, Context& context, const CommandSpec& spec) {
  auto options = std::make_shared<ScanCommandOptions>();
  CLI::App* verb = parent.add_subcommand(spec.name, spec.summary);
  verb->add_option("path", options->path, "Project folder, or one manifest file (default: .)")->option_text("PATH");
  verb->add_flag("--no-docs", options->no_docs, "Do not read install commands in README/docs Markdown");
  verb->add_flag("--no-scripts", options->no_scripts, "Do not read shell scripts and Dockerfiles");
  verb->add_option("--max-file-size", options->max_file_mib, "Largest manifest read, in MiB (default 16)")
      ->option_text("MIB")
      ->check(CLI::Range(1, 4096));
  verb->footer(
      "Reads pyproject.toml (PEP 621/735, Poetry, uv, pdm), requirements and constraints files, setup.cfg,\n"
      "environment.yml, shell scripts, Dockerfiles and Markdown code blocks. Nothing is run or imported.\n"
      "Exit 2 when an input could not be read (a finding names its file and line).");
  verb->callback([&context, options] {
    project::ScanOptions scan_options;
    scan_options.read_markdown = !options->no_docs;
    scan_options.read_scripts = !options->no_scripts;
    scan_options.max_file_bytes = options->max_file_mib << 20;
    auto result = project::scan_project(options->path, scan_options);
    if (!result) {
      context.error(result.error());
      context.status = ExitStatus::Usage;
      return;
    }
    finish(context, report::scan_document(*result));
  });
}

}  // namespace mlstack::cli
