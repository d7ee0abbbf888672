// SPDX-License-Identifier: MIT
#include "index/url.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace mlstack::index {
namespace {

bool is_scheme_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 3986 5.2.4, step by step as the RFC writes it.
std::string remove_dot_segments(std::string_view path) {
  std::string in(path), out;
  auto drop_last_segment = [&out] {
    std::size_t slash = out.rfind('/');
    out.erase(slash == std::string::npos ? 0 : slash);
  };
  while (!in.empty()) {
    if (in.starts_with("../")) in.erase(0, 3);
    else if (in.starts_with("./")) in.erase(0, 2);
    else if (in.starts_with("/./")) in.erase(0, 2);
    else if (in == "/.") in = "/";
    else if (in.starts_with("/../")) {
      in.erase(0, 3);
      drop_last_segment();
    } else if (in == "/..") {
      in = "/";
      drop_last_segment();
    } else if (in == "." || in == "..") in.clear();
    else {
      std::size_t next = in.find('/', in.starts_with('/') ? 1 : 0);
      out += in.substr(0, next);
      in.erase(0, next == std::string::npos ? in.size() : next);
    }
  }
  return out;
}

std::string merge_paths(const UrlParts& base, std::string_view reference) {
  if (base.has_authority && base.path.empty()) return "/" + std::string(reference);
  std::size_t slash = base.path.rfind('/');
  if (slash == std::string::npos) return std::string(reference);
  return base.path.substr(0, slash + 1) + std::string(reference);
}

}  // namespace

std::optional<UrlParts> parse_url(std::string_view url) {
  std::size_t colon = url.find(':');
  if (colon == std::string_view::npos || colon == 0 || !std::isalpha(static_cast<unsigned char>(url[0]))) return std::nullopt;
  for (std::size_t i = 0; i < colon; ++i)
    if (!is_scheme_char(url[i])) return std::nullopt;
  UrlParts parts;
  parts.scheme = lower(url.substr(0, colon));
  std::string_view rest = url.substr(colon + 1);
  if (std::size_t hash = rest.find('#'); hash != std::string_view::npos) {
    parts.fragment = std::string(rest.substr(hash + 1));
    rest = rest.substr(0, hash);
  }
  if (std::size_t question = rest.find('?'); question != std::string_view::npos) {
    parts.query = std::string(rest.substr(question + 1));
    rest = rest.substr(0, question);
  }
  if (rest.starts_with("//")) {
    parts.has_authority = true;
    rest.remove_prefix(2);
    std::size_t end = rest.find('/');
    std::string_view authority = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end);
    if (std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
      parts.userinfo = std::string(authority.substr(0, at));
      authority = authority.substr(at + 1);
    }
    std::size_t port_colon = authority.rfind(':');
    std::size_t bracket = authority.rfind(']');
    if (port_colon != std::string_view::npos && (bracket == std::string_view::npos || port_colon > bracket)) {
      parts.port = std::string(authority.substr(port_colon + 1));
      authority = authority.substr(0, port_colon);
    }
    parts.host = lower(authority);
  }
  parts.path = std::string(rest);
  return parts;
}

std::string to_string(const UrlParts& parts) {
  std::string out = parts.scheme + ":";
  if (parts.has_authority) {
    out += "//";
    if (!parts.userinfo.empty()) out += parts.userinfo + "@";
    out += parts.host;
    if (!parts.port.empty()) out += ":" + parts.port;
  }
  out += parts.path;
  if (!parts.query.empty()) out += "?" + parts.query;
  if (!parts.fragment.empty()) out += "#" + parts.fragment;
  return out;
}

SplitCredentials split_credentials(std::string_view url) {
  SplitCredentials out;
  auto parts = parse_url(url);
  if (!parts || parts->userinfo.empty()) {
    out.url = std::string(url);
    return out;
  }
  std::string_view info = parts->userinfo;
  std::size_t colon = info.find(':');
  out.username = percent_decode(info.substr(0, colon));
  if (colon != std::string_view::npos) out.password = percent_decode(info.substr(colon + 1));
  out.has_credentials = true;
  parts->userinfo.clear();
  out.url = to_string(*parts);
  return out;
}

std::string redact(std::string_view url) {
  auto parts = parse_url(url);
  if (!parts || parts->userinfo.empty()) return std::string(url);
  std::size_t colon = parts->userinfo.find(':');
  parts->userinfo = colon == std::string::npos ? "****" : parts->userinfo.substr(0, colon) + ":****";
  return to_string(*parts);
}

