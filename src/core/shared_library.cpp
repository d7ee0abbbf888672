// SPDX-License-Identifier: MIT
#include "core/shared_library.h"

#include <dlfcn.h>

namespace mlstack {

void* open_shared_library(const std::string& name, std::string_view what, std::string& error) {
  void* handle = dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* why = dlerror();
    error = std::string(what) + " could not be loaded (" + (why ? why : name) + ")";
  }
  return handle;
}

void* find_symbol(void* handle, const char* symbol, std::string_view what, std::string& error) {
  void* found = dlsym(handle, symbol);
  if (!found) error = std::string(what) + " has no " + symbol;
  return found;
}

}  // namespace mlstack
