// SPDX-License-Identifier: MIT
// The lines of a Markdown document with their fenced code blocks told apart,
// for every reader that wants the commands a README shows (install commands:
// parse_markdown; `python -m x` commands: project/code_scan). Fences follow
// CommonMark where it matters for real READMEs:
//   - ``` or ~~~, three or more, closed by a line of the same character at
//     least as long; a fence left open runs to the end of the document;
//   - fences inside list items and block quotes: the opening line's
//     indentation and `>` markers are taken off every line of the block;
//   - the info string's first word is the language; a block with none or a
//     shell-like one (bash, sh, console, text, powershell, ...) is a shell block;
//   - in a shell block a `$ ` or `> ` prompt is taken off; in a `console` /
//   `shell-session` block only prompted lines (and the continuations of a
//     prompted line ending in `\`) are commands, the others are output.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace mlstack::project {

struct MarkdownLine {
  enum class Kind {
    Prose,       // outside any fence
    FenceOpen,   // the opening ``` line
    Code,        // a line inside a fence
    FenceClose,  // the closing line; for a fence left open, an empty line at the end of the document
  };
  Kind kind = Kind::Prose;
  std::string_view text;   // the whole line, without its newline
  std::size_t offset = 0;  // of `text` in the document
  std::uint32_t number = 0;  // 1-based line number

  // The fence this line belongs to (not for Prose).
  std::string_view info;   // "bash", "console title=run.sh"
  bool shell = false;      // no language, or a shell-like one
  bool console = false;    // console / shell-session: only prompted lines are commands

  // Code lines of shell blocks: the command the line holds, without the
  // container prefix and the prompt; empty for an output line of a console
  // block (and for blocks that are not shell).
  std::string_view command;
  std::size_t command_offset = 0;  // of `command` in the document
};

class MarkdownLines {
 public:
  explicit MarkdownLines(std::string_view text) : m_text(text) {}

  // The next line; false after the last one.
  bool next(MarkdownLine& out);

 private:
  std::string_view m_text;
  std::size_t m_pos = 0;
  std::uint32_t m_number = 0;
  bool m_in_fence = false;
  bool m_done = false;
  std::string m_fence;        // "```" or "~~~~"
  std::size_t m_container = 0;  // width of the opening line's indentation and `>` markers
  std::string_view m_info;
  bool m_shell = false;
  bool m_console = false;
  bool m_continued = false;   // the previous command ended with `\`
};

// True for an info string naming no language or a shell-like one.
bool shell_fence_language(std::string_view info);

}  // namespace mlstack::project
