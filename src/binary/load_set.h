// SPDX-License-Identifier: MIT
// Load-set resolution: which files the dynamic loader would map for a module,
// and whether every symbol and symbol version they need is then defined.
//
// This follows glibc's ld.so (elf/dl-load.c _dl_map_object, elf/dl-lookup.c):
// - A DT_NEEDED name containing '/' is opened as is. Otherwise the loader first
//   matches it against the SONAME (or name) of objects already loaded, then
//   searches: the requesting object's DT_RPATH and those of its loaders, but
//   only when the object has no DT_RUNPATH; LD_LIBRARY_PATH; the object's own
//   DT_RUNPATH (which is not inherited); /etc/ld.so.cache; the system dirs.
//   A candidate of the wrong machine is skipped and the search goes on.
// - $ORIGIN (and ${ORIGIN}) expand to the directory of the object that holds
//   the path, $LIB and $PLATFORM to the multiarch names.
// - Python opens extension modules with RTLD_NOW | RTLD_LOCAL: every undefined
//   non-weak symbol must be found at import, first in the global scope (the
//   interpreter and what it loaded) and then in the module's own load set in
//   breadth-first order. A needed version (.gnu.version_r) that the providing
//   file does not define fails the load even before symbols are bound
//   ("version `GLIBCXX_3.4.30' not found").
//
// mlstack adds one step the loader does not have: the environment's own
// library folders (LoadContext::environment_dirs), searched after RUNPATH and
// before the cache. A library found only there is reported as such (FoundVia::
// EnvironmentDir): the real loader finds it only if something (an activation
// script, LD_LIBRARY_PATH, an earlier import) makes it visible.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "binary/elf_file.h"
#include "binary/ld_cache.h"
#include "core/expected.h"

namespace mlstack::binary {

struct LoadContext {
  // Objects already in the global scope when the module is opened, in order:
  // normally the interpreter executable (its Py* symbols satisfy extension
  // modules) and anything loaded RTLD_GLOBAL. Their DT_NEEDED are loaded too.
  std::vector<std::string> global_objects;
  // LD_LIBRARY_PATH as the importing process would see it (not this process's).
  std::vector<std::string> library_path;
  // The environment's own lib folders (a conda env's lib/, site-packages'
  // nvidia/*/lib), searched after RUNPATH, before the system cache.
  std::vector<std::string> environment_dirs;
  // The loader cache; empty string: do not use one.
  std::string ld_cache_path = "/etc/ld.so.cache";
  // The loader's built-in dirs; empty: Debian's multiarch dirs for the machine.
  std::vector<std::string> system_dirs;
  // Check undefined symbols of dependencies too, not only of the module; the
  // system libraries (found through the cache or system dirs) are never checked.
  bool check_dependencies = true;
  // Also check the system libraries; this is what `ldd -r` reports.
  bool check_system_libraries = false;
};

enum class FoundVia {
  Module,          // the module itself or a global object
  AlreadyLoaded,   // matched the SONAME of an object already in the load set
  DirectPath,      // DT_NEEDED contained a '/'
  Rpath,
  LibraryPath,
  Runpath,
  EnvironmentDir,
  LdCache,
  SystemDir,
  NotFound,
};
const char* to_string(FoundVia via);  // "rpath", "ld.so.cache", ...

struct LoadedObject {
  std::string name;       // as named by DT_NEEDED ("libc10.so"), or the path for the module
  std::string path;       // where it was found; empty when not found
  FoundVia via = FoundVia::NotFound;
  std::string needed_by;  // path of the object that named it; empty for roots
  std::string soname;
  bool global = false;    // in the global scope (a global object or one of its deps)
};

struct MissingLibrary {
  std::string name;                   // "libcudart.so.12"
  std::string needed_by;              // path
  std::vector<std::string> searched;  // directories tried, in order
  std::vector<std::string> rejected;  // "path: reason" for candidates skipped
};

struct UnresolvedSymbol {
  std::string name;          // mangled
  std::string demangled;     // "c10::detail::torchCheckFail(char const*, ...)"
  std::string version;       // "GLIBCXX_3.4.30", empty when unversioned
  std::string version_file;  // where that version should come from ("libstdc++.so.6")
  std::string needed_by;     // path of the object with the undefined reference
};

struct MissingVersion {
  std::string version;       // "GLIBC_2.38"
  std::string file;          // "libc.so.6"
  std::string required_by;   // path
  std::string provided_by;   // path of the loaded file that lacks it
  std::string newest;        // newest version of the same prefix that file defines
};

struct ModuleLinkage {
  std::string module;                     // path
  std::vector<LoadedObject> objects;      // global scope first, then the module's BFS
  std::vector<MissingLibrary> missing_libraries;
  std::vector<UnresolvedSymbol> unresolved_symbols;
  std::vector<MissingVersion> missing_versions;
  std::vector<std::string> unreadable;    // "path: why" for files in the set that failed to parse
  std::size_t symbols_checked = 0;

  bool loads() const {
    return missing_libraries.empty() && unresolved_symbols.empty() && missing_versions.empty();
  }
};

// Per call: what link() does beyond finding the load set.
struct LinkOptions {
  // Bind every undefined symbol (the module's, and its dependencies' when
  // LoadContext::check_dependencies) against the scope. Off: the load set,
  // missing libraries and missing symbol versions only, which costs a few
  // stats and header reads per object instead of one hash lookup per symbol
  // and scope object (binding libtorch_cpu's load set is ~0.4 s of CPU).
  bool bind_symbols = true;
};

// Splits a DT_RPATH/DT_RUNPATH value on ':' and expands $ORIGIN, ${ORIGIN},
// $LIB and $PLATFORM; `origin` is the directory of the object holding it.
std::vector<std::string> expand_search_path(std::string_view value, std::string_view origin, ElfMachine machine);

// Resolves modules against one context. Parsed files and the loader cache are
// kept across calls, so linking every extension module of an environment
// reads libtorch once.
class Linker {
 public:
  explicit Linker(LoadContext context);
  ~Linker();
  Linker(Linker&&) noexcept;
  Linker& operator=(Linker&&) noexcept;

  // Fails only when the module itself cannot be read as ELF.
  Expected<ModuleLinkage, ElfError> link(const std::string& module_path, const LinkOptions& options = {});

  // Parsed file for a path (cached); errors are cached too.
  const ElfFile* file(const std::string& path, std::string* error = nullptr);
  const LdCache* cache() const;
  const LoadContext& context() const;

 private:
  struct State;
  std::unique_ptr<State> m_state;
};

}  // namespace mlstack::binary
