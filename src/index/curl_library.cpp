// SPDX-License-Identifier: MIT
#include "index/curl_library.h"

#include <dlfcn.h>

#include <mutex>

namespace mlstack::index {
namespace {

struct Loaded {
  CurlLibrary library{};
  bool ok = false;
  std::string error;
};

template <typename Function>
bool bind(void* handle, const char* name, Function& out, std::string& error) {
  out = reinterpret_cast<Function>(dlsym(handle, name));
  if (!out) error = std::string("libcurl.so.4 has no ") + name;
  return out != nullptr;
}

Loaded load() {
  Loaded loaded;
  // Never closed: libcurl keeps global state for the life of the process.
  void* handle = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* why = dlerror();
    loaded.error = std::string("libcurl could not be loaded (") + (why ? why : "libcurl.so.4") + ")";
    return loaded;
  }
  CurlLibrary& c = loaded.library;
  std::string& e = loaded.error;
  decltype(&::curl_global_init) global_init = nullptr;
  bool all = bind(handle, "curl_global_init", global_init, e) && bind(handle, "curl_easy_init", c.easy_init, e) &&
             bind(handle, "curl_easy_cleanup", c.easy_cleanup, e) && bind(handle, "curl_easy_setopt", c.easy_setopt, e) &&
             bind(handle, "curl_easy_getinfo", c.easy_getinfo, e) &&
             bind(handle, "curl_easy_strerror", c.easy_strerror, e) && bind(handle, "curl_multi_init", c.multi_init, e) &&
             bind(handle, "curl_multi_cleanup", c.multi_cleanup, e) &&
             bind(handle, "curl_multi_setopt", c.multi_setopt, e) &&
             bind(handle, "curl_multi_add_handle", c.multi_add_handle, e) &&
             bind(handle, "curl_multi_remove_handle", c.multi_remove_handle, e) &&
             bind(handle, "curl_multi_perform", c.multi_perform, e) && bind(handle, "curl_multi_poll", c.multi_poll, e) &&
             bind(handle, "curl_multi_info_read", c.multi_info_read, e) &&
             bind(handle, "curl_slist_append", c.slist_append, e) &&
             bind(handle, "curl_slist_free_all", c.slist_free_all, e);
  if (!all) return loaded;
  if (CURLcode code = global_init(CURL_GLOBAL_DEFAULT); code != CURLE_OK) {
    loaded.error = "libcurl could not be initialised (curl_global_init: " + std::to_string(static_cast<int>(code)) + ")";
    return loaded;
  }
  loaded.ok = true;
  return loaded;
}

}  // namespace

const CurlLibrary* curl_library(std::string& error) {
  static std::once_flag once;
  static Loaded loaded;
  std::call_once(once, [] { loaded = load(); });
  if (!loaded.ok) {
    error = loaded.error;
    return nullptr;
  }
  return &loaded.library;
}

}  // namespace mlstack::index
