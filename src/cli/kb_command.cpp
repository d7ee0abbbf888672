// SPDX-License-Identifier: MIT
// `mlstack kb`: show the knowledge base and answer questions from it.
//   mlstack kb [list]                          tables, row counts, files read
//   mlstack kb show TABLE [--filter F]...      one table, with each row's source
//   mlstack kb torch 2.3.0                     a torch release and its variants
//   mlstack kb cuda 12.1 | driver 535.104.05   minimum driver / highest CUDA
//   mlstack kb ptx [9.0]                       CUDA / driver that JIT-compiles a PTX ISA
//   mlstack kb gpu "RTX 4090" | gpu sm_86      architecture and features
//   mlstack kb flash-attn 2.5.8                the prebuilt wheel matrix
//   mlstack kb package transformers [4.56.2]   known releases and dates
//   mlstack kb constraints NAME VERSION [--tag cp310-cp310-linux_x86_64]
// Every form takes --kb DIR: *.toml files there replace the built-in ones.
#include <memory>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/output.h"
#include "core/trace.h"
#include "kb/loader.h"
#include "report/kb_view.h"

namespace mlstack::cli {

namespace {

struct KbOptions {
  std::string kb_dir;
  std::string table;
  std::vector<std::string> filters;
  std::string subject;  // version, GPU name or package name
  std::string version;
  std::vector<std::string> tags;
};

kb::LoadResult load(const KbOptions& options) {
  trace::Phase phase("kb: load");
  kb::LoadResult loaded = options.kb_dir.empty() ? kb::load_embedded() : kb::load_with_overrides(options.kb_dir);
  if (trace::enabled())
    trace::note("kb", options.kb_dir.empty() ? std::string("the built-in files") : "the built-in files, then " + options.kb_dir + "/*.toml");
  return loaded;
}

std::optional<pep::Version> parse_version(Context& context, const std::string& what, const std::string& text) {
  auto version = pep::Version::parse(text);
  if (!version) {
    context.error(fmt::format("{} `{}` is not a valid version: {}", what, text, version.error().message));
    context.status = ExitStatus::Usage;
    return std::nullopt;
  }
  return *version;
}

// Runs `view` on the loaded kb and finishes; the one shape every form shares.
template <typename View>
void run(Context& context, const KbOptions& options, View view) {
  kb::LoadResult loaded = load(options);
  std::optional<report::Document> document = view(loaded);
  if (document) finish(context, *document);
}

void add_version_form(CLI::App& verb, Context& context, std::shared_ptr<KbOptions> options, const char* name,
                      const char* summary, const char* what,
                      report::Document (*view)(const kb::LoadResult&, const pep::Version&)) {
  CLI::App* form = verb.add_subcommand(name, summary);
  form->add_option(what, options->subject, std::string(what) + " to look up")->required();
  form->callback([&context, options, what, view] {
    auto version = parse_version(context, what, options->subject);
    if (!version) return;
    run(context, *options, [&](const kb::LoadResult& loaded) { return std::optional(view(loaded, *version)); });
  });
}

}  // namespace

void add_kb_command(CLI::App& parent, Context& context, const CommandSpec& spec) {
  auto options = std::make_shared<KbOptions>();
  CLI::App* verb = parent.add_subcommand(spec.name, spec.summary);
  verb->fallthrough();
  verb->require_subcommand(0, 1);
  verb->add_option("--kb", options->kb_dir,
                   "Directory of kb *.toml files that replace the built-in ones of the same name")
      ->option_text("DIR");
  verb->footer("With no form, `mlstack kb` lists the tables. Every row carries the source it was researched from.");

  CLI::App* list = verb->add_subcommand("list", "List the tables, their files and row counts");
  list->callback([&context, options] {
    run(context, *options, [](const kb::LoadResult& loaded) { return std::optional(report::kb_list_view(loaded)); });
  });

  CLI::App* show = verb->add_subcommand("show", "Show one table, each row with its source");
  show->add_option("TABLE", options->table, "Table to show")->required()->check(CLI::IsMember(report::kb_table_names()));
  show->add_option("--filter", options->filters,
                   "Keep rows where COLUMN=VALUE (case-insensitive) or any cell contains TEXT; repeatable")
      ->option_text("COLUMN=VALUE|TEXT");
  show->callback([&context, options] {
    run(context, *options, [&](const kb::LoadResult& loaded) -> std::optional<report::Document> {
      auto document = report::kb_show_view(loaded, options->table, options->filters);
      if (!document) {
        context.error(document.error());
        context.status = ExitStatus::Usage;
        return std::nullopt;
      }
      return std::move(*document);
    });
  });

  add_version_form(*verb, context, options, "torch", "A torch release: Python, CUDA variants, companions, ABI, kernels",
                   "VERSION", report::kb_torch_view);
  add_version_form(*verb, context, options, "cuda", "A CUDA toolkit version and the drivers it needs", "CUDA",
                   report::kb_cuda_view);
  CLI::App* driver = verb->add_subcommand("driver", "The highest CUDA version an NVIDIA driver supports");
  driver->add_option("DRIVER", options->subject, "Driver version, as nvidia-smi prints it")->required();
  driver->callback([&context, options] {
    auto version = parse_version(context, "DRIVER", options->subject);
    if (!version) return;
    run(context, *options, [&](const kb::LoadResult& loaded) {
      return std::optional(report::kb_driver_view(loaded, *version, options->subject));
    });
  });
  CLI::App* ptx = verb->add_subcommand("ptx", "The CUDA version and driver that JIT-compile a PTX ISA version");
  ptx->add_option("ISA", options->subject, "PTX ISA version (\"8.7\"); all of them when left out");
  ptx->callback([&context, options] {
    std::optional<pep::Version> isa;
    if (!options->subject.empty()) {
      isa = parse_version(context, "ISA", options->subject);
      if (!isa) return;
    }
    run(context, *options, [&](const kb::LoadResult& loaded) { return std::optional(report::kb_ptx_view(loaded, isa)); });
  });
  add_version_form(*verb, context, options, "flash-attn", "The prebuilt flash-attn wheels of one release", "VERSION",
                   report::kb_flash_attn_view);

  CLI::App* gpu = verb->add_subcommand("gpu", "A GPU by name (\"RTX 4090\") or compute capability (8.6, sm_86)");
  gpu->add_option("GPU", options->subject, "GPU name or compute capability")->required();
  gpu->callback([&context, options] {
    run(context, *options, [&](const kb::LoadResult& loaded) {
      return std::optional(report::kb_gpu_view(loaded, options->subject));
    });
  });

  CLI::App* package = verb->add_subcommand("package", "Known releases of a package, or whether one version exists");
  package->add_option("NAME", options->subject, "Package name")->required();
  package->add_option("VERSION", options->version, "Version to look up");
  package->callback([&context, options] {
    std::optional<pep::Version> version;
    if (!options->version.empty()) {
      version = parse_version(context, "VERSION", options->version);
      if (!version) return;
    }
    run(context, *options, [&](const kb::LoadResult& loaded) {
      return std::optional(report::kb_package_view(loaded, options->subject, version));
    });
  });

  CLI::App* constraints = verb->add_subcommand(
      "constraints", "What the knowledge base derives for one distribution (PEP 508, with virtual packages)");
  constraints->add_option("NAME", options->subject, "Distribution name")->required();
  constraints->add_option("VERSION", options->version, "Version, with its local label (2.5.8+cu122torch2.3cxx11abiFALSE)")
      ->required();
  constraints->add_option("--tag", options->tags, "Wheel tag or compressed tag set, e.g. cp310-cp310-linux_x86_64; repeatable")
      ->option_text("TAG");
  constraints->callback([&context, options] {
    auto version = parse_version(context, "VERSION", options->version);
    if (!version) return;
    std::vector<pep::Tag> tags;
    for (const std::string& text : options->tags) {
      auto set = pep::parse_tag_set(text);  // a compressed set expands ("cp310-cp310-manylinux_2_17_x86_64.manylinux2014_x86_64")
      if (!set) {
        context.error(fmt::format("--tag `{}` is not a wheel tag: {}", text, set.error().message));
        context.status = ExitStatus::Usage;
        return;
      }
      tags.insert(tags.end(), set->begin(), set->end());
    }
    run(context, *options, [&](const kb::LoadResult& loaded) {
      return std::optional(report::kb_constraints_view(loaded, options->subject, *version, tags));
    });
  });

  verb->callback([&context, options, verb] {
    if (!verb->get_subcommands().empty()) return;
    run(context, *options, [](const kb::LoadResult& loaded) { return std::optional(report::kb_list_view(loaded)); });
  });
}

}  // namespace mlstack::cli
