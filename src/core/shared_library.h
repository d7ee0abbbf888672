// SPDX-License-Identifier: MIT
// Libraries loaded with dlopen when first needed instead of linked (libcurl,
// Graphviz: their headers say what each costs a process that never uses
// it). Each is opened once and never closed: they keep global state for the
// life of the process.
#pragma once

#include <mutex>
#include <string>
#include <string_view>

namespace mlstack {

// dlopen(name) with RTLD_NOW | RTLD_LOCAL; nullptr, with `error` set to
// "<what> could not be loaded (<dlerror()>)", when it fails.
void* open_shared_library(const std::string& name, std::string_view what, std::string& error);

// dlsym(handle, symbol); nullptr, with `error` set to "<what> has no <symbol>".
void* find_symbol(void* handle, const char* symbol, std::string_view what, std::string& error);

// find_symbol into a typed pointer (a function or an object); false when missing.
template <typename T>
bool bind_symbol(void* handle, const char* symbol, T& out, std::string_view what, std::string& error) {
  out = reinterpret_cast<T>(find_symbol(handle, symbol, what, error));
  return out != nullptr;
}

// What a loader returns: the table of a library's symbols, or why not.
template <typename Table>
struct LoadedLibrary {
  Table table{};
  bool ok = false;
  std::string error;
};

// Runs `Load` once per process, on the first call from any thread; later
// calls return the same table, or nullptr and the same error.
template <typename Table, LoadedLibrary<Table> (*Load)()>
const Table* load_once(std::string& error) {
  static std::once_flag once;
  static LoadedLibrary<Table> loaded;
  std::call_once(once, [] { loaded = Load(); });
  if (!loaded.ok) {
    error = loaded.error;
    return nullptr;
  }
  return &loaded.table;
}

}  // namespace mlstack
