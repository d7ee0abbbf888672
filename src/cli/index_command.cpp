// SPDX-License-Identifier: MIT
// `mlstack index PKG[SPEC]... [--target SPEC] [--torch VERSION] [--project PATH]`:
// options -> index::query_packages -> view -> finish.
#include <memory>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "check/check_project.h"
#include "check/stack.h"
#include "cli/commands.h"
#include "cli/index_session.h"
#include "cli/output.h"
#include "core/keep_until_exit.h"
#include "core/trace.h"
#include "project/scan.h"
#include "report/index_view.h"

namespace mlstack::cli {
namespace {

struct IndexCommandOptions {
  std::vector<std::string> requirements;
  std::string target;
  std::string torch;
  std::string project;
  std::string kb_dir;
};

}  // namespace

void add_index_command(CLI::App& parent, Context& context, const CommandSpec& spec) {
  auto options = std::make_shared<IndexCommandOptions>();
  CLI::App* verb = parent.add_subcommand(spec.name, spec.summary);
  verb->add_option("PKG", options->requirements, "Packages, each with an optional specifier: torch==2.3.1, \"transformers>=4.40\"")
      ->required();
  verb->add_option("--target", options->target,
                   "Say which files install on this machine: python=3.11,glibc=2.31[,arch=aarch64][,abi=0]")
      ->option_text("SPEC");
  verb->add_option("--torch", options->torch, "flash-attn: list the prebuilt wheels the kb predicts for this torch (2.3.1+cu121)")
      ->option_text("VERSION");
  verb->add_option("--project", options->project, "Also read the indexes this project's files declare")->option_text("PATH");
  verb->add_option("--kb", options->kb_dir, "Knowledge-base folder whose *.toml replace the built-in files")->option_text("DIR");
  verb->footer("Indexes: extra indexes first, then the default (PyPI unless --index-url); the first that has a package "
               "serves it. Details: docs/index.md.");
  verb->callback([&context, options] {
    index::IndexQuery query;
    query.requirements = options->requirements;
    if (!options->target.empty()) {
      auto target = check::parse_target(options->target);
      if (!target) {
        context.error(fmt::format("--target: {}", target.error()));
        context.status = ExitStatus::Usage;
        return;
      }
      query.target = *target;
    }
    if (!options->torch.empty()) {
      auto torch = pep::Version::parse(options->torch);
      if (!torch) {
        context.error(fmt::format("--torch {}: not a version", options->torch));
        context.status = ExitStatus::Usage;
        return;
      }
      query.torch = *torch;
    }
    std::vector<project::IndexEntry> declared;
    std::vector<Finding> findings;
    if (!options->project.empty()) {
      auto scan = project::scan_project(options->project);
      if (!scan) {
        context.error(scan.error());
        context.status = ExitStatus::Usage;
        return;
      }
      for (const auto& manifest : scan->manifests)
        for (const auto& entry : manifest.indexes) declared.push_back(entry);
    }
    IndexSession session(context);
    auto client = session.client(declared);
    if (!client) {
      context.error(client.error());
      context.status = ExitStatus::Usage;
      return;
    }
    // The kb serves one thing here, flash-attn's wheel matrix for --torch;
    // parsing it costs a warm lookup of 100 packages an eighth of its time.
    kb::KnowledgeBase kb;
    if (!options->torch.empty() || !options->kb_dir.empty()) kb = check::load_kb(options->kb_dir, findings);
    auto reports = index::query_packages(**client, kb, query);
    report::IndexViewOptions view{context.options.verbose, query.target.has_value()};
    std::optional<trace::Phase> phase(std::in_place, "index: view");
    report::Document document = report::index_document(reports, view);
    phase.reset();
    for (auto& f : findings) document.findings.push_back(std::move(f));
    finish(context, document);
    // The pages, reports and document die with the process: freeing them one
    // by one cost a warm lookup of 100 packages ~8 % of its time.
    keep_until_exit(std::move(*client));
    keep_value_until_exit(std::move(reports));
    keep_value_until_exit(std::move(document));
  });
}

void add_cache_command(CLI::App& parent, Context& context, const CommandSpec& spec) {
  auto action = std::make_shared<std::string>();
  CLI::App* verb = parent.add_subcommand(spec.name, spec.summary);
  verb->add_option("ACTION", *action, "dir: where the cache is and what it holds; clean: remove every entry")
      ->required()
      ->check(CLI::IsMember({"dir", "clean"}));
  verb->callback([&context, action] {
    IndexSession session(context);
    index::HttpCache* cache = session.cache();
    index::CacheStats stats;
    if (cache && *action == "clean") {
      auto removed = cache->clean();
      if (!removed) {
        context.error(removed.error());
        context.status = ExitStatus::Usage;
        return;
      }
      stats = *removed;
    } else if (cache) {
      stats = cache->stats();
    }
    if (*action == "dir" && context.options.format == Format::Text) {
      // `mlstack cache dir` prints the folder alone, for scripts ($(mlstack cache dir)), as `uv cache dir` does.
      std::string error;
      if (!context.write_output(session.cache_dir() + "\n", &error)) {
        context.error(error);
        context.status = ExitStatus::Usage;
      }
      return;
    }
    finish(context, report::cache_document(*action, session.cache_dir(), stats));
  });
}

}  // namespace mlstack::cli
