// SPDX-License-Identifier: MIT
// Markdown: install commands in fenced shell blocks (markdown_fences.h) and inline code spans.
#include <algorithm>

#include "project/manifest/detail/shell_text.h"
#include "project/manifest/detail/text.h"
#include "project/manifest/markdown_fences.h"
#include "project/manifest/shell_script.h"

namespace mlstack::project {
namespace {

bool starts_install(std::string_view code) {
  code = detail::trim(code);
  if (code.starts_with("$ ")) code.remove_prefix(2);
  for (std::string_view prefix : {"pip ", "pip3 ", "python -m pip ", "python3 -m pip ", "uv pip ", "uv add ",
                                  "poetry add ", "conda install ", "mamba install ", "micromamba install "}) {
    if (code.starts_with(prefix)) return true;
  }
  return false;
}

struct Block {
  std::size_t begin;
  std::size_t end;
};

}  // namespace

Manifest parse_markdown(std::string_view text, const std::string& path) {
  Manifest manifest;
  manifest.path = path;
  manifest.kind = ManifestKind::Markdown;
  std::string shell(text.size(), ' ');
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') shell[i] = '\n';
  }
  std::vector<Block> blocks;
  std::size_t block_begin = 0;
  MarkdownLines lines(text);
  MarkdownLine line;
  while (lines.next(line)) {
    switch (line.kind) {
      case MarkdownLine::Kind::FenceOpen:
        block_begin = std::min(text.find('\n', line.offset), text.size()) + 1;
        break;
      case MarkdownLine::Kind::Code:
        for (std::size_t i = 0; i < line.command.size(); ++i) shell[line.command_offset + i] = line.command[i];
        break;
      case MarkdownLine::Kind::FenceClose:
        if (line.shell) {
          std::size_t begin = std::min(block_begin, text.size());
          blocks.push_back({begin, std::max(begin, line.offset)});
        }
        break;
      case MarkdownLine::Kind::Prose: {
        // Inline `pip install ...` spans in prose.
        std::size_t tick = line.text.find('`');
        while (tick != std::string_view::npos) {
          std::size_t close = line.text.find('`', tick + 1);
          if (close == std::string_view::npos) break;
          std::string_view code = line.text.substr(tick + 1, close - tick - 1);
          if (starts_install(code)) {
            for (std::size_t i = tick + 1; i < close; ++i) shell[line.offset + i] = text[line.offset + i];
            blocks.push_back({line.offset + tick + 1, line.offset + close});
          }
          tick = line.text.find('`', close + 1);
        }
        break;
      }
    }
  }
  std::sort(blocks.begin(), blocks.end(), [](const Block& a, const Block& b) { return a.begin < b.begin; });
  // Blocks are read in document order and share variables, as a reader
  // following the instructions would.
  ShellVariables variables;
  const detail::LineIndex index(text);
  for (const Block& block : blocks) {
    std::size_t before = manifest.requirements.size();
    detail::read_shell_text(index, shell, manifest, variables, block.begin, block.end);
    for (std::size_t i = before; i < manifest.requirements.size(); ++i) {
      manifest.requirements[i].origin.context = manifest.requirements[i].installer + " (code block)";
    }
  }
  return manifest;
}

}  // namespace mlstack::project
