// SPDX-License-Identifier: MIT
// `mlstack scan [PATH]`: options -> project::scan_project -> scan view -> finish.
#include <memory>
#include <optional>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/output.h"
#include "env/installed_packages.h"
#include "env/system.h"
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
  env::EnvRequest env;     // --site / --python
  std::string env_file;    // --env-file
  bool find_env = false;   // --env
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
  auto* no_code =
      verb->add_flag("--no-code", options->no_code, "Do not read the Python sources (imports, flags, documented commands)");
  verb->add_option("--entry", options->entries,
                   "Entry file, console script (pkg.cli:main) or -m module whose file graph to show (repeatable; "
                   "default: console scripts and __main__ modules); with --format dot, the graph")
      ->option_text("FILE");
  // An installed environment is read only when asked for: the scan of a
  // project must not change with the shell it runs in.
  auto* site = verb->add_option("--site", options->env.site_dirs,
                                "Also read this site-packages folder (repeatable): import names from its RECORD files and "
                                "its Requires-Dist graph (scan.transitive-only)")
                   ->option_text("DIR")
                   ->excludes(no_code);
  auto* python = verb->add_option("--python", options->env.python,
                                  "Also read the environment of this interpreter (run once, isolated, with a fixed snippet)")
                     ->option_text("EXE")
                     ->excludes(site)
                     ->excludes(no_code);
  auto* file = verb->add_option("--env-file", options->env_file, "Also read a saved environment (`mlstack env --format json`)")
                   ->option_text("FILE")
                   ->excludes(site)
                   ->excludes(python)
                   ->excludes(no_code);
  verb->add_flag("--env", options->find_env,
                 "Also read the environment `mlstack env` would find ($VIRTUAL_ENV, $CONDA_PREFIX, ./.venv, python3 on PATH)")
      ->excludes(site)
      ->excludes(python)
      ->excludes(file)
      ->excludes(no_code);
  verb->footer(
      "Reads pyproject.toml (PEP 621/735, Poetry, uv, pdm), requirements and constraints files, setup.cfg,\n"
      "environment.yml, shell scripts, Dockerfiles and Markdown code blocks. Nothing is run or imported.\n"
      "No installed environment is read unless --site, --python, --env-file or --env names one.\n"
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
    document.root = project_root(options->path);
    project::CodeScan code;
    if (!options->no_code) {
      std::optional<env::ScanEnvironment> environment;
      if (!options->env_file.empty()) {
        environment = env::load_scan_environment(options->env_file);
      } else if (options->find_env || !options->env.site_dirs.empty() || !options->env.python.empty()) {
        env::RealSystem system;
        environment = env::read_scan_environment(system, options->env);
      }
      project::CodeScanOptions code_options{options->entries, environment ? &environment->packages : nullptr};
      code = project::scan_code(options->path, *result, code_options);
      if (environment) document.findings.insert(document.findings.end(), environment->findings.begin(), environment->findings.end());
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
