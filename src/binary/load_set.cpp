// SPDX-License-Identifier: MIT
#include "binary/load_set.h"

#include <sys/stat.h>

#include <algorithm>
#include <deque>
#include <filesystem>
#include <unordered_set>

#include <fmt/format.h>

#include "binary/cxx_abi.h"
#include "binary/symbol_version.h"

namespace mlstack::binary {
namespace {

struct Slot {
  std::string path;
  std::string error;
  std::unique_ptr<ElfFile> file;
};

std::string dirname_of(std::string_view path) {
  auto slash = path.rfind('/');
  if (slash == std::string_view::npos) return ".";
  if (slash == 0) return "/";
  return std::string(path.substr(0, slash));
}

std::string basename_of(std::string_view path) {
  auto slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

bool is_regular_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::vector<std::string> default_system_dirs(ElfMachine machine) {
  // glibc's compiled-in system dirs on Debian (ld.so --list-diagnostics,
  // path.system_dirs): the multiarch dirs, then /lib and /usr/lib.
  const std::string triple = machine == ElfMachine::X86_64 ? "x86_64-linux-gnu" : "aarch64-linux-gnu";
  return {"/lib/" + triple, "/usr/lib/" + triple, "/lib", "/usr/lib"};
}

std::string replace_token(std::string text, std::string_view token, std::string_view value) {
  for (std::size_t at = text.find(token); at != std::string::npos; at = text.find(token, at + value.size())) {
    text.replace(at, token.size(), value);
  }
  return text;
}

}  // namespace

const char* to_string(FoundVia via) {
  switch (via) {
    case FoundVia::Module: return "module";
    case FoundVia::AlreadyLoaded: return "already loaded";
    case FoundVia::DirectPath: return "path";
    case FoundVia::Rpath: return "rpath";
    case FoundVia::LibraryPath: return "LD_LIBRARY_PATH";
    case FoundVia::Runpath: return "runpath";
    case FoundVia::EnvironmentDir: return "environment";
    case FoundVia::LdCache: return "ld.so.cache";
    case FoundVia::SystemDir: return "system dir";
    case FoundVia::NotFound: return "not found";
  }
  return "not found";
}

std::vector<std::string> expand_search_path(std::string_view value, std::string_view origin, ElfMachine machine) {
  std::vector<std::string> dirs;
  const std::string lib = machine == ElfMachine::X86_64 ? "lib/x86_64-linux-gnu" : "lib/aarch64-linux-gnu";
  const std::string platform = to_string(machine);
  if (value.empty()) return dirs;
  for (bool more = true; more;) {
    auto colon = value.find(':');
    more = colon != std::string_view::npos;
    std::string dir(value.substr(0, colon));
    value = more ? value.substr(colon + 1) : std::string_view{};
    // An empty entry means the current directory, as in the loader.
    if (dir.empty()) dir.push_back('.');
    dir = replace_token(dir, "${ORIGIN}", origin);
    dir = replace_token(dir, "$ORIGIN", origin);
    dir = replace_token(dir, "${LIB}", lib);
    dir = replace_token(dir, "$LIB", lib);
    dir = replace_token(dir, "${PLATFORM}", platform);
    dir = replace_token(dir, "$PLATFORM", platform);
    while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
    dirs.push_back(std::move(dir));
  }
  return dirs;
}

struct Linker::State {
  LoadContext context;
  std::unordered_map<std::string, Slot> files;
  std::unique_ptr<LdCache> cache;
  bool cache_loaded = false;
};

Linker::Linker(LoadContext context) : m_state(std::make_unique<State>()) { m_state->context = std::move(context); }
Linker::~Linker() = default;
Linker::Linker(Linker&&) noexcept = default;
Linker& Linker::operator=(Linker&&) noexcept = default;

const LoadContext& Linker::context() const { return m_state->context; }

const LdCache* Linker::cache() const {
  if (!m_state->cache_loaded) {
    m_state->cache_loaded = true;
    if (!m_state->context.ld_cache_path.empty()) {
      auto cache = LdCache::load(m_state->context.ld_cache_path);
      if (cache) m_state->cache = std::make_unique<LdCache>(std::move(*cache));
    }
  }
  return m_state->cache.get();
}

const ElfFile* Linker::file(const std::string& path, std::string* error) {
  auto [it, inserted] = m_state->files.try_emplace(path);
  Slot& slot = it->second;
  if (inserted) {
    slot.path = path;
    auto elf = ElfFile::open(path);
    if (elf) {
      slot.file = std::make_unique<ElfFile>(std::move(*elf));
    } else {
      slot.error = to_string(elf.error());
    }
  }
  if (!slot.file && error) *error = slot.error;
  return slot.file.get();
}

namespace {

// One object of the load set while linking, with what the search needs.
struct Node {
  LoadedObject object;
  const ElfFile* file = nullptr;
  std::vector<std::string> rpath_chain;  // own RPATH then its loaders', when used
};

}  // namespace

Expected<ModuleLinkage, ElfError> Linker::link(const std::string& module_path, const LinkOptions& options) {
  std::string module_error;
  const ElfFile* module = file(module_path, &module_error);
  if (!module) return unexpected(ElfError{module_error, 0});
  const ElfMachine machine = module->machine();
  const auto& ctx = m_state->context;
  const auto system_dirs = ctx.system_dirs.empty() ? default_system_dirs(machine) : ctx.system_dirs;

  ModuleLinkage linkage;
  linkage.module = module_path;
  std::vector<Node> nodes;
  std::unordered_map<std::string, std::size_t> by_path;  // loaded path -> node
  std::unordered_map<std::string, std::size_t> by_name;  // soname and file name -> node

  auto remember = [&](std::size_t index) {
    const auto& n = nodes[index];
    by_path.emplace(n.object.path, index);
    if (!n.object.soname.empty()) by_name.emplace(n.object.soname, index);
    by_name.emplace(basename_of(n.object.path), index);
  };

  // Tries one candidate path: it must be a readable ELF of the module's machine.
  auto accept = [&](const std::string& candidate, MissingLibrary& miss) -> const ElfFile* {
    if (!is_regular_file(candidate)) return nullptr;
    std::string error;
    const ElfFile* found = file(candidate, &error);
    if (!found) {
      miss.rejected.push_back(fmt::format("{}: {}", candidate, error));
      return nullptr;
    }
    if (found->machine() != machine) {
      miss.rejected.push_back(fmt::format("{}: built for {}, not {}", candidate, to_string(found->machine()),
                                          to_string(machine)));
      return nullptr;
    }
    return found;
  };

  // Breadth-first over DT_NEEDED from each root, as _dl_map_object_deps does.
  auto load_tree = [&](std::size_t root) {
    std::deque<std::size_t> queue{root};
    while (!queue.empty()) {
      const std::size_t current = queue.front();
      queue.pop_front();
      const ElfFile* owner = nodes[current].file;
      if (!owner) continue;
      const std::string owner_path = nodes[current].object.path;
      const std::string origin = dirname_of(owner_path);
      const bool global = nodes[current].object.global;
      // RPATH applies (with the loaders' RPATHs) only when there is no RUNPATH.
      std::vector<std::string> rpath_dirs;
      if (owner->runpath().empty()) {
        rpath_dirs = expand_search_path(owner->rpath(), origin, machine);
        for (const auto& inherited : nodes[current].rpath_chain) rpath_dirs.push_back(inherited);
      }
      const auto runpath_dirs = expand_search_path(owner->runpath(), origin, machine);
      for (std::string_view needed : owner->needed()) {
        const std::string name(needed);
        if (auto it = by_name.find(name); it != by_name.end()) continue;  // already loaded
        MissingLibrary miss{name, owner_path, {}, {}};
        const ElfFile* found = nullptr;
        std::string found_path;
        FoundVia via = FoundVia::NotFound;
        auto search = [&](const std::vector<std::string>& dirs, FoundVia how) {
          for (const auto& dir : dirs) {
            if (found) return;
            miss.searched.push_back(dir);
            std::string candidate = dir + "/" + name;
            if (auto it = by_path.find(candidate); it != by_path.end()) {
              found = nodes[it->second].file;
              found_path = candidate;
              via = FoundVia::AlreadyLoaded;
              return;
            }
            if ((found = accept(candidate, miss))) {
              found_path = std::move(candidate);
              via = how;
            }
          }
        };
        if (name.find('/') != std::string::npos) {
          std::string candidate = name.front() == '/' ? name : origin + "/" + name;
          if ((found = accept(candidate, miss))) {
            found_path = candidate;
            via = FoundVia::DirectPath;
          }
        } else {
          search(rpath_dirs, FoundVia::Rpath);
          search(ctx.library_path, FoundVia::LibraryPath);
          search(runpath_dirs, FoundVia::Runpath);
          search(ctx.environment_dirs, FoundVia::EnvironmentDir);
          if (!found && cache()) {
            auto cached = cache()->find(name, machine);
            if (!cached.empty()) {
              miss.searched.push_back(std::string("ld.so.cache"));
              if ((found = accept(std::string(cached), miss))) {
                found_path = std::string(cached);
                via = FoundVia::LdCache;
              }
            }
          }
          search(system_dirs, FoundVia::SystemDir);
        }
        if (!found) {
          linkage.missing_libraries.push_back(std::move(miss));
          continue;
        }
        if (via == FoundVia::AlreadyLoaded) continue;
        Node node;
        node.object = LoadedObject{name, found_path, via, owner_path, std::string(found->soname()), global};
        node.file = found;
        node.rpath_chain = rpath_dirs;
        nodes.push_back(std::move(node));
        remember(nodes.size() - 1);
        queue.push_back(nodes.size() - 1);
      }
    }
  };

  for (const auto& global : ctx.global_objects) {
    if (by_path.count(global)) continue;
    std::string error;
    const ElfFile* elf = file(global, &error);
    if (!elf) {
      linkage.unreadable.push_back(fmt::format("{}: {}", global, error));
      continue;
    }
    nodes.push_back(Node{LoadedObject{global, global, FoundVia::Module, {}, std::string(elf->soname()), true}, elf, {}});
    remember(nodes.size() - 1);
    load_tree(nodes.size() - 1);
  }
  const std::size_t module_index = nodes.size();
  nodes.push_back(Node{LoadedObject{module_path, module_path, FoundVia::Module, {}, std::string(module->soname()), false},
                       module, {}});
  remember(module_index);
  load_tree(module_index);

  // Needed versions: the providing file must define each one.
  for (const auto& node : nodes) {
    if (node.object.global && node.object.via != FoundVia::Module) continue;
    for (const auto& need : node.file->version_needs()) {
      auto provider = by_name.find(std::string(need.file));
      if (provider == by_name.end()) continue;
      const ElfFile* defining = nodes[provider->second].file;
      const auto& defined = defining->version_definitions();
      if (defined.empty()) continue;
      for (auto version : need.versions) {
        if (std::find(defined.begin(), defined.end(), version) != defined.end()) continue;
        MissingVersion missing{std::string(version), std::string(need.file), node.object.path,
                               nodes[provider->second].object.path, {}};
        if (auto wanted = parse_symbol_version(version)) {
          std::optional<SymbolVersion> newest;
          for (auto have : defined) {
            auto parsed = parse_symbol_version(have);
            if (parsed && parsed->prefix == wanted->prefix && (!newest || *newest < *parsed)) newest = parsed;
          }
          if (newest) missing.newest = newest->text;
        }
        linkage.missing_versions.push_back(std::move(missing));
      }
    }
  }

  // Undefined symbols: global scope first, then the module's load order.
  for (std::size_t i = 0; options.bind_symbols && i < nodes.size(); ++i) {
    const auto& node = nodes[i];
    if (i != module_index) {
      if (node.object.global || !ctx.check_dependencies) continue;
      const bool system = node.object.via == FoundVia::LdCache || node.object.via == FoundVia::SystemDir;
      if (system && !ctx.check_system_libraries) continue;
    }
    auto symbols = node.file->dynamic_symbols();
    if (!symbols) {
      linkage.unreadable.push_back(fmt::format("{}: {}", node.object.path, to_string(symbols.error())));
      continue;
    }
    for (const auto& symbol : *symbols) {
      if (symbol.defined || symbol.weak || symbol.name.empty()) continue;
      ++linkage.symbols_checked;
      bool resolved = false;
      const std::uint32_t hash = gnu_hash(symbol.name);
      for (const auto& scope : nodes) {
        if (scope.file->find_definition(symbol.name, symbol.version, hash)) {
          resolved = true;
          break;
        }
      }
      if (!resolved) {
        linkage.unresolved_symbols.push_back(UnresolvedSymbol{std::string(symbol.name), demangle(symbol.name),
                                                              std::string(symbol.version),
                                                              std::string(symbol.version_file), node.object.path});
      }
    }
  }
  for (auto& node : nodes) linkage.objects.push_back(std::move(node.object));
  return linkage;
}

}  // namespace mlstack::binary
