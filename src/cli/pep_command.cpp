// SPDX-License-Identifier: MIT
// `mlstack pep version|compare|specifier|marker|requirement|wheel`: quick
// questions about the packaging standards, from arguments or, with --jsonl,
// one JSON object per stdin line answered by one JSON line on stdout.
#include <sys/utsname.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <cstdlib>
#include <memory>
#include <optional>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/output.h"
#include "cli/pep_batch.h"
#include "core/trace.h"
#include "env/python_discovery.h"
#include "env/python_layout.h"
#include "env/system.h"
#include "pep/query.h"

namespace mlstack::cli {

namespace {

using nlohmann::json;

struct PepOptions {
  bool jsonl = false;
  std::vector<std::string> args;
  std::string prereleases;            // "", "true", "false"
  std::vector<std::string> env;       // KEY=VALUE
  std::string python, glibc, musl, arch, os, abi;
};

// The release of python3 on PATH, read from its installation's files the
// way `mlstack env` finds it (through pyenv shims; nothing is run).
std::optional<pep::Version> host_python_version() {
  env::RealSystem system;
  auto hit = env::find_python_on_path(system, "python3", system.current_dir());
  if (!hit || !hit->unresolved.empty()) return std::nullopt;
  auto layout = env::read_python_layout(system, hit->interpreter);
  if (!layout) return std::nullopt;
  if (auto version = pep::Version::parse(layout->version)) return *version;
  return std::nullopt;
}

// This machine's marker variables: uname for the OS, python3 for Python.
pep::MarkerEnvironment host_environment() {
  pep::Platform platform;
  struct utsname u {};
  ::uname(&u);
  std::string system = u.sysname;
  platform.os = system == "Linux" ? "linux" : system == "Darwin" ? "macos" : system;
  platform.arch = u.machine;
  platform.python_version = host_python_version();
  pep::MarkerEnvironment env = pep::marker_environment(platform);
  env.values["platform_system"] = system;
  env.values["platform_release"] = u.release;
  env.values["platform_version"] = u.version;
  if (env.values.count("python_version") == 0) {
    // Without a Python there is nothing to default to; such markers fail loudly.
    env.values.erase("implementation_version");
  }
  return env;
}

// The JSON input of one question, from the sub-verb's arguments.
json input_from_args(pep::QueryKind kind, const PepOptions& o) {
  auto arg = [&](std::size_t i) { return i < o.args.size() ? json(o.args[i]) : json(nullptr); };
  switch (kind) {
    case pep::QueryKind::Version: return {{"version", arg(0)}};
    case pep::QueryKind::Compare: return {{"a", arg(0)}, {"b", arg(1)}};
    case pep::QueryKind::Specifier: {
      json pre = o.prereleases.empty() ? json(nullptr) : json(o.prereleases == "true");
      return {{"specifier", arg(0)}, {"version", arg(1)}, {"prereleases", pre}};
    }
    case pep::QueryKind::Marker: {
      json env = json::object();
      for (const std::string& pair : o.env) {
        auto eq = pair.find('=');
        env[pair.substr(0, eq)] = eq == std::string::npos ? "" : pair.substr(eq + 1);
      }
      return {{"marker", arg(0)}, {"environment", env}};
    }
    case pep::QueryKind::Requirement: return {{"requirement", arg(0)}};
    case pep::QueryKind::Wheel: {
      json in = {{"filename", arg(0)}};
      json target = json::object();
      if (!o.python.empty()) target["python"] = o.python;
      if (!o.glibc.empty()) target["libc_version"] = o.glibc;
      if (!o.musl.empty()) {
        target["libc"] = "musl";
        target["libc_version"] = o.musl;
      }
      if (!o.arch.empty()) target["arch"] = o.arch;
      if (!o.os.empty()) target["os"] = o.os;
      if (!o.abi.empty()) target["abi"] = o.abi;
      if (!target.empty()) in["target"] = target;
      return in;
    }
  }
  return json::object();
}

std::string cell(const nlohmann::ordered_json& value) { return value.is_string() ? value.get<std::string>() : value.dump(); }

// --jsonl: every line is answered, bad ones with {"error": ...}; the batch
// goes on. Standard input is read in blocks and the answers to the lines of
// a block are written together before the next read, so a batch costs one
// write per 64 KB, and a process that writes one line and waits for its
// answer still gets it at once. With --output the file is written once, at
// the end (atomically, as every verb writes it).
void run_batch(pep::QueryKind kind, Context& context) {
  trace::Phase phase("pep: batch");
  // Only marker questions read the machine.
  pep::MarkerEnvironment defaults = kind == pep::QueryKind::Marker ? host_environment() : pep::MarkerEnvironment{};
  const bool to_stdout = context.options.output.empty();
  std::string out, pending;
  std::vector<char> buffer(64 * 1024);
  std::size_t lines = 0;
  auto flush = [&] {
    std::size_t done = 0;
    while (done < out.size()) {
      ssize_t n = ::write(STDOUT_FILENO, out.data() + done, out.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      done += static_cast<std::size_t>(n);
    }
    out.clear();
    return true;
  };
  while (true) {
    ssize_t n = ::read(STDIN_FILENO, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    std::string_view block(buffer.data(), static_cast<std::size_t>(n));
    std::size_t start = 0;
    for (std::size_t nl = block.find('\n'); nl != std::string_view::npos; nl = block.find('\n', start)) {
      std::string_view line = block.substr(start, nl - start);
      if (!pending.empty()) {
        pending.append(line);
        answer_line(kind, pending, defaults, out);
        pending.clear();
      } else {
        answer_line(kind, line, defaults, out);
      }
      ++lines;
      start = nl + 1;
    }
    pending.append(block.substr(start));
    if (to_stdout && !out.empty() && !flush()) {
      context.error(std::string("cannot write the answers: ") + std::strerror(errno));
      context.status = ExitStatus::Usage;
      return;
    }
  }
  // A last line without a newline is a line too (as std::getline reads it).
  if (!pending.empty()) {
    answer_line(kind, pending, defaults, out);
    ++lines;
  }
  if (trace::enabled()) trace::note("pep", fmt::format("{} lines answered", lines));
  std::string error;
  if (to_stdout ? !flush() : !context.write_output(out, &error)) {
    context.error(to_stdout ? std::string("cannot write the answers: ") + std::strerror(errno) : error);
    context.status = ExitStatus::Usage;
    return;
  }
  context.status = ExitStatus::Success;
}

void run_once(pep::QueryKind kind, const std::string& name, const PepOptions& options, Context& context) {
  std::optional<trace::Phase> phase(std::in_place, "pep: answer");
  pep::MarkerEnvironment defaults = kind == pep::QueryKind::Marker ? host_environment() : pep::MarkerEnvironment{};
  pep::QueryAnswer answer = pep::answer(kind, input_from_args(kind, options), defaults);
  phase.reset();
  if (answer.error) {
    context.error(answer.error->input.empty() ? answer.error->message : render(*answer.error));
    context.status = ExitStatus::Usage;
    return;
  }
  report::Document document;
  document.command = "pep";
  document.title = "mlstack pep " + name;
  report::KeyValues values;
  for (const auto& [key, value] : answer.result.items()) values.items.emplace_back(key, cell(value));
  report::Section section;
  section.title = name;
  section.blocks.push_back(std::move(values));
  document.sections.push_back(std::move(section));
  document.data = {{"question", name}, {"answer", json::parse(answer.result.dump())}};
  finish(context, document);
}

struct SubVerb {
  const char* name;
  pep::QueryKind kind;
  const char* summary;
  const char* args;  // positional argument names
  std::size_t count;
};

constexpr SubVerb k_sub_verbs[] = {
    {"version", pep::QueryKind::Version, "Parse and normalise a PEP 440 version", "VERSION", 1},
    {"compare", pep::QueryKind::Compare, "Compare two versions (-1, 0, 1)", "A B", 2},
    {"specifier", pep::QueryKind::Specifier, "Does a version satisfy a specifier set?", "SPECIFIER VERSION", 2},
    {"marker", pep::QueryKind::Marker, "Evaluate an environment marker (defaults: this machine)", "MARKER", 1},
    {"requirement", pep::QueryKind::Requirement, "Parse a PEP 508 requirement", "REQUIREMENT", 1},
    {"wheel", pep::QueryKind::Wheel, "Parse a wheel filename; with a target, is it installable?", "FILENAME", 1},
};

}  // namespace

void add_pep_command(CLI::App& parent, Context& context, const CommandSpec& spec) {
  CLI::App* verb = parent.add_subcommand(spec.name, spec.summary);
  verb->require_subcommand(1, 1);
  verb->footer("Batch mode: --jsonl reads one JSON object per line on stdin and writes one per line on stdout,\n"
               "in order; an invalid line yields {\"error\": \"...\"} and the batch goes on. See docs/pep.md.");
  for (const SubVerb& sub : k_sub_verbs) {
    auto options = std::make_shared<PepOptions>();
    CLI::App* cmd = verb->add_subcommand(sub.name, sub.summary);
    auto* positional = cmd->add_option("args", options->args, sub.args)->expected(0, static_cast<int>(sub.count));
    positional->option_text(sub.args);
    cmd->add_flag("--jsonl", options->jsonl, "Answer one JSON object per stdin line (see docs/pep.md)");
    if (sub.kind == pep::QueryKind::Specifier) {
      cmd->add_option("--prereleases", options->prereleases, "Admit pre-releases: true or false (default: PEP 440)")
          ->check(CLI::IsMember({"true", "false"}));
    }
    if (sub.kind == pep::QueryKind::Marker) {
      cmd->add_option("--env", options->env, "Set a marker variable, KEY=VALUE (repeatable)")->option_text("KEY=VALUE");
    }
    if (sub.kind == pep::QueryKind::Wheel) {
      cmd->add_option("--python", options->python, "Target Python version, e.g. 3.11.7")->option_text("VERSION");
      cmd->add_option("--glibc", options->glibc, "Target glibc version, e.g. 2.35")->option_text("VERSION");
      cmd->add_option("--musl", options->musl, "Target musl version, e.g. 1.2")->option_text("VERSION");
      cmd->add_option("--arch", options->arch, "Target CPU: x86_64 (default), aarch64, arm64, ...");
      cmd->add_option("--os", options->os, "Target OS: linux (default), macos, windows");
      cmd->add_option("--abi", options->abi, "Target ABI tag, e.g. cp313t (default: from --python)");
    }
    std::size_t count = sub.count;
    cmd->callback([&context, options, sub, count] {
      if (options->jsonl) {
        if (!options->args.empty()) {
          context.error(std::string("`mlstack pep ") + sub.name + " --jsonl` reads stdin and takes no arguments");
          context.status = ExitStatus::Usage;
          return;
        }
        run_batch(sub.kind, context);
        return;
      }
      if (options->args.size() != count) {
        context.error(std::string("`mlstack pep ") + sub.name + "` needs " + sub.args + " (or --jsonl)");
        context.status = ExitStatus::Usage;
        return;
      }
      run_once(sub.kind, sub.name, *options, context);
    });
  }
}

}  // namespace mlstack::cli
