// SPDX-License-Identifier: MIT
// `mlstack why PKG [PATH]`: options -> check::why_command -> view -> finish.
#include <memory>
#include <optional>

#include <CLI/CLI.hpp>

#include "core/trace.h"

#include "check/why.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "report/check_view.h"

namespace mlstack::cli {

void add_environment_options(CLI::App& verb, env::InspectOptions& env, std::string& env_file, bool& no_env);

void add_why_command(CLI::App& parent, Context& context, const CommandSpec& spec) {
  auto options = std::make_shared<check::WhyOptions>();
  auto no_env = std::make_shared<bool>(false);
  CLI::App* verb = parent.add_subcommand(spec.name, spec.summary);
  verb->add_option("PKG", options->package, "The package to explain")->required();
  verb->add_option("PATH", options->path, "Project folder or manifest (default: .)");
  add_environment_options(*verb, options->env, options->env_file, *no_env);
  verb->add_option("--kb", options->kb_dir, "Knowledge-base folder whose *.toml replace the built-in files")
      ->option_text("DIR");
  verb->callback([&context, options, no_env] {
    options->read_env = !*no_env;
    env::RealSystem system;
    show_commands_run(system, context);
    std::optional<trace::Phase> phase(std::in_place, "why");
    auto report = check::why_command(system, *options);
    phase.reset();
    if (!report) {
      context.error(report.error());
      context.status = ExitStatus::Usage;
      return;
    }
    finish(context, report::why_document(*report));
  });
}

}  // namespace mlstack::cli
