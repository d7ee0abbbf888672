// SPDX-License-Identifier: MIT
// `mlstack scan [PATH]`: options -> project::scan_project -> scan view -> finish.
#include <memory>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/output.h"
#include "project/code_scan.h"
#include "project/scan.h"
#include "report/code_view.h"
#include "report/scan_view.h"

namespace mlstack::cli {

namespace {

struct ScanCommandOptions {
  std::string path = ".";
  bool no_docs = false;
  bool no_scripts = false;
  std::uint64_t max_file_mib = 16;
  bool no_code = false;
  std::vector<std::string> entries;
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
  verb->add_flag("--no-code", options->no_code, "Do not read the Python sources (imports, flags, documented commands)");
  verb->add_option("--entry", options->entries,
                   "Entry file, console script (pkg.cli:main) or -m module whose file graph to show (repeatable; "
                   "default: console scripts and __main__ modules); with --format dot, the graph")
      ->option_text("FILE");
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
    report::Document document = report::scan_document(*result);
    project::CodeScan code;
    if (!options->no_code) {
      code = project::scan_code(options->path, *result, project::CodeScanOptions{options->entries});
      report::add_code_sections(document, code);
    }
    if (context.options.format == Format::Dot) {
      std::string error;
      if (!context.write_output(report::code_dot(code), &error)) {
        context.error(error);
        context.status = ExitStatus::Usage;
      }
      return;
    }
    finish(context, document);
  });
}

}  // namespace mlstack::cli
