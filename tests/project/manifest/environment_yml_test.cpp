// SPDX-License-Identifier: MIT
#include "project/manifest/environment_yml.h"

#include <gtest/gtest.h>

namespace mlstack::project {
namespace {

TEST(EnvironmentYml, TranslatesCondaMatchSpecs) {
  EXPECT_EQ(*conda_spec_to_pep508("python=3.8.5"), "python==3.8.5.*");
  EXPECT_EQ(*conda_spec_to_pep508("numpy==1.19.2"), "numpy==1.19.2");
  EXPECT_EQ(*conda_spec_to_pep508("numpy 1.19.2"), "numpy==1.19.2");
  EXPECT_EQ(*conda_spec_to_pep508("numpy 1.19*"), "numpy==1.19.*");
  EXPECT_EQ(*conda_spec_to_pep508("numpy>=1.19,<2"), "numpy>=1.19,<2");
  EXPECT_EQ(*conda_spec_to_pep508("pytorch::pytorch=2.1"), "pytorch==2.1.*");
  EXPECT_EQ(*conda_spec_to_pep508("pytorch=2.1.0=py3.10_cuda11.8_cudnn8.7.0_0"), "pytorch==2.1.0");
  EXPECT_EQ(*conda_spec_to_pep508("cudatoolkit"), "cudatoolkit");
}

TEST(EnvironmentYml, ReadsChannelsCondaAndPipSections) {
  Manifest m = parse_environment_yml(R"(name: ldm
channels:
  - pytorch
  - defaults
dependencies:
  - python=3.8.5
  - pytorch=1.11.0
  - pip:
    - transformers==4.19.2
    - -e git+https://github.com/openai/CLIP.git@main#egg=clip
)",
                                     "environment.yaml");
  EXPECT_TRUE(m.findings.empty());
  ASSERT_EQ(m.indexes.size(), 2u);
  EXPECT_EQ(m.indexes[0].kind, IndexEntry::Kind::CondaChannel);
  EXPECT_EQ(m.indexes[0].name, "pytorch");
  ASSERT_EQ(m.requirements.size(), 4u);
  EXPECT_EQ(m.requirements[1].text, "pytorch==1.11.0.*");
  EXPECT_EQ(m.requirements[1].form, RequirementForm::Conda);
  EXPECT_EQ(m.requirements[1].origin.to_string(), "environment.yaml:7:5");
  EXPECT_EQ(m.requirements[2].text, "transformers==4.19.2");
  EXPECT_EQ(m.requirements[2].origin.to_string(), "environment.yaml:9:7");
  EXPECT_EQ(m.requirements[2].installer, "pip");
  EXPECT_TRUE(m.requirements[3].editable);
  ASSERT_TRUE(m.requires_python.has_value());
  EXPECT_EQ(m.requires_python->text, "==3.8.5.*");
}

TEST(EnvironmentYml, MalformedYamlIsAnInputErrorWithLine) {
  Manifest m = parse_environment_yml("name: x\ndependencies:\n  - a\n - b: [\n", "environment.yml");
  ASSERT_EQ(m.findings.size(), 1u);
  EXPECT_EQ(m.findings[0].rule, "input.yaml-syntax");
  EXPECT_GE(m.findings[0].origins[0].line, 3u);
}

}  // namespace
}  // namespace mlstack::project
