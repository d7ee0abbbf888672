// SPDX-License-Identifier: MIT
#include "report/env_view.h"

#include <gtest/gtest.h>

#include "env/fake_system.h"

namespace mlstack::report {
namespace {

const Section* section(const Document& document, std::string_view title) {
  for (const Section& s : document.sections)
    if (s.title == title) return &s;
  return nullptr;
}

env::EnvReport sample() {
  env::FakeSystem system;
  system.add_file("/venv/lib/python3.11/site-packages/torch-2.3.0+cu121.dist-info/METADATA",
                  "Name: torch\nVersion: 2.3.0+cu121\nRequires-Dist: triton==2.3.0\n");
  system.add_file("/venv/lib/python3.11/site-packages/torch/version.py", "__version__ = '2.3.0+cu121'\ncuda = '12.1'\n");
  system.add_file("/venv/lib/python3.11/site-packages/nvidia_cudnn_cu12-8.9.2.26.dist-info/METADATA",
                  "Name: nvidia-cudnn-cu12\nVersion: 8.9.2.26\n");
  env::InspectOptions options;
  options.request.site_dirs = {"/venv/lib/python3.11/site-packages"};
  return env::inspect(system, options);
}

TEST(EnvView, HasTheSectionsOfAnEnvironmentInventory) {
  Document document = env_document(sample());
  EXPECT_EQ(document.command, "env");
  EXPECT_EQ(document.title, "mlstack env: /venv");
  for (const char* title : {"Machine", "Python", "Torch build", "Distributions", "Dependency problems"})
    EXPECT_NE(section(document, title), nullptr) << title;
  const Section* dists = section(document, "Distributions");
  const Table& table = std::get<Table>(dists->blocks[1]);
  EXPECT_EQ(table.columns[0].header, "Package");
  EXPECT_EQ(table.columns[1].header, "Installed version");
  EXPECT_TRUE(table.columns[1].code);
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_EQ(table.rows[1][0], "torch");
  ASSERT_EQ(dists->subsections.size(), 1u);
  EXPECT_EQ(dists->subsections[0].title, "NVIDIA CUDA wheels");
}

TEST(EnvView, ProblemsBecomeFindingsAndPayload) {
  Document document = env_document(sample());
  bool missing = false;
  for (const Finding& finding : document.findings) missing |= finding.rule == "env.missing-dependency";
  EXPECT_TRUE(missing);
  EXPECT_EQ(document.data["env_schema"], 1);
  EXPECT_EQ(document.data["problems"][0]["dependency"], "triton");
  EXPECT_EQ(document.data["environment"]["torch"]["cuda"], "12.1");
  EXPECT_TRUE(document.data["machine"]["driver"].is_null());
}

TEST(EnvView, MarkdownRendersTheSeedTable) {
  std::string markdown = render_markdown(env_document(sample()));
  EXPECT_NE(markdown.find("| torch | `2.3.0+cu121` |"), std::string::npos) << markdown;
}

}  // namespace
}  // namespace mlstack::report
