// SPDX-License-Identifier: MIT
// The wheel flash-attn's setup.py asks for, per release era of its CUDA tag.
#include "kb/flash_attn_wheels.h"

#include <gtest/gtest.h>

#include "kb/loader.h"

namespace mlstack::kb {
namespace {

const KnowledgeBase& kb() {
  static const LoadResult loaded = load_embedded();
  return loaded.kb;
}

pep::Version v(const char* text) { return *pep::Version::parse(text); }

FlashAttnTarget target(const char* torch, int cuda_major, int cuda_minor, bool abi, const char* python) {
  FlashAttnTarget t;
  t.torch_minor = torch;
  t.cuda_major = cuda_major;
  t.cuda_minor = cuda_minor;
  t.cxx11abi = abi;
  t.python = python;
  return t;
}

TEST(FlashAttnWheelsTest, CudaMajorTagFrom270) {
  auto answer = flash_attn_wheel_for(kb(), v("2.7.4.post1"), target("2.3", 12, 1, false, "3.10"));
  ASSERT_EQ(answer.status, FlashAttnWheelAnswer::Status::Found) << answer.why;
  EXPECT_EQ(answer.filename, "flash_attn-2.7.4.post1+cu12torch2.3cxx11abiFALSE-cp310-cp310-linux_x86_64.whl");
  EXPECT_EQ(answer.url, "https://github.com/Dao-AILab/flash-attention/releases/download/v2.7.4.post1/" + answer.filename);
  ASSERT_NE(answer.fact, nullptr);
}

TEST(FlashAttnWheelsTest, Cu123TagFor263) {
  auto answer = flash_attn_wheel_for(kb(), v("2.6.3"), target("2.3", 12, 1, false, "3.10"));
  ASSERT_EQ(answer.status, FlashAttnWheelAnswer::Status::Found) << answer.why;
  EXPECT_EQ(answer.filename, "flash_attn-2.6.3+cu123torch2.3cxx11abiFALSE-cp310-cp310-linux_x86_64.whl");
}

TEST(FlashAttnWheelsTest, NoWheelForATorchTheCiDidNotBuild) {
  auto answer = flash_attn_wheel_for(kb(), v("2.7.4.post1"), target("2.8", 12, 8, true, "3.10"));
  EXPECT_EQ(answer.status, FlashAttnWheelAnswer::Status::None);
  EXPECT_EQ(answer.why, "its CI built no wheel for torch 2.8");
  // Linux x86_64 only.
  FlashAttnTarget arm = target("2.3", 12, 1, false, "3.10");
  arm.linux_x86_64 = false;
  EXPECT_EQ(flash_attn_wheel_for(kb(), v("2.7.4.post1"), arm).status, FlashAttnWheelAnswer::Status::None);
  // A release the kb does not hold is unknown, never "none".
  EXPECT_EQ(flash_attn_wheel_for(kb(), v("9.9.9"), target("2.3", 12, 1, false, "3.10")).status,
            FlashAttnWheelAnswer::Status::Unknown);
}

}  // namespace
}  // namespace mlstack::kb
