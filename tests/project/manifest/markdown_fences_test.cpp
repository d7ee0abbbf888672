// SPDX-License-Identifier: MIT
#include "project/manifest/markdown_fences.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mlstack::project {
namespace {

// "kind line: command" for each line that is not prose.
std::vector<std::string> describe(std::string_view text) {
  std::vector<std::string> out;
  MarkdownLines lines(text);
  MarkdownLine line;
  while (lines.next(line)) {
    const char* kind = "";
    switch (line.kind) {
      case MarkdownLine::Kind::Prose: continue;
      case MarkdownLine::Kind::FenceOpen: kind = "open"; break;
      case MarkdownLine::Kind::Code: kind = "code"; break;
      case MarkdownLine::Kind::FenceClose: kind = "close"; break;
    }
    std::string s = std::string(kind) + " " + std::to_string(line.number);
    if (line.kind == MarkdownLine::Kind::Code && line.shell) s += ": " + std::string(line.command);
    if (line.kind == MarkdownLine::Kind::FenceOpen) s += std::string(" [") + std::string(line.info) + (line.shell ? "] shell" : "]");
    // command_offset points into the document.
    if (!line.command.empty()) {
      EXPECT_EQ(text.substr(line.command_offset, line.command.size()), line.command);
    }
    out.push_back(s);
  }
  return out;
}

using V = std::vector<std::string>;

TEST(MarkdownFences, PlainFencesAndLanguages) {
  EXPECT_EQ(describe("# T\n```bash\npip install a\n```\ntext\n```python\nimport a\n```\n~~~~\nls\n~~~\n~~~~\n"),
            (V{"open 2 [bash] shell", "code 3: pip install a", "close 4", "open 6 [python]", "code 7", "close 8",
               "open 9 [] shell", "code 10: ls", "code 11: ~~~", "close 12"}));
}

TEST(MarkdownFences, PromptsAndConsoleOutput) {
  EXPECT_EQ(describe("```console\n$ python run.py \\\n    --flag\nsome output\n> continued\n```\n"
                     "```sh\n  $ make\nplain\n```\n"),
            (V{"open 1 [console] shell", "code 2: python run.py \\", "code 3:     --flag", "code 4: ", "code 5: continued",
               "close 6", "open 7 [sh] shell", "code 8: make", "code 9: plain", "close 10"}));
}

TEST(MarkdownFences, InsideListsAndQuotes) {
  EXPECT_EQ(describe("1. Install:\n   ```bash\n   pip install a\n   ```\n> ```bash\n> $ pip install b\n> ```\n"),
            (V{"open 2 [bash] shell", "code 3: pip install a", "close 4", "open 5 [bash] shell", "code 6: pip install b",
               "close 7"}));
}

TEST(MarkdownFences, UnclosedFenceEndsWithTheDocumentAndCrLf) {
  EXPECT_EQ(describe("```bash\r\npython x.py\r\n"), (V{"open 1 [bash] shell", "code 2: python x.py", "close 3"}));
  EXPECT_EQ(describe("```"), (V{"open 1 [] shell", "close 2"}));
  EXPECT_EQ(describe(""), V{});
}

}  // namespace
}  // namespace mlstack::project
