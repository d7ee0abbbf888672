// SPDX-License-Identifier: MIT
#include "kb/local_label.h"

#include <gtest/gtest.h>

namespace mlstack::kb {
namespace {

TEST(LocalLabelTest, ReadsTorchCudaVariant) {
  LocalLabel label = parse_local_label("cu121");
  EXPECT_EQ(label.accelerator, LocalLabel::Accelerator::Cuda);
  EXPECT_EQ(label.cuda_tag, "cu121");
  EXPECT_EQ(label.cuda_major, 12);
  EXPECT_EQ(label.cuda_minor, 1);
  EXPECT_FALSE(label.torch);
}

TEST(LocalLabelTest, ReadsFlashAttnMajorMinorLabel) {
  LocalLabel label = parse_local_label("cu122torch2.3cxx11abiFALSE");
  EXPECT_EQ(label.cuda_major, 12);
  EXPECT_EQ(label.cuda_minor, 2);
  EXPECT_EQ(label.torch, "2.3");
  EXPECT_EQ(label.cxx11abi, false);
}

TEST(LocalLabelTest, ReadsNormalisedLowerCaseMajorOnlyLabel) {
  // Installers store local labels lower-cased: cxx11abiTRUE becomes cxx11abitrue.
  LocalLabel label = parse_local_label("cu12torch2.6cxx11abitrue");
  EXPECT_EQ(label.cuda_tag, "cu12");
  EXPECT_EQ(label.cuda_major, 12);
  EXPECT_FALSE(label.cuda_minor);
  EXPECT_EQ(label.torch, "2.6");
  EXPECT_EQ(label.cxx11abi, true);
}

TEST(LocalLabelTest, ReadsTwoDigitTorchMinor) {
  EXPECT_EQ(parse_local_label("cu130torch2.10").torch, "2.10");
}

TEST(LocalLabelTest, ReadsCpuRocmAndXpu) {
  EXPECT_EQ(parse_local_label("cpu").accelerator, LocalLabel::Accelerator::Cpu);
  LocalLabel rocm = parse_local_label("rocm6.2.4");
  EXPECT_EQ(rocm.accelerator, LocalLabel::Accelerator::Rocm);
  EXPECT_EQ(rocm.rocm, "6.2.4");
  EXPECT_EQ(parse_local_label("xpu").accelerator, LocalLabel::Accelerator::Xpu);
}

TEST(LocalLabelTest, LeavesUnknownLabelsUnknown) {
  EXPECT_EQ(parse_local_label("").accelerator, LocalLabel::Accelerator::Unknown);
  EXPECT_EQ(parse_local_label("ebedce2").accelerator, LocalLabel::Accelerator::Unknown);
  EXPECT_EQ(parse_local_label("cu1").accelerator, LocalLabel::Accelerator::Unknown);
  EXPECT_EQ(parse_local_label("cu12345").accelerator, LocalLabel::Accelerator::Unknown);
}

}  // namespace
}  // namespace mlstack::kb
