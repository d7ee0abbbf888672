// SPDX-License-Identifier: MIT
// Parsers for the simple repository API's project pages, in both forms:
//
//   PEP 691 JSON  application/vnd.pypi.simple.v1+json
//     {"meta": {"api-version": "1.1"}, "name": "torch", "versions": [...],
//      "files": [{"filename", "url", "hashes", "requires-python",
//                 "yanked", "core-metadata", "size", "upload-time"}, ...]}
//   PEP 503 HTML  text/html
//     <a href="URL#sha256=HEX" data-requires-python="&gt;=3.8"
//        data-yanked="reason" data-core-metadata="sha256=HEX">filename</a>
//
// and for --find-links pages, which are HTML pages of links to files of any
// project. Relative URLs resolve against the page URL (or its <base href>),
// as a browser would. A JSON api-version whose major is not 1 is refused
// (PEP 629); a newer minor is read.
//
// The parsers never fail on one bad link: it is skipped with a problem noted
// on the page. They fail only when the page as a whole is unreadable
// (invalid JSON, a JSON document of the wrong shape, HTML that ends inside a
// tag), with a message and the byte offset.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/expected.h"
#include "index/dist_file.h"

namespace mlstack::index {

inline constexpr std::string_view k_json_content_type = "application/vnd.pypi.simple.v1+json";
inline constexpr std::string_view k_html_content_type = "application/vnd.pypi.simple.v1+html";
// What the client asks for: JSON first, then the two HTML forms (as uv and pip do).
inline constexpr std::string_view k_accept_header =
    "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01";

struct PageError {
  std::string message;     // "invalid JSON: unexpected end of input"
  std::size_t offset = 0;  // byte offset into the body where it was found
};

enum class PageFormat { Json, Html };

// The format a response's Content-Type names; HTML for text/html and for an
// unknown or missing type whose body starts with '<' after whitespace, JSON
// for a body starting with '{'.
std::optional<PageFormat> page_format(std::string_view content_type, std::string_view body);

// `page_url` is the URL the page was fetched from (after redirects): relative
// links resolve against it. `project` is the canonical name asked for; files
// naming another project are skipped with a problem, as pip does. An empty
// `project` (a find-links page) keeps every file.
Expected<ProjectPage, PageError> parse_json_page(std::string_view body, std::string_view page_url,
                                                 std::string_view project = {});
Expected<ProjectPage, PageError> parse_html_page(std::string_view body, std::string_view page_url,
                                                 std::string_view project = {});
Expected<ProjectPage, PageError> parse_page(PageFormat format, std::string_view body, std::string_view page_url,
                                            std::string_view project = {});

// "1:17: invalid JSON ..." style text: the line and column of the error's offset, then the message.
std::string describe(const PageError& error, std::string_view body);

}  // namespace mlstack::index
