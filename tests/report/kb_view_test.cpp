// SPDX-License-Identifier: MIT
// The built-in kb is loaded from rows the build parsed (scripts/embed_kb.py),
// not from its TOML text. Every table, shown as `mlstack kb show` shows it
// (each row's fields, fact id, source and file:line), must be the same as
// when toml++ parses the embedded text: the build's reader and the run-time
// one agree on every built-in file.
#include <gtest/gtest.h>

#include "kb/embedded.h"
#include "kb/loader.h"
#include "report/kb_view.h"

namespace mlstack::report {
namespace {

kb::LoadResult load_embedded_texts() {
  std::vector<kb::KbFile> files;
  for (const kb::EmbeddedFile& file : kb::embedded_files())
    files.push_back({std::string(file.name), std::string(file.name), std::string(file.text)});
  return kb::load(files);
}

TEST(KbViewTest, PreParsedBuiltInKbShowsAsTheParsedText) {
  kb::LoadResult pre_parsed = kb::load_embedded();
  kb::LoadResult parsed = load_embedded_texts();
  EXPECT_TRUE(pre_parsed.findings.empty());
  EXPECT_TRUE(parsed.findings.empty());
  EXPECT_EQ(pre_parsed.files, parsed.files);
  ASSERT_FALSE(kb_table_names().empty());
  for (const std::string& table : kb_table_names()) {
    auto a = kb_show_view(pre_parsed, table, {});
    auto b = kb_show_view(parsed, table, {});
    ASSERT_TRUE(a.has_value()) << table;
    ASSERT_TRUE(b.has_value()) << table;
    EXPECT_FALSE(a->data.empty()) << table;
    EXPECT_EQ(render_json(*a), render_json(*b)) << table;
    EXPECT_EQ(render_text(*a, {}), render_text(*b, {})) << table;
  }
  EXPECT_EQ(render_json(kb_list_view(pre_parsed)), render_json(kb_list_view(parsed)));
}

TEST(KbViewTest, SelectedBuiltInFilesArePreParsedToo) {
  constexpr std::string_view names[] = {"coupling.toml", "torch.toml"};
  kb::LoadResult loaded = kb::load_embedded(names);
  EXPECT_TRUE(loaded.findings.empty());
  EXPECT_EQ(loaded.files, (std::vector<std::string>{"coupling.toml", "torch.toml"}));
  EXPECT_FALSE(loaded.kb.coupling_rules.empty());
  EXPECT_FALSE(loaded.kb.torch_releases.empty());
  EXPECT_TRUE(loaded.kb.flash_attn_builds.empty());
}

}  // namespace
}  // namespace mlstack::report
