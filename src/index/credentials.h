// SPDX-License-Identifier: MIT
// Where the client finds credentials for an index: in the index URL itself
// ("https://user:token@host/simple/", as pip and uv accept) and in ~/.netrc
// (or the file $NETRC names). They apply to the realm (scheme, host, port) of
// the index they came with, so file URLs on the same host get them and a
// redirect to another host does not. They are never printed, never written to
// the cache and never put in a report: everything else sees URLs without them.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "index/transport.h"

namespace mlstack::index {

struct NetrcEntry {
  std::string machine;  // "" for `default`
  std::string login;
  std::string password;
};

// netrc(5): "machine HOST login USER password PASS", `default`, `macdef`
// blocks skipped; tokens may be quoted. Unreadable text yields no entries.
std::vector<NetrcEntry> parse_netrc(std::string_view text);

class CredentialStore {
 public:
  // Remembers the credentials of a URL for its realm and returns the URL
  // without them.
  std::string take_from_url(std::string_view url);
  // netrc entries, consulted for realms with no URL credentials (by host).
  void set_netrc(std::vector<NetrcEntry> entries) { m_netrc = std::move(entries); }
  // Credentials for a request to `url`, if any.
  std::optional<Credentials> for_url(std::string_view url) const;
  bool empty() const { return m_by_realm.empty() && m_netrc.empty(); }

 private:
  std::map<std::string, Credentials, std::less<>> m_by_realm;
  std::vector<NetrcEntry> m_netrc;
};

}  // namespace mlstack::index
