// SPDX-License-Identifier: MIT
#include "kb/constraints.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "kb/loader.h"

namespace mlstack::kb {
namespace {

const KnowledgeBase& kb() {
  static const LoadResult result = load_embedded();
  return result.kb;
}

pep::Version v(const char* text) { return *pep::Version::parse(text); }

pep::Tag tag(const char* interpreter, const char* abi, const char* platform) {
  pep::Tag out;
  out.interpreter = interpreter;
  out.abi = abi;
  out.platform = platform;
  return out;
}

std::vector<std::string> requirements(const std::vector<Constraint>& constraints) {
  std::vector<std::string> out;
  for (const Constraint& constraint : constraints) out.push_back(constraint.requirement.str());
  return out;
}

const Constraint* find(const std::vector<Constraint>& constraints, std::string_view name) {
  for (const Constraint& constraint : constraints)
    if (constraint.requirement.name == name) return &constraint;
  return nullptr;
}

bool has(const std::vector<std::string>& items, const std::string& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

TEST(ConstraintsTest, FlashAttnWheelLabelGivesTheIssueExample) {
  std::vector<pep::Tag> tags{tag("cp310", "cp310", "linux_x86_64")};
  auto constraints = derive_constraints(kb(), "flash_attn", v("2.5.8+cu122torch2.3cxx11abiFALSE"), tags);
  auto texts = requirements(constraints);
  EXPECT_TRUE(has(texts, "torch==2.3.*")) << ::testing::PrintToString(texts);
  EXPECT_TRUE(has(texts, "__torch-cxx11abi==0")) << ::testing::PrintToString(texts);
  EXPECT_TRUE(has(texts, "__python==3.10.*")) << ::testing::PrintToString(texts);
  EXPECT_TRUE(has(texts, "__sm>=8.0")) << ::testing::PrintToString(texts);
  const Constraint* runtime = find(constraints, "__cuda-runtime");
  ASSERT_NE(runtime, nullptr);
  EXPECT_TRUE(runtime->requirement.specifier.contains(v("12.1"), true));
  EXPECT_FALSE(runtime->requirement.specifier.contains(v("13.0"), true));
  EXPECT_FALSE(runtime->requirement.specifier.contains(v("11.8"), true));
  // Every constraint of the wheel's label cites the CI job that built this
  // wheel; Requires-Python cites the release's row.
  for (const Constraint& constraint : constraints) {
    if (constraint.requirement.str().starts_with("__python>=")) {
      EXPECT_EQ(constraint.origin.context, "flash-attn:2.5.8");
      continue;
    }
    EXPECT_EQ(constraint.origin.kind, Origin::Kind::Fact);
    EXPECT_EQ(constraint.origin.context, "flash-attn.build:2.5.8/torch2.3/12.2.2");
    EXPECT_NE(constraint.origin.source.find("Dao-AILab/flash-attention"), std::string::npos);
  }
}

TEST(ConstraintsTest, FlashAttnWithoutLabelStillNeedsAmpere) {
  auto constraints = derive_constraints(kb(), "flash-attn", v("2.8.3"));
  const Constraint* sm = find(constraints, "__sm");
  ASSERT_NE(sm, nullptr);
  EXPECT_TRUE(sm->requirement.specifier.contains(v("8.6"), true));
  EXPECT_FALSE(sm->requirement.specifier.contains(v("7.5"), true));
}

TEST(ConstraintsTest, TorchCudaBuildNeedsItsDriver) {
  auto constraints = derive_constraints(kb(), "torch", v("2.3.0+cu121"));
  const Constraint* cuda = find(constraints, "__cuda");
  ASSERT_NE(cuda, nullptr);
  EXPECT_EQ(cuda->requirement.str(), "__cuda>=12.1");
  EXPECT_EQ(cuda->origin.context, "cuda:12.1");
  EXPECT_NE(cuda->reason.find("530.30.02"), std::string::npos) << cuda->reason;
  const Constraint* triton = find(constraints, "triton");
  ASSERT_NE(triton, nullptr);
  EXPECT_TRUE(triton->requirement.specifier.contains(v("2.3.0"), true));
  EXPECT_TRUE(triton->requirement.marker.has_value());
  const Constraint* sm = find(constraints, "__sm");
  ASSERT_NE(sm, nullptr);
  EXPECT_TRUE(sm->requirement.specifier.contains(v("5.0"), true));
  EXPECT_TRUE(sm->requirement.specifier.contains(v("9.0"), true));
  EXPECT_FALSE(sm->requirement.specifier.contains(v("3.7"), true));
  // No PTX in the cu121 build: a Blackwell GPU (12.0) has no kernel image.
  EXPECT_FALSE(sm->requirement.specifier.contains(v("12.0"), true));
  EXPECT_EQ(sm->origin.context, "torch.arch:2.3/cu121");
  EXPECT_NE(find(constraints, "__python"), nullptr);
}

TEST(ConstraintsTest, TorchWithPtxHasNoUpperGpuBound) {
  auto constraints = derive_constraints(kb(), "torch", v("2.9.0+cu130"));
  const Constraint* sm = find(constraints, "__sm");
  ASSERT_NE(sm, nullptr);
  EXPECT_FALSE(sm->requirement.specifier.contains(v("7.0"), true)) << "CUDA 13 builds start at Turing";
  EXPECT_TRUE(sm->requirement.specifier.contains(v("7.5"), true));
  EXPECT_TRUE(sm->requirement.specifier.contains(v("12.1"), true));
}

TEST(ConstraintsTest, MajorsAndMinorsMissingFromTheArchListAreExcluded) {
  // torch 2.8 cu128: 7.0, 7.5, 8.0, 8.6, 9.0, 10.0, 12.0 and no PTX: an 11.x
  // GPU has no kernel (10.0 SASS does not run on another major, and PTX
  // would only help newer GPUs); 8.9 runs 8.6's SASS, 10.3 runs 10.0's.
  auto constraints = derive_constraints(kb(), "torch", v("2.8.0+cu128"));
  const Constraint* sm = find(constraints, "__sm");
  ASSERT_NE(sm, nullptr);
  EXPECT_FALSE(sm->requirement.specifier.contains(v("11.0"), true)) << sm->requirement.str();
  EXPECT_TRUE(sm->requirement.specifier.contains(v("8.9"), true));
  EXPECT_TRUE(sm->requirement.specifier.contains(v("10.3"), true));
  EXPECT_TRUE(sm->requirement.specifier.contains(v("12.0"), true));
  EXPECT_NE(sm->reason.find("except 11.x"), std::string::npos) << sm->reason;
  // torch 2.3 cu121 (5.0 .. 9.0 without a gap) gets no exclusion.
  auto old_constraints = derive_constraints(kb(), "torch", v("2.3.0+cu121"));
  const Constraint* old = find(old_constraints, "__sm");
  ASSERT_NE(old, nullptr);
  EXPECT_EQ(old->requirement.str().find("!="), std::string::npos) << old->requirement.str();
}

TEST(ConstraintsTest, PlainPypiTorchIsItsDefaultCudaBuild) {
  std::vector<pep::Tag> tags{tag("cp311", "cp311", "manylinux_2_28_x86_64")};
  auto constraints = derive_constraints(kb(), "torch", v("2.7.1"), tags);
  const Constraint* cuda = find(constraints, "__cuda");
  ASSERT_NE(cuda, nullptr);
  EXPECT_EQ(cuda->requirement.str(), "__cuda>=12.6");
}

TEST(ConstraintsTest, MacTorchAndCpuTorchNeedNoDriver) {
  std::vector<pep::Tag> mac{tag("cp311", "cp311", "macosx_11_0_arm64")};
  EXPECT_EQ(find(derive_constraints(kb(), "torch", v("2.7.1"), mac), "__cuda"), nullptr);
  EXPECT_EQ(find(derive_constraints(kb(), "torch", v("2.7.1+cpu")), "__cuda"), nullptr);
}

TEST(ConstraintsTest, TorchvisionPinsItsTorch) {
  auto constraints = derive_constraints(kb(), "torchvision", v("0.18.0+cu121"));
  const Constraint* torch = find(constraints, "torch");
  ASSERT_NE(torch, nullptr);
  EXPECT_EQ(torch->requirement.str(), "torch==2.3.0");
  EXPECT_EQ(torch->origin.context, "torch:2.3.0");
  EXPECT_NE(find(constraints, "__cuda"), nullptr);
}

TEST(ConstraintsTest, CouplingRulesApplyByVersion) {
  auto transformers = coupling_constraints(kb(), "transformers", v("4.46.0"));
  const Constraint* hub = find(transformers, "huggingface-hub");
  ASSERT_NE(hub, nullptr);
  EXPECT_EQ(hub->requirement.str(), "huggingface-hub<1.0");
  EXPECT_EQ(hub->origin.context, "coupling:transformers4-hub-lt1");
  EXPECT_EQ(find(coupling_constraints(kb(), "transformers", v("5.0.0")), "huggingface-hub")->requirement.str(),
            "huggingface-hub>=1.0");
  auto xformers = derive_constraints(kb(), "xformers", v("0.0.26.post1"));
  ASSERT_NE(find(xformers, "torch"), nullptr);
  EXPECT_EQ(find(xformers, "torch")->requirement.str(), "torch==2.3.0");
  EXPECT_TRUE(derive_constraints(kb(), "requests", v("2.31.0")).empty());
}

}  // namespace
}  // namespace mlstack::kb
