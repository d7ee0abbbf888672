// SPDX-License-Identifier: MIT
// `mlstack report [PATH]`: options -> check::analyse -> report view -> finish.
// Markdown unless --format says otherwise (the report has no terminal form of
// its own: Markdown reads in a terminal and renders everywhere else).
#include <unistd.h>

#include <cstdio>
#include <memory>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "check/analysis.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "env/system.h"
#include "report/report_view.h"

namespace mlstack::cli {
namespace {

struct ReportCommandOptions {
  check::AnalysisOptions analysis;
  bool find_env = false;     // --env
  bool no_binaries = false;  // --no-binaries
  bool no_code = false;      // --no-code
};

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
                   "Judge the pins on this machine: python=3.10,cuda=12.1,sm=86,abi=0 (see `mlstack check --help`)")
      ->option_text("SPEC");
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
      "findings, pinning policy. No environment is read unless --env, --site, --python or --env-file names one.\n"
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
    Progress progress(!context.options.quiet && ::isatty(STDERR_FILENO) == 1);
    env::RealSystem system;
    auto analysis = check::analyse(system, analysis_options, [&progress](std::string_view step) { progress.step(step); });
    if (!analysis) {
      progress.clear();
      context.error(analysis.error());
      context.status = ExitStatus::Usage;
      return;
    }
    progress.step("writing the report");
    report::Document document = report::report_document(*analysis);
    progress.clear();
    finish(context, document);
  });
}

}  // namespace mlstack::cli
