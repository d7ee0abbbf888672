// SPDX-License-Identifier: MIT
// Building stacks stays linear in the number of declarations: a hostile
// 40,000-line requirements file took 12 s in `check` when each declaration
// looked for its package among all the earlier ones (docs/security.md).
#include <ctime>

#include <gtest/gtest.h>

#include "check/stack_sources.h"
#include "project/lock/lock_file.h"
#include "project/scan.h"

namespace mlstack::check {
namespace {

double cpu_seconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

TEST(StackSourcesScale, FortyThousandDeclarationsAreLinear) {
  project::ScanResult scan;
  scan.manifests.resize(1);
  scan.manifests[0].path = "requirements.txt";
  scan.manifests[0].kind = project::ManifestKind::Requirements;
  for (int i = 0; i < 40000; ++i) {
    project::ScannedRequirement r;
    r.name = "package-" + std::to_string(i % 39000);  // a thousand named twice: the exact one wins
    r.display_name = r.name;
    r.manifest = 0;
    if (i >= 39000) r.version = "1.0";
    r.declared.text = r.name;
    scan.requirements.push_back(std::move(r));
  }
  double start = cpu_seconds();
  std::vector<Stack> stacks = stacks_from_scan(scan, {});
  double spent = cpu_seconds() - start;
  ASSERT_EQ(stacks.size(), 1u);
  EXPECT_EQ(stacks[0].packages.size(), 39000u);
  ASSERT_NE(stacks[0].find("package-0"), nullptr);
  EXPECT_TRUE(stacks[0].find("package-0")->version) << "the later exact declaration replaced the open one";
  EXPECT_LT(spent, 5.0) << "quadratic: 8e8 name comparisons";

  project::LockFile lock;
  lock.path = "uv.lock";
  for (int i = 0; i < 40000; ++i) {
    project::LockedPackage package;
    package.name = "p" + std::to_string(i % 39000);
    package.version = "1." + std::to_string(i);
    lock.packages.push_back(std::move(package));
  }
  start = cpu_seconds();
  Stack locked = stack_from_lock(lock, {});
  EXPECT_LT(cpu_seconds() - start, 5.0);
  EXPECT_EQ(locked.packages.size(), 39000u);
}

}  // namespace
}  // namespace mlstack::check
