// SPDX-License-Identifier: MIT
#include "index/transport.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "index/simple_page.h"
#include "index/url.h"

namespace mlstack::index {
namespace {

namespace fs = std::filesystem;

std::string html_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

bool accepts_json(const HttpRequest& request) {
  for (const auto& [name, value] : request.headers) {
    std::string lower;
    for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == "accept") return value.find("json") != std::string::npos;
  }
  return false;
}

// A folder as a page of links, as pip reads a --find-links folder.
std::string listing(const fs::path& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    if (entry.is_directory(ec)) name += '/';
    names.push_back(std::move(name));
  }
  std::sort(names.begin(), names.end());
  std::string out = "<!DOCTYPE html>\n<html><body>\n";
  for (const auto& name : names) {
    out += fmt::format("<a href=\"{}\">{}</a>\n", html_escape(percent_encode_path(name)), html_escape(name));
  }
  out += "</body></html>\n";
  return out;
}

HttpResponse file_error(HttpResponse response, TransportError error, std::string message) {
  response.error = error;
  response.error_message = std::move(message);
  return response;
}

}  // namespace

const char* to_string(TransportError error) {
  switch (error) {
    case TransportError::None: return "none";
    case TransportError::Timeout: return "timeout";
    case TransportError::Connect: return "connection failed";
    case TransportError::Tls: return "TLS verification failed";
    case TransportError::PartialBody: return "connection closed mid-body";
    case TransportError::TooLarge: return "response too large";
    case TransportError::TooManyRedirects: return "too many redirects";
    case TransportError::File: return "file unreadable";
    case TransportError::Other: return "transfer failed";
  }
  return "transfer failed";
}

std::string_view HttpResponse::header(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (key == name) return value;
  return {};
}

HttpResponse Transport::perform_one(const HttpRequest& request) {
  auto responses = perform(std::span<const HttpRequest>(&request, 1));
  return std::move(responses.front());
}

HttpResponse read_file_url(const HttpRequest& request, std::size_t max_body_bytes) {
  HttpResponse response;
  response.url = request.url;
  auto local = file_url_to_path(request.url);
  if (!local) return file_error(response, TransportError::File, fmt::format("{}: not a local file URL", redact(request.url)));
  fs::path path(*local);
  std::error_code ec;
  auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    response.status = 404;
    return response;
  }
  std::string content_type = "application/octet-stream";
  if (fs::is_directory(status)) {
    bool json = accepts_json(request);
    fs::path page = path / (json ? "index.json" : "index.html");
    if (!fs::exists(page, ec)) page = path / (json ? "index.html" : "index.json");
    if (fs::exists(page, ec)) {
      path = page;
    } else {
      response.status = 200;
      response.headers.emplace_back("content-type", "text/html");
      if (request.method == Method::Get) response.body = listing(path);
      return response;
    }
  }
  if (path.extension() == ".json") content_type = std::string(k_json_content_type);
  else if (path.extension() == ".html") content_type = "text/html";
  response.headers.emplace_back("content-type", content_type);
  std::uint64_t size = fs::file_size(path, ec);
  if (ec) return file_error(response, TransportError::File, fmt::format("{}: {}", redact(request.url), ec.message()));
  response.headers.emplace_back("content-length", std::to_string(size));
  std::uint64_t offset = 0, length = size;
  if (request.range) {
    offset = std::min<std::uint64_t>(request.range->offset, size);
    length = std::min<std::uint64_t>(request.range->length, size - offset);
    response.status = 206;
  } else {
    response.status = 200;
  }
  if (request.method == Method::Head) return response;
  if (length > max_body_bytes) {
    return file_error(response, TransportError::TooLarge,
                      fmt::format("{}: {} bytes exceed the limit of {} bytes", redact(request.url), length, max_body_bytes));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    response.status = 0;
    return file_error(response, TransportError::File,
                      fmt::format("{}: cannot read: {}", redact(request.url), std::strerror(errno)));
  }
  in.seekg(static_cast<std::streamoff>(offset));
  response.body.resize(length);
  in.read(response.body.data(), static_cast<std::streamsize>(length));
  response.body.resize(static_cast<std::size_t>(in.gcount()));
  return response;
}

}  // namespace mlstack::index
