// SPDX-License-Identifier: MIT
// Markdown: install commands in fenced shell blocks and inline code spans.
#include <algorithm>
#include <cctype>

#include "project/manifest/detail/shell_text.h"
#include "project/manifest/detail/text.h"
#include "project/manifest/shell_script.h"

namespace mlstack::project {
namespace {

bool shell_language(std::string_view info) {
  std::string language(info.substr(0, info.find_first_of(" \t{")));
  for (char& c : language) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return language.empty() || language == "bash" || language == "sh" || language == "shell" ||
         language == "console" || language == "zsh" || language == "shell-session" || language == "shellsession" ||
         language == "dockerfile" || language == "text" || language == "powershell" || language == "ps1" ||
         language == "cmd" || language == "bat";
}

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
  std::size_t pos = 0;
  bool in_fence = false;
  bool fence_is_shell = false;
  bool console = false;
  std::string fence;
  std::size_t block_begin = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    std::size_t indent = line.find_first_not_of(" \t>");  // fences inside lists and quotes
    std::string_view body = indent == std::string_view::npos ? std::string_view() : line.substr(indent);
    if (!in_fence && (body.starts_with("```") || body.starts_with("~~~"))) {
      std::size_t n = body.find_first_not_of(body[0]);
      fence = std::string(body.substr(0, n == std::string_view::npos ? body.size() : n));
      std::string_view info = detail::trim(body.substr(fence.size()));
      in_fence = true;
      fence_is_shell = shell_language(info);
      console = info.starts_with("console") || info.starts_with("shell-session");
      block_begin = end + 1;
    } else if (in_fence && detail::trim(body).starts_with(fence) &&
               detail::trim(body).find_first_not_of(fence[0]) == std::string_view::npos) {
      in_fence = false;
      if (fence_is_shell) blocks.push_back({std::min(block_begin, text.size()), pos});
    } else if (in_fence && fence_is_shell) {
      std::size_t from = pos;
      std::size_t lead = line.find_first_not_of(" \t");
      if (lead != std::string_view::npos && (line.substr(lead).starts_with("$ ") || line.substr(lead).starts_with("> "))) {
        from = pos + lead + 2;
      } else if (console) {
        from = end;  // output lines of a console session
      }
      for (std::size_t i = from; i < end; ++i) shell[i] = text[i];
    } else if (!in_fence) {
      // Inline `pip install ...` spans in prose.
      std::size_t tick = line.find('`');
      while (tick != std::string_view::npos) {
        std::size_t close = line.find('`', tick + 1);
        if (close == std::string_view::npos) break;
        std::string_view code = line.substr(tick + 1, close - tick - 1);
        if (starts_install(code)) {
          for (std::size_t i = tick + 1; i < close; ++i) shell[pos + i] = text[pos + i];
          blocks.push_back({pos + tick + 1, pos + close});
        }
        tick = line.find('`', close + 1);
      }
    }
    pos = end + 1;
  }
  if (in_fence && fence_is_shell) blocks.push_back({std::min(block_begin, text.size()), text.size()});
  std::sort(blocks.begin(), blocks.end(), [](const Block& a, const Block& b) { return a.begin < b.begin; });
  // Blocks are read in document order and share variables, as a reader
  // following the instructions would.
  ShellVariables variables;
  for (const Block& block : blocks) {
    std::size_t before = manifest.requirements.size();
    detail::read_shell_text(text, shell, manifest, variables, block.begin, block.end);
    for (std::size_t i = before; i < manifest.requirements.size(); ++i) {
      manifest.requirements[i].origin.context = manifest.requirements[i].installer + " (code block)";
    }
  }
  return manifest;
}

}  // namespace mlstack::project
