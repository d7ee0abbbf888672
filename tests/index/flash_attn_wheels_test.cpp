// SPDX-License-Identifier: MIT
// flash-attn wheel candidates from the kb's release matrix, confirmed by HEAD.
#include "index/flash_attn_wheels.h"

#include <gtest/gtest.h>

#include "index/fake_transport.h"
#include "kb/loader.h"

namespace mlstack::index {
namespace {

const kb::KnowledgeBase& kb() {
  static kb::KnowledgeBase loaded = kb::load_embedded().kb;
  return loaded;
}

TEST(FlashAttnWheelsTest, CandidatesFollowTheMatrixForTorchsCudaMajor) {
  // Seed 001's phase 1A: flash-attn 2.5.8 for torch 2.3.1+cu121 on Python 3.10. The v2.5.8 workflow
  // builds torch 2.3 wheels with CUDA 11.8 and 12.2; a cu121 torch takes the CUDA 12 one.
  FlashAttnTarget target{pep::Version::parse("2.3.1+cu121").value(), "3.10", false};
  auto candidates = flash_attn_candidates(kb(), target, pep::Version::parse("2.5.8").value());
  ASSERT_EQ(candidates.size(), 1u);
  EXPECT_EQ(candidates[0].filename, "flash_attn-2.5.8+cu122torch2.3cxx11abiFALSE-cp310-cp310-linux_x86_64.whl");
  EXPECT_EQ(candidates[0].url,
            "https://github.com/Dao-AILab/flash-attention/releases/download/v2.5.8/"
            "flash_attn-2.5.8%2Bcu122torch2.3cxx11abiFALSE-cp310-cp310-linux_x86_64.whl");
  EXPECT_EQ(candidates[0].evidence.kind, Origin::Kind::Fact);
  // An unknown ABI keeps both variants; a Python the job does not build gets none.
  target.cxx11abi.reset();
  EXPECT_EQ(flash_attn_candidates(kb(), target, pep::Version::parse("2.5.8").value()).size(), 2u);
  target.python = "3.13";
  EXPECT_TRUE(flash_attn_candidates(kb(), target, pep::Version::parse("2.5.8").value()).empty());
}

TEST(FlashAttnWheelsTest, HeadConfirmsWhatExists) {
  FlashAttnTarget target{pep::Version::parse("2.3.1+cu121").value(), "3.10", std::nullopt};
  auto candidates = flash_attn_candidates(kb(), target, pep::Version::parse("2.5.8").value());
  ASSERT_EQ(candidates.size(), 2u);
  FakeTransport net;
  net.route(candidates[0].url, FakeReply{200, {{"content-length", "123456"}}, ""});
  net.route(candidates[1].url, FakeReply{404, {}, ""});
  IndexConfig config = build_index_config({}, {}, "/").value();
  RemoteFiles files(config, net, nullptr, false, [] { return std::int64_t{0}; });
  confirm(files, candidates);
  EXPECT_EQ(candidates[0].online, WheelCandidate::Online::Exists);
  EXPECT_EQ(candidates[0].online_detail, "HEAD " + candidates[0].url + ": 123456 bytes");
  EXPECT_EQ(candidates[1].online, WheelCandidate::Online::Missing);
  EXPECT_EQ(net.requests().at(0).method, Method::Head);
  // Offline: nothing is asked, nothing is claimed.
  RemoteFiles offline(config, net, nullptr, true, [] { return std::int64_t{0}; });
  auto again = flash_attn_candidates(kb(), target, pep::Version::parse("2.5.8").value());
  confirm(offline, again);
  EXPECT_EQ(again[0].online, WheelCandidate::Online::Unchecked);
  EXPECT_EQ(net.requests().size(), 2u);
}

}  // namespace
}  // namespace mlstack::index
