// SPDX-License-Identifier: MIT
// The verb table. Each verb lives in its own file, cli/<verb>_command.cpp, and
// only binds options and calls one library function, then a renderer.
#pragma once

#include "cli/context.h"

namespace mlstack::cli {

struct CommandSpec {
  const char* name;
  const char* summary;
  void (*add)(CLI::App& parent, Context& context, const CommandSpec& spec);
};

// Verbs whose library is not built yet register through this: they accept
// --help and say plainly, with exit 2, that they are not available yet.
void add_unavailable_command(CLI::App& parent, Context& context, const CommandSpec& spec);


// `mlstack check`, `mlstack diff`, `mlstack why` (cli/check_command.cpp,
// cli/diff_command.cpp, cli/why_command.cpp).
void add_check_command(CLI::App& parent, Context& context, const CommandSpec& spec);
void add_diff_command(CLI::App& parent, Context& context, const CommandSpec& spec);
void add_why_command(CLI::App& parent, Context& context, const CommandSpec& spec);

// `mlstack env` (cli/env_command.cpp).
void add_env_command(CLI::App& parent, Context& context, const CommandSpec& spec);

// `mlstack fit` (cli/fit_command.cpp).
void add_fit_command(CLI::App& parent, Context& context, const CommandSpec& spec);

// `mlstack kb` (cli/kb_command.cpp).
void add_kb_command(CLI::App& parent, Context& context, const CommandSpec& spec);

// `mlstack scan` (cli/scan_command.cpp).
void add_scan_command(CLI::App& parent, Context& context, const CommandSpec& spec);

// `mlstack plan` (cli/plan_command.cpp).
void add_plan_command(CLI::App& parent, Context& context, const CommandSpec& spec);

// `mlstack report` (cli/report_command.cpp).
void add_report_command(CLI::App& parent, Context& context, const CommandSpec& spec);

// `mlstack pep` (cli/pep_command.cpp).
void add_pep_command(CLI::App& parent, Context& context, const CommandSpec& spec);

// `mlstack index`, `mlstack cache` (cli/index_command.cpp).
void add_index_command(CLI::App& parent, Context& context, const CommandSpec& spec);
void add_cache_command(CLI::App& parent, Context& context, const CommandSpec& spec);

// All verbs, in the order `mlstack --help` lists them.
const CommandSpec* command_table(std::size_t* count);

}  // namespace mlstack::cli
