// SPDX-License-Identifier: MIT
#include "index/curl_library.h"

#include "core/shared_library.h"

namespace mlstack::index {
namespace {

LoadedLibrary<CurlLibrary> load() {
  LoadedLibrary<CurlLibrary> loaded;
  std::string& e = loaded.error;
  void* handle = open_shared_library("libcurl.so.4", "libcurl", e);
  if (!handle) return loaded;
  CurlLibrary& c = loaded.table;
  const char* lib = "libcurl.so.4";
  decltype(&::curl_global_init) global_init = nullptr;
  bool all = bind_symbol(handle, "curl_global_init", global_init, lib, e) &&
             bind_symbol(handle, "curl_easy_init", c.easy_init, lib, e) &&
             bind_symbol(handle, "curl_easy_cleanup", c.easy_cleanup, lib, e) &&
             bind_symbol(handle, "curl_easy_setopt", c.easy_setopt, lib, e) &&
             bind_symbol(handle, "curl_easy_getinfo", c.easy_getinfo, lib, e) &&
             bind_symbol(handle, "curl_easy_strerror", c.easy_strerror, lib, e) &&
             bind_symbol(handle, "curl_multi_init", c.multi_init, lib, e) &&
             bind_symbol(handle, "curl_multi_cleanup", c.multi_cleanup, lib, e) &&
             bind_symbol(handle, "curl_multi_setopt", c.multi_setopt, lib, e) &&
             bind_symbol(handle, "curl_multi_add_handle", c.multi_add_handle, lib, e) &&
             bind_symbol(handle, "curl_multi_remove_handle", c.multi_remove_handle, lib, e) &&
             bind_symbol(handle, "curl_multi_perform", c.multi_perform, lib, e) &&
             bind_symbol(handle, "curl_multi_poll", c.multi_poll, lib, e) &&
             bind_symbol(handle, "curl_multi_info_read", c.multi_info_read, lib, e) &&
             bind_symbol(handle, "curl_slist_append", c.slist_append, lib, e) &&
             bind_symbol(handle, "curl_slist_free_all", c.slist_free_all, lib, e);
  if (!all) return loaded;
  if (CURLcode code = global_init(CURL_GLOBAL_DEFAULT); code != CURLE_OK) {
    loaded.error = "libcurl could not be initialised (curl_global_init: " + std::to_string(static_cast<int>(code)) + ")";
    return loaded;
  }
  loaded.ok = true;
  return loaded;
}

}  // namespace

const CurlLibrary* curl_library(std::string& error) { return load_once<CurlLibrary, load>(error); }

}  // namespace mlstack::index
