// SPDX-License-Identifier: MIT
// `mlstack diff A B`: options -> check::diff_command -> view -> finish.
#include <memory>

#include <CLI/CLI.hpp>

#include "check/check_project.h"
#include "cli/commands.h"
#include "cli/index_session.h"
#include "cli/output.h"
#include "report/check_view.h"

namespace mlstack::cli {

void add_diff_command(CLI::App& parent, Context& context, const CommandSpec& spec) {
  auto options = std::make_shared<check::DiffOptions>();
  CLI::App* verb = parent.add_subcommand(spec.name, spec.summary);
  verb->add_option("A", options->a, "First stack: manifest, install script, README, lock, saved env (.json), site-packages or venv")
      ->required();
  verb->add_option("B", options->b, "Second stack, of any of the same kinds")->required();
  verb->add_option("--target", options->target,
                   "Machine to judge file-based stacks on: python=3.10,cuda=12.1,sm=86,abi=0")
      ->option_text("SPEC");
  verb->add_option("--kb", options->kb_dir, "Knowledge-base folder whose *.toml replace the built-in files")
      ->option_text("DIR");
  verb->callback([&context, options] {
    env::RealSystem system;
    IndexSession session(context);
    options->index = index_factory(session);
    auto report = check::diff_command(system, *options);
    if (!report) {
      context.error(report.error());
      context.status = ExitStatus::Usage;
      return;
    }
    finish(context, report::diff_document(*report));
  });
}

}  // namespace mlstack::cli
