// SPDX-License-Identifier: MIT
#include "project/manifest/shell_script.h"

#include <gtest/gtest.h>

namespace mlstack::project {
namespace {

TEST(ShellScript, ReadsInstallCommandsWithIndexesAndExpansions) {
  Manifest m = parse_shell_script(R"(#!/bin/bash
set -euo pipefail
CUDA_VERSION=12.8
TORCH_VERSION="2.8.0"
TORCH_PACKAGE="torch==${TORCH_VERSION}+cu${CUDA_VERSION//./}"
pip install "$TORCH_PACKAGE" torchvision --index-url https://download.pytorch.org/whl/cu${CUDA_VERSION//./}
python -m pip install flash-attn --no-build-isolation
uv pip install "transformers>=4.43,<5"
sudo -E pip3 install -r requirements.txt
conda install -y -c pytorch pytorch-cuda=12.1
poetry add --group dev pytest@^8.0
uv add --dev ruff
)",
                                  "install.sh");
  ASSERT_EQ(m.requirements.size(), 7u);
  EXPECT_EQ(m.requirements[0].text, "torch==2.8.0+cu128");
  EXPECT_EQ(m.requirements[0].origin.to_string(), "install.sh:6:13");
  EXPECT_EQ(m.requirements[0].installer, "pip");
  EXPECT_EQ(m.requirements[0].scope, Scope::Install);
  EXPECT_EQ(m.requirements[1].text, "torchvision");
  EXPECT_EQ(m.requirements[2].text, "flash-attn");
  EXPECT_EQ(m.requirements[2].notes, (std::vector<std::string>{"--no-build-isolation"}));
  EXPECT_EQ(m.requirements[3].text, "transformers>=4.43,<5");
  EXPECT_EQ(m.requirements[3].installer, "uv pip");
  EXPECT_EQ(m.requirements[4].text, "pytorch-cuda==12.1.*");
  EXPECT_EQ(m.requirements[4].installer, "conda");
  EXPECT_EQ(m.requirements[5].text, "pytest>=8.0,<9.0");
  EXPECT_EQ(m.requirements[5].group, "dev");
  EXPECT_EQ(m.requirements[6].text, "ruff");
  EXPECT_EQ(m.requirements[6].installer, "uv add");
  ASSERT_EQ(m.indexes.size(), 2u);
  EXPECT_EQ(m.indexes[0].url, "https://download.pytorch.org/whl/cu128");
  EXPECT_EQ(m.indexes[0].packages, (std::vector<std::string>{"torch", "torchvision"}));
  EXPECT_EQ(m.indexes[1].kind, IndexEntry::Kind::CondaChannel);
  EXPECT_EQ(m.includes, (std::vector<std::string>{"requirements.txt"}));
}

TEST(ShellScript, UnresolvedVariablesAreNotedNotGuessed) {
  Manifest m = parse_shell_script("pip install torch==${TORCH_VERSION}\n", "setup.sh");
  ASSERT_EQ(m.requirements.size(), 1u);
  EXPECT_EQ(m.requirements[0].text, "torch==${TORCH_VERSION}");
  EXPECT_EQ(m.requirements[0].unresolved, (std::vector<std::string>{"TORCH_VERSION"}));
}

TEST(Dockerfile, RunLinesWithEnvAndArg) {
  Manifest m = parse_dockerfile(R"(FROM nvidia/cuda:12.1.0-devel-ubuntu22.04
ARG TORCH=2.3.1
ENV CUDA_TAG cu121
# a comment
RUN --mount=type=cache,target=/root/.cache pip install \
    # pinned torch
    torch==${TORCH}+${CUDA_TAG} \
    --extra-index-url https://download.pytorch.org/whl/${CUDA_TAG}
COPY . /app
RUN ["pip", "install", "numpy<2"]
)",
                                "Dockerfile");
  ASSERT_EQ(m.requirements.size(), 2u);
  EXPECT_EQ(m.requirements[0].text, "torch==2.3.1+cu121");
  EXPECT_EQ(m.requirements[0].origin.to_string(), "Dockerfile:7:5");
  EXPECT_EQ(m.requirements[1].text, "numpy<2");
  ASSERT_EQ(m.indexes.size(), 1u);
  EXPECT_EQ(m.indexes[0].url, "https://download.pytorch.org/whl/cu121");
}

TEST(Markdown, FencedShellBlocksAndInlineSpans) {
  Manifest m = parse_markdown(R"(# Demo

Install with `pip install demo-pkg==1.0`.

```bash
$ pip install flash-attn==2.5.8 --no-build-isolation \
    --extra-index-url https://flashattn.github.io/whl/cu121/torch2.3/
```

```python
# pip install not-this
```

~~~console
$ conda install -c conda-forge cudatoolkit=11.8
Collecting cudatoolkit
~~~
)",
                              "README.md");
  ASSERT_EQ(m.requirements.size(), 3u);
  EXPECT_EQ(m.requirements[0].text, "demo-pkg==1.0");
  EXPECT_EQ(m.requirements[0].origin.to_string(), "README.md:3:27");
  EXPECT_EQ(m.requirements[1].text, "flash-attn==2.5.8");
  EXPECT_EQ(m.requirements[1].origin.to_string(), "README.md:6:15");
  EXPECT_EQ(m.requirements[2].text, "cudatoolkit==11.8.*");
  ASSERT_EQ(m.indexes.size(), 2u);
  EXPECT_EQ(m.indexes[0].url, "https://flashattn.github.io/whl/cu121/torch2.3/");
}

}  // namespace
}  // namespace mlstack::project
