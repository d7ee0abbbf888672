// SPDX-License-Identifier: MIT
#include "index/simple_page.h"

#include <cctype>

#include <fmt/format.h>

#include "core/parse_error.h"

namespace mlstack::index {

std::optional<PageFormat> page_format(std::string_view content_type, std::string_view body) {
  std::string type;
  for (char c : content_type.substr(0, content_type.find(';'))) {
    if (!std::isspace(static_cast<unsigned char>(c))) type += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (type == k_json_content_type || type == "application/json") return PageFormat::Json;
  if (type == k_html_content_type || type == "text/html" || type == "application/xhtml+xml") return PageFormat::Html;
  // file:// answers and servers that send no useful type: look at the body.
  std::size_t first = body.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return type.empty() || type == "text/plain" || type == "application/octet-stream"
                                                   ? std::optional<PageFormat>(PageFormat::Html)
                                                   : std::nullopt;
  if (type.empty() || type == "text/plain" || type == "application/octet-stream") {
    if (body[first] == '{') return PageFormat::Json;
    if (body[first] == '<') return PageFormat::Html;
  }
  return std::nullopt;
}

Expected<ProjectPage, PageError> parse_page(PageFormat format, std::string_view body, std::string_view page_url,
                                            std::string_view project) {
  return format == PageFormat::Json ? parse_json_page(body, page_url, project) : parse_html_page(body, page_url, project);
}

std::string describe(const PageError& error, std::string_view body) {
  LineColumn at = line_column(body, std::min(error.offset, body.size()));
  return fmt::format("{}:{}: {}", at.line, at.column, error.message);
}

}  // namespace mlstack::index
