// SPDX-License-Identifier: MIT
#include "cli/app.h"

#include <exception>
#include <iostream>
#include <algorithm>
#include <map>
#include <string_view>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/index_session.h"
#include "core/edit_distance.h"
#include "core/trace.h"
#include "mlstack/build_info.h"

namespace mlstack::cli {
namespace {

std::string suggestion(const std::string& word) {
  std::size_t count = 0;
  const CommandSpec* table = command_table(&count);
  std::string best;
  std::size_t best_distance = 3;
  for (std::size_t i = 0; i < count; ++i) {
    std::size_t d = edit_distance(word, table[i].name);
    if (d < best_distance) {
      best_distance = d;
      best = table[i].name;
    }
  }
  return best;
}

// The first argument that is neither an option nor the value of a global
// option that takes one.
const char* first_bare_word(int argc, char** argv) {
  static const std::string_view with_value[] = {"--format", "-o", "--output", "--color", "--fail-on", "--index-url",
                                                "--extra-index-url", "--find-links", "--index-mirror", "--cache-dir",
                                                "--cert"};
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg.starts_with("-")) {
      if (std::find(std::begin(with_value), std::end(with_value), arg) != std::end(with_value)) ++i;
      continue;
    }
    return argv[i];
  }
  return nullptr;
}

void add_global_options(CLI::App& app, GlobalOptions& options) {
  static const std::map<std::string, Format> formats = {
      {"text", Format::Text}, {"json", Format::Json}, {"markdown", Format::Markdown}, {"dot", Format::Dot},
      {"html", Format::Html}, {"sarif", Format::Sarif}, {"requirements", Format::Requirements},
      {"pylock", Format::Pylock}, {"commands", Format::Commands}};
  static const std::map<std::string, Severity> severities = {
      {"error", Severity::Error}, {"warning", Severity::Warning}, {"info", Severity::Info}};
  app.add_option("--format", options.format,
                 "Output format: text, json, markdown, html (one offline file), sarif (findings for CI); dot where a "
                 "verb has a graph; requirements, pylock, commands for plan")
      ->transform(CLI::CheckedTransformer(formats, CLI::ignore_case))
      ->option_text("FORMAT")
      ->group("Global options");
  app.add_option("-o,--output", options.output, "Write the output to FILE instead of stdout")
      ->option_text("FILE")
      ->group("Global options");
  app.add_option("--color", options.color, "Colour: auto (default: on a terminal, off with NO_COLOR), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->option_text("WHEN")
      ->group("Global options");
  app.add_option("--fail-on", options.fail_on, "Exit 1 when findings at or above this severity exist (default error)")
      ->transform(CLI::CheckedTransformer(severities, CLI::ignore_case))
      ->option_text("SEVERITY")
      ->group("Global options");
  app.add_flag("-q,--quiet", options.quiet, "Print only errors on stderr")->group("Global options");
  app.add_flag("-v,--verbose", options.verbose, "Print progress and timings on stderr")->group("Global options");
  add_index_options(app, options);
}

}  // namespace

int run(int argc, char** argv) {
  Context context;
  CLI::App app{"mlstack: read a Python ML project, its environment and the machine; say what is broken and why.",
               "mlstack"};
  app.set_version_flag("-V,--version", fmt::format("mlstack {}", k_version), "Print the version and exit");
  app.require_subcommand(1, 1);
  app.fallthrough();  // global options are accepted after the verb too
  add_global_options(app, context.options);
  app.footer("Exit status: 0 clean, 1 findings at or above --fail-on, 2 bad usage or unreadable input.\n"
             "Run `mlstack VERB --help` for a verb's options.\n");

  std::size_t count = 0;
  const CommandSpec* table = command_table(&count);
  for (std::size_t i = 0; i < count; ++i) table[i].add(app, context, table[i]);
  // --verbose turns the trace on once options are parsed, before the verb
  // runs; its phase table closes the command (src/core/trace.h).
  app.parse_complete_callback([&context] {
    if (context.options.verbose) trace::enable(stderr);
  });
  struct Summary {
    ~Summary() {
      if (trace::enabled()) trace::print_summary(stderr);
    }
  } summary;

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::string message = e.what();
    if (app.get_subcommands().empty()) {
      // With no verb recognised, the first bare word is most often a mistyped verb.
      if (const char* word = first_bare_word(argc, argv)) {
        std::string near = suggestion(word);
        message = fmt::format("unknown command `{}`", word);
        if (!near.empty()) message += fmt::format(" (did you mean `{}`?)", near);
      } else {
        message = "no command given";
      }
    }
    std::cerr << "error: " << message << "\n\nRun `mlstack --help` for usage.\n";
    return static_cast<int>(ExitStatus::Usage);
  } catch (const std::exception& e) {
    // The one place exceptions are caught: a library bug or an unexpected I/O failure.
    std::cerr << "error: " << e.what() << '\n';
    return static_cast<int>(ExitStatus::Usage);
  }
  return static_cast<int>(context.status);
}

}  // namespace mlstack::cli