std::string realm(std::string_view url) {
  auto parts = parse_url(url);
  if (!parts) return {};
  std::string port = parts->port;
  if ((parts->scheme == "https" && port == "443") || (parts->scheme == "http" && port == "80")) port.clear();
  return parts->scheme + "://" + parts->host + (port.empty() ? "" : ":" + port);
}

std::string resolve_url(std::string_view base_text, std::string_view reference) {
  // Whitespace around an href is not part of it (browsers strip it too).
  while (!reference.empty() && std::isspace(static_cast<unsigned char>(reference.front()))) reference.remove_prefix(1);
  while (!reference.empty() && std::isspace(static_cast<unsigned char>(reference.back()))) reference.remove_suffix(1);
  if (auto absolute = parse_url(reference)) {
    absolute->path = remove_dot_segments(absolute->path);
    return to_string(*absolute);
  }
  auto base = parse_url(base_text);
  if (!base) return std::string(reference);
  UrlParts target = *base;
  target.fragment.clear();
  std::string_view ref = reference;
  std::string ref_fragment, ref_query;
  bool has_query = false;
  if (std::size_t hash = ref.find('#'); hash != std::string_view::npos) {
    ref_fragment = std::string(ref.substr(hash + 1));
    ref = ref.substr(0, hash);
  }
  if (std::size_t question = ref.find('?'); question != std::string_view::npos) {
    ref_query = std::string(ref.substr(question + 1));
    has_query = true;
    ref = ref.substr(0, question);
  }
  if (ref.starts_with("//")) {
    auto with_scheme = parse_url(base->scheme + ":" + std::string(reference));
    if (with_scheme) {
      with_scheme->path = remove_dot_segments(with_scheme->path);
      return to_string(*with_scheme);
    }
  }
  if (ref.empty()) {
    if (has_query) target.query = ref_query;
  } else if (ref.starts_with('/')) {
    target.path = remove_dot_segments(ref);
    target.query = ref_query;
  } else {
    target.path = remove_dot_segments(merge_paths(*base, ref));
    target.query = ref_query;
  }
  target.fragment = ref_fragment;
  return to_string(target);
}

std::string_view strip_fragment(std::string_view url) { return url.substr(0, url.find('#')); }

std::string_view fragment(std::string_view url) {
  std::size_t hash = url.find('#');
  return hash == std::string_view::npos ? std::string_view() : url.substr(hash + 1);
}

std::string with_trailing_slash(std::string_view url) {
  std::string out(url);
  if (!out.ends_with('/')) out += '/';
  return out;
}

std::string last_segment(std::string_view url) {
  url = strip_fragment(url);
  url = url.substr(0, url.find('?'));
  std::size_t slash = url.rfind('/');
  return percent_decode(slash == std::string_view::npos ? url : url.substr(slash + 1));
}

std::string percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      int hi = hex_value(text[i + 1]), lo = hex_value(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

std::string percent_encode_path(std::string_view path) {
  static const char* k_hex = "0123456789ABCDEF";
  std::string out;
  for (char c : path) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || std::string_view("-._~/!$&'()*+,;=:@").find(c) != std::string_view::npos) {
      out += c;
    } else {
      out += '%';
      out += k_hex[u >> 4];
      out += k_hex[u & 15];
    }
  }
  return out;
}

bool is_file_url(std::string_view url) {
  return url.size() >= 5 && lower(url.substr(0, 5)) == "file:";
}

bool is_http_url(std::string_view url) {
  std::string head = lower(url.substr(0, 8));
  return head.starts_with("http://") || head.starts_with("https://");
}

std::optional<std::string> file_url_to_path(std::string_view url) {
  auto parts = parse_url(url);
  if (!parts || parts->scheme != "file") return std::nullopt;
  if (!parts->host.empty() && parts->host != "localhost") return std::nullopt;
  std::string path = percent_decode(parts->path);
  if (path.empty()) path = "/";
  return path;
}

std::string path_to_file_url(std::string_view path, std::string_view cwd) {
  std::string absolute = path.starts_with('/') ? std::string(path) : std::string(cwd) + "/" + std::string(path);
  return "file://" + percent_encode_path(remove_dot_segments(absolute));
}

}  // namespace mlstack::index
