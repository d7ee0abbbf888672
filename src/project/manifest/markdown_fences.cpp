// SPDX-License-Identifier: MIT
#include "project/manifest/markdown_fences.h"

#include <cctype>

#include "project/manifest/detail/text.h"

namespace mlstack::project {

bool shell_fence_language(std::string_view info) {
  std::string language(info.substr(0, info.find_first_of(" \t{")));
  for (char& c : language) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return language.empty() || language == "bash" || language == "sh" || language == "shell" ||
         language == "console" || language == "zsh" || language == "shell-session" || language == "shellsession" ||
         language == "dockerfile" || language == "text" || language == "powershell" || language == "ps1" ||
         language == "cmd" || language == "bat";
}

bool MarkdownLines::next(MarkdownLine& out) {
  if (m_done) return false;
  if (m_pos >= m_text.size()) {
    m_done = true;
    if (!m_in_fence) return false;
    // A fence left open closes at the end of the document.
    out = MarkdownLine{};
    out.kind = MarkdownLine::Kind::FenceClose;
    out.text = m_text.substr(m_text.size());
    out.offset = m_text.size();
    out.number = m_number + 1;
    out.info = m_info;
    out.shell = m_shell;
    out.console = m_console;
    m_in_fence = false;
    return true;
  }
  std::size_t end = m_text.find('\n', m_pos);
  if (end == std::string_view::npos) end = m_text.size();
  out = MarkdownLine{};
  out.text = m_text.substr(m_pos, end - m_pos);
  if (!out.text.empty() && out.text.back() == '\r') out.text.remove_suffix(1);
  out.offset = m_pos;
  out.number = ++m_number;
  m_pos = end + 1;

  std::string_view line = out.text;
  std::size_t indent = line.find_first_not_of(" \t>");  // fences inside lists and quotes
  std::string_view body = indent == std::string_view::npos ? std::string_view() : line.substr(indent);
  if (!m_in_fence) {
    if (body.starts_with("```") || body.starts_with("~~~")) {
      std::size_t n = body.find_first_not_of(body[0]);
      m_fence = std::string(body.substr(0, n == std::string_view::npos ? body.size() : n));
      m_info = detail::trim(body.substr(m_fence.size()));
      m_in_fence = true;
      m_container = indent;
      m_shell = shell_fence_language(m_info);
      m_console = m_info.starts_with("console") || m_info.starts_with("shell-session");
      m_continued = false;
      out.kind = MarkdownLine::Kind::FenceOpen;
      out.info = m_info;
      out.shell = m_shell;
      out.console = m_console;
    }
    return true;
  }
  out.info = m_info;
  out.shell = m_shell;
  out.console = m_console;
  std::string_view trimmed = detail::trim(body);
  if (trimmed.starts_with(m_fence) && trimmed.find_first_not_of(m_fence[0]) == std::string_view::npos) {
    m_in_fence = false;
    out.kind = MarkdownLine::Kind::FenceClose;
    return true;
  }
  out.kind = MarkdownLine::Kind::Code;
  if (!m_shell) return true;
  // Take off the container prefix: up to the opening line's width of blanks and `>`.
  std::size_t from = 0;
  while (from < m_container && from < line.size() && (line[from] == ' ' || line[from] == '\t' || line[from] == '>')) ++from;
  std::string_view code = line.substr(from);
  std::size_t lead = code.find_first_not_of(" \t");
  bool prompted = lead != std::string_view::npos &&
                  (code.substr(lead).starts_with("$ ") || code.substr(lead).starts_with("> "));
  if (prompted) {
    from += lead + 2;
  } else if (m_console && !m_continued) {
    return true;  // an output line of a console session
  }
  out.command = line.substr(from);
  out.command_offset = out.offset + from;
  std::string_view tail = detail::trim(out.command);
  m_continued = !tail.empty() && tail.back() == '\\';
  return true;
}

}  // namespace mlstack::project
