// SPDX-License-Identifier: MIT
// libcurl's functions, loaded when the first network request is made rather
// than linked. Debian's libcurl brings ~30 shared libraries with it (GnuTLS,
// Kerberos, LDAP, libssh2, ...) whose loading and initialisation cost every
// mlstack process ~15 ms of start-up (a program that only links libcurl
// starts in 21 ms, one without it in 4 ms), while most runs (env, scan,
// check --offline, pep, an index answered from the cache) never use the
// network. The types and constants still come from <curl/curl.h>.
#pragma once

#include <curl/curl.h>

#include <string>

namespace mlstack::index {

struct CurlLibrary {
  decltype(&::curl_easy_init) easy_init;
  decltype(&::curl_easy_cleanup) easy_cleanup;
  decltype(&::curl_easy_setopt) easy_setopt;
  decltype(&::curl_easy_getinfo) easy_getinfo;
  decltype(&::curl_easy_strerror) easy_strerror;
  decltype(&::curl_multi_init) multi_init;
  decltype(&::curl_multi_cleanup) multi_cleanup;
  decltype(&::curl_multi_setopt) multi_setopt;
  decltype(&::curl_multi_add_handle) multi_add_handle;
  decltype(&::curl_multi_remove_handle) multi_remove_handle;
  decltype(&::curl_multi_perform) multi_perform;
  decltype(&::curl_multi_poll) multi_poll;
  decltype(&::curl_multi_info_read) multi_info_read;
  decltype(&::curl_slist_append) slist_append;
  decltype(&::curl_slist_free_all) slist_free_all;
};

// libcurl (its SONAME, libcurl.so.4), loaded and globally initialised once
// per process; nullptr when it cannot be loaded, with the reason in `error`.
const CurlLibrary* curl_library(std::string& error);

}  // namespace mlstack::index
