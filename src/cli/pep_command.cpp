// SPDX-License-Identifier: MIT
// `mlstack pep version|compare|specifier|marker|requirement|wheel`: quick
// questions about the packaging standards, from arguments or, with --jsonl,
// one JSON object per stdin line answered by one JSON line on stdout.
#include <sys/utsname.h>
#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/output.h"
#include "pep/query.h"

namespace mlstack::cli {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct PepOptions {
  bool jsonl = false;
  std::vector<std::string> args;
  std::string prereleases;            // "", "true", "false"
  std::vector<std::string> env;       // KEY=VALUE
  std::string python, glibc, musl, arch, os, abi;
};

// PY_VERSION from the interpreter's patchlevel.h, found beside python3 on
// PATH (read only; nothing is run).
std::optional<pep::Version> host_python_version() {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    std::error_code ec;
    fs::path exe = fs::canonical(fs::path(dir) / "python3", ec);
    if (ec) continue;
    std::string name = exe.filename().string();  // python3.11
    if (!name.starts_with("python3.")) continue;
    fs::path header = exe.parent_path().parent_path() / "include" / name / "patchlevel.h";
    std::ifstream in(header);
    std::string line;
    while (std::getline(in, line)) {
      auto at = line.find("#define PY_VERSION ");
      if (at == std::string::npos) continue;
      auto open = line.find('"'), close = line.rfind('"');
      if (open == std::string::npos || close <= open) break;
      std::string text = line.substr(open + 1, close - open - 1);
      if (!text.empty() && text.back() == '+') text.pop_back();
      if (auto version = pep::Version::parse(text)) return *version;
    }
    if (auto version = pep::Version::parse(name.substr(6))) return *version;  // "3.11" at least
  }
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

// --jsonl: every line is answered, bad ones with {"error": ...}; the batch goes on.
void run_batch(pep::QueryKind kind, Context& context) {
  pep::MarkerEnvironment defaults = host_environment();
  std::string line, out;
  while (std::getline(std::cin, line)) {
    nlohmann::ordered_json result;
    json input = json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (input.is_discarded()) {
      result = {{"error", "invalid JSON"}};
    } else {
      pep::QueryAnswer answer = pep::answer(kind, input, defaults);
      result = answer.error ? nlohmann::ordered_json{{"error", answer.error->message}} : answer.result;
    }
    out = result.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    out += '\n';
    std::string error;
    if (!context.write_output(out, &error)) {
      context.error(error);
      context.status = ExitStatus::Usage;
      return;
    }
  }
  context.status = ExitStatus::Success;
}

void run_once(pep::QueryKind kind, const std::string& name, const PepOptions& options, Context& context) {
  pep::MarkerEnvironment defaults = kind == pep::QueryKind::Marker ? host_environment() : pep::MarkerEnvironment{};
  pep::QueryAnswer answer = pep::answer(kind, input_from_args(kind, options), defaults);
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
