// SPDX-License-Identifier: MIT
#include "index/credentials.h"

#include <cctype>

#include "index/url.h"

namespace mlstack::index {
namespace {

// netrc tokens: whitespace-separated, a double-quoted token may hold spaces
// and backslash escapes (as curl reads them).
std::vector<std::string> tokens_of(std::string_view text) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i >= text.size()) break;
    std::string token;
    if (text[i] == '"') {
      ++i;
      while (i < text.size() && text[i] != '"') {
        if (text[i] == '\\' && i + 1 < text.size()) ++i;
        token += text[i++];
      }
      ++i;
    } else if (text[i] == '#') {
      // A comment runs to the end of the line.
      while (i < text.size() && text[i] != '\n') ++i;
      continue;
    } else {
      while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) token += text[i++];
    }
    out.push_back(std::move(token));
  }
  return out;
}

}  // namespace

std::vector<NetrcEntry> parse_netrc(std::string_view text) {
  std::vector<NetrcEntry> out;
  // macdef bodies run to the next blank line and are not tokens: cut them out first.
  std::string cleaned;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    std::string_view line = text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    pos = end == std::string_view::npos ? text.size() : end + 1;
    std::size_t first = line.find_first_not_of(" \t");
    if (first != std::string_view::npos && line.substr(first).starts_with("macdef")) {
      while (pos < text.size()) {
        std::size_t next = text.find('\n', pos);
        std::string_view body = text.substr(pos, next == std::string_view::npos ? std::string_view::npos : next - pos);
        pos = next == std::string_view::npos ? text.size() : next + 1;
        if (body.find_first_not_of(" \t\r") == std::string_view::npos) break;
      }
      continue;
    }
    cleaned += line;
    cleaned += '\n';
  }
  std::vector<std::string> tokens = tokens_of(cleaned);
  NetrcEntry* current = nullptr;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const std::string& t = tokens[i];
    bool has_value = i + 1 < tokens.size();
    if (t == "machine" && has_value) {
      out.push_back(NetrcEntry{tokens[++i], {}, {}});
      current = &out.back();
    } else if (t == "default") {
      out.push_back(NetrcEntry{});
      current = &out.back();
    } else if (current && (t == "login" || t == "user") && has_value) {
      current->login = tokens[++i];
    } else if (current && t == "password" && has_value) {
      current->password = tokens[++i];
    } else if (current && t == "account" && has_value) {
      ++i;
    }
  }
  return out;
}

std::string CredentialStore::take_from_url(std::string_view url) {
  SplitCredentials split = split_credentials(url);
  if (split.has_credentials) {
    m_by_realm[realm(split.url)] = Credentials{split.username, split.password};
  }
  return split.url;
}

std::optional<Credentials> CredentialStore::for_url(std::string_view url) const {
  if (!is_http_url(url)) return std::nullopt;
  if (auto it = m_by_realm.find(realm(url)); it != m_by_realm.end()) return it->second;
  auto parts = parse_url(url);
  if (!parts) return std::nullopt;
  const NetrcEntry* fallback = nullptr;
  for (const auto& entry : m_netrc) {
    if (entry.machine.empty()) {
      if (!fallback) fallback = &entry;
    } else if (entry.machine == parts->host) {
      return Credentials{entry.login, entry.password};
    }
  }
  if (fallback && !fallback->login.empty()) return Credentials{fallback->login, fallback->password};
  return std::nullopt;
}

}  // namespace mlstack::index
