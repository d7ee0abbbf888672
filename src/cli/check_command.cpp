// SPDX-License-Identifier: MIT
// `mlstack check [PATH]`: options -> check::check_project -> view -> finish.
#include <memory>

#include <CLI/CLI.hpp>

#include "check/check_project.h"
#include "cli/commands.h"
#include "cli/index_session.h"
#include "cli/output.h"
#include "report/check_view.h"

namespace mlstack::cli {

// --site / --python / --env-file / --no-env, shared by check and why.
void add_environment_options(CLI::App& verb, env::InspectOptions& env, std::string& env_file, bool& no_env) {
  auto* site = verb.add_option("--site", env.request.site_dirs, "Check this site-packages folder (repeatable)")
                   ->option_text("DIR");
  auto* python = verb.add_option("--python", env.request.python, "Check the environment of this interpreter")
                     ->option_text("EXE")
                     ->excludes(site);
  auto* file = verb.add_option("--env-file", env_file, "Check a saved environment (`mlstack env --format json`)")
                   ->option_text("FILE")
                   ->excludes(site)
                   ->excludes(python);
  verb.add_flag("--no-env", no_env, "Read no environment: check the project's own pins only")
      ->excludes(site)
      ->excludes(python)
      ->excludes(file);
}

void add_check_command(CLI::App& parent, Context& context, const CommandSpec& spec) {
  auto options = std::make_shared<check::CheckOptions>();
  auto no_env = std::make_shared<bool>(false);
  auto no_binaries = std::make_shared<bool>(false);
  CLI::App* verb = parent.add_subcommand(spec.name, spec.summary);
  verb->add_option("PATH", options->path, "Project folder or manifest (default: .)");
  add_environment_options(*verb, options->env, options->env_file, *no_env);
  verb->add_option("--target", options->target,
                   "Judge the project's pins on this machine instead, and the installed modules' GPU code on its sm "
                   "and driver: python=3.10,cuda=12.1,sm=86,abi=0")
      ->option_text("SPEC");
  verb->add_option("--kb", options->kb_dir, "Knowledge-base folder whose *.toml replace the built-in files")
      ->option_text("DIR");
  verb->add_flag("--no-binaries", *no_binaries, "Do not analyse the environment's extension modules and shared libraries (ELF, CUDA fatbins)");
  verb->footer("Rules and their fixes: docs/rules.md. Exit 1 when findings reach --fail-on (default error).");
  verb->callback([&context, options, no_env, no_binaries] {
    options->read_env = !*no_env;
    options->binaries = !*no_binaries;
    env::RealSystem system;
    IndexSession session(context);
    options->index = index_factory(session);
    auto report = check::check_project(system, *options);
    if (!report) {
      context.error(report.error());
      context.status = ExitStatus::Usage;
      return;
    }
    report::Document document = report::check_document(*report);
    document.root = project_root(options->path);
    finish(context, document);
  });
}

}  // namespace mlstack::cli
