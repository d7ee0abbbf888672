// SPDX-License-Identifier: MIT
#include "index/select.h"

#include <gtest/gtest.h>

#include "index/memory_index.h"

namespace mlstack::index {
namespace {

pep::Version v(std::string_view text) { return pep::Version::parse(text).value(); }

DistFile file(std::string filename, std::string requires_python = {}, std::optional<std::string> yanked = std::nullopt,
              std::string upload = {}) {
  DistFile f;
  f.filename = std::move(filename);
  f.url = "https://x/" + f.filename;
  f.requires_python = std::move(requires_python);
  f.yanked = std::move(yanked);
  f.upload_time = std::move(upload);
  return f;
}

// Real torch 2.3.1 / 2.5.1 file names (PyPI and the cu121 index).
const Project& torch_project(MemoryIndex& index) {
  ProjectPage page;
  page.name = "torch";
  page.files = {
      file("torch-2.3.1-cp310-cp310-manylinux1_x86_64.whl", ">=3.8.0", std::nullopt, "2024-06-05T14:33:07Z"),
      file("torch-2.3.1-cp311-cp311-manylinux1_x86_64.whl", ">=3.8.0", std::nullopt, "2024-06-05T14:32:24Z"),
      file("torch-2.3.1-cp311-none-macosx_11_0_arm64.whl", ">=3.8.0"),
      file("torch-2.5.1-cp312-cp312-manylinux1_x86_64.whl", ">=3.8.0"),
      file("torch-2.5.1-cp312-none-macosx_11_0_arm64.whl", ">=3.8.0"),
      file("torch-2.5.1+cu121-cp311-cp311-linux_x86_64.whl", ">=3.8.0"),
      file("torch-2.4.0-cp311-cp311-manylinux1_x86_64.whl", ">=3.8.0", "broken wheel"),
  };
  index.add(page);
  return index.project("torch");
}

pep::Platform linux311() {
  pep::Platform p;
  p.python_version = v("3.11.9");
  p.libc_version = v("2.31");
  return p;
}

TEST(SelectTest, JudgesEachFileOfAVersion) {
  MemoryIndex index;
  const Project& torch = torch_project(index);
  auto fits = fit_files(torch, v("2.3.1"), linux311());
  ASSERT_EQ(fits.size(), 3u);
  EXPECT_FALSE(fits[0].installs);  // cp310
  EXPECT_TRUE(fits[1].installs);
  EXPECT_FALSE(fits[2].installs);  // macOS
  EXPECT_EQ(best_wheel(fits)->filename, "torch-2.3.1-cp311-cp311-manylinux1_x86_64.whl");
  EXPECT_EQ(first_upload(torch, v("2.3.1")), "2024-06-05T14:32:24Z");
}

TEST(SelectTest, APinWithoutLocalLabelTakesLocalVariants) {
  MemoryIndex index;
  const Project& torch = torch_project(index);
  EXPECT_TRUE(torch.has_version(v("2.5.1")));
  EXPECT_EQ(torch.files_of(v("2.5.1")).size(), 3u);
  EXPECT_EQ(torch.files_of(v("2.5.1+cu121")).size(), 1u);
  EXPECT_FALSE(torch.has_version(v("2.5.1+cu118")));
}

TEST(SelectTest, NewestWithAWheelSkipsYankedAndOtherPlatforms) {
  MemoryIndex index;
  const Project& torch = torch_project(index);
  // 2.5.1 has cp312 and a +cu121 cp311 wheel: the latter installs on 3.11.
  EXPECT_EQ(newest_with_wheel(torch, linux311())->str(), "2.5.1+cu121");
  pep::Platform py310 = linux311();
  py310.python_version = v("3.10.4");
  EXPECT_EQ(newest_with_wheel(torch, py310)->str(), "2.3.1");
  EXPECT_EQ(yanked_reason(torch, v("2.4.0")), std::optional<std::string>("broken wheel"));
  EXPECT_FALSE(yanked_reason(torch, v("2.3.1")));
}

TEST(SelectTest, NearestVersionsOnBothSides) {
  MemoryIndex index;
  const Project& torch = torch_project(index);
  auto near = nearest_versions(torch, v("2.4.5"));
  ASSERT_EQ(near.below.size(), 2u);
  EXPECT_EQ(near.below[0].str(), "2.4.0");
  EXPECT_EQ(near.below[1].str(), "2.3.1");
  ASSERT_EQ(near.above.size(), 2u);
  EXPECT_EQ(near.above[0].str(), "2.5.1");
}

TEST(SelectTest, UnknownGlibcDoesNotRuleOutManylinux) {
  MemoryIndex index;
  const Project& torch = torch_project(index);
  pep::Platform open = linux311();
  open.libc_version.reset();
  EXPECT_TRUE(best_wheel(fit_files(torch, v("2.3.1"), open)));
  pep::Platform old = linux311();
  old.libc_version = v("2.4");  // older than manylinux1's 2.5
  auto fits = fit_files(torch, v("2.3.1"), old);
  EXPECT_FALSE(best_wheel(fits));
}

TEST(MemoryIndexTest, ServesVersionsAndMetadata) {
  MemoryIndex index;
  index.add_versions("Demo_Pkg", {"1.0", "2.0"});
  index.add_metadata("demo_pkg-2.0-py3-none-any.whl", "Metadata-Version: 2.1\nName: demo-pkg\nVersion: 2.0\nRequires-Dist: numpy\n");
  const Project& demo = index.project("demo.pkg");
  ASSERT_EQ(demo.versions.size(), 2u);
  EXPECT_EQ(index.dependencies(demo.files[1]).requires_dist_text, std::vector<std::string>{"numpy"});
  EXPECT_EQ(index.dependencies(demo.files[0]).state, Dependencies::State::Unknown);
  EXPECT_EQ(index.project("nothing").status, Lookup::NotFound);
  index.add_failure("flaky", "https://pypi.org/simple/flaky/: timeout");
  EXPECT_EQ(index.project("flaky").status, Lookup::Unknown);
}

}  // namespace
}  // namespace mlstack::index
