// SPDX-License-Identifier: MIT
// The few URL operations an index client needs (RFC 3986): splitting off
// credentials, resolving a page's relative links, file:// paths, and a form
// safe to print. Index URLs come from project files and command lines, so
// every message goes through redact(): "https://user:secret@host/simple/"
// prints as "https://user:****@host/simple/" and a token-only userinfo as
// "https://****@host/simple/".
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mlstack::index {

struct UrlParts {
  std::string scheme;    // "https", lowercased
  std::string userinfo;  // "user:pass" (still percent-encoded), "" when absent
  std::string host;      // "pypi.org", "[::1]"
  std::string port;      // "8443", "" when absent
  std::string path;      // "/simple/torch/", "" when absent
  std::string query;     // without '?'
  std::string fragment;  // without '#'
  bool has_authority = false;
};

// Splits an absolute URL; nullopt when it has no scheme.
std::optional<UrlParts> parse_url(std::string_view url);
std::string to_string(const UrlParts& parts);

// The URL without its userinfo, and the credentials it carried (percent-decoded).
struct SplitCredentials {
  std::string url;
  std::string username;
  std::string password;
  bool has_credentials = false;
};
SplitCredentials split_credentials(std::string_view url);

// Safe to print: the password (or a lone token) replaced by "****".
std::string redact(std::string_view url);

// "scheme://host[:port]": where credentials for an index apply (same realm, as uv does).
std::string realm(std::string_view url);

// RFC 3986 section 5.2 reference resolution.
std::string resolve_url(std::string_view base, std::string_view reference);

// Without "#...".
std::string_view strip_fragment(std::string_view url);
std::string_view fragment(std::string_view url);

// "https://x/simple" -> "https://x/simple/" (project pages are "<index>/<name>/").
std::string with_trailing_slash(std::string_view url);

// The last path segment, percent-decoded: "https://x/a/torch-2.3.1%2Bcu121-....whl" -> "torch-2.3.1+cu121-....whl".
std::string last_segment(std::string_view url);

std::string percent_decode(std::string_view text);
// Encodes what a path segment may not hold (space, '#', '?', '%', non-ASCII ...).
std::string percent_encode_path(std::string_view path);

bool is_file_url(std::string_view url);
bool is_http_url(std::string_view url);
// "file:///srv/wheels" -> "/srv/wheels"; nullopt for a non-local host.
std::optional<std::string> file_url_to_path(std::string_view url);
// An absolute path (made absolute against `cwd` when relative) as a file:// URL.
std::string path_to_file_url(std::string_view path, std::string_view cwd);

}  // namespace mlstack::index
