// SPDX-License-Identifier: MIT
// What an untrusted project or environment may put into mlstack's output is
// made safe before it reaches a terminal or a file:
//   - credentials in URLs are masked the way pip prints them
//     (https://user:****@host, https://****@host for a lone token), in every
//     format, since reports and saved environments are shared;
//   - in text and Markdown, control characters (ESC, CR, BEL, C1 controls)
//     and bytes that are not UTF-8 are shown escaped (\x1b, \u009b, \xff), so
//     a file name or a distribution name cannot move the cursor, retitle the
//     window or hide a line. JSON escapes them by itself.
// Renderers call these on the finished Document or text; they compute nothing.
#pragma once

#include <string>
#include <string_view>

#include "report/document.h"

namespace mlstack::report {

// Masks the userinfo of every scheme://user:password@host in `text`.
std::string mask_url_credentials(std::string_view text);
// The same, handing `text` back without a copy when nothing needs masking
// (a JSON document of half a megabyte, most often).
std::string mask_url_credentials_in(std::string&& text);

// Escapes control characters and invalid UTF-8; newlines and tabs stay when
// `multiline`, else a newline shows as \n.
std::string escape_controls(std::string_view text, bool multiline);

// Both of the above, on every string of a Document's sections and findings
// (its JSON `data` is left to render_json).
Document terminal_safe(const Document& document);

}  // namespace mlstack::report
