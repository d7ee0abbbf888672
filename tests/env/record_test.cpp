// SPDX-License-Identifier: MIT
#include "env/record.h"

#include <gtest/gtest.h>

namespace mlstack::env {
namespace {

TEST(Record, CountsRowsAndFindsExtensionModules) {
  RecordSummary summary = summarize_record(
      "torch/__init__.py,sha256=a,1\ntorch/_C.cpython-311-x86_64-linux-gnu.so,sha256=b,2\n"
      "torch/lib/libc10.so.2,,\n\n../../../bin/torchrun,,\n",
      "/venv/lib/python3.11/site-packages", "/venv");
  EXPECT_EQ(summary.files, 4u);
  ASSERT_EQ(summary.extension_modules.size(), 2u);
  EXPECT_EQ(summary.extension_modules[0], "torch/_C.cpython-311-x86_64-linux-gnu.so");
  EXPECT_TRUE(summary.escapes.empty());
}

TEST(Record, FlagsPathsLeavingTheEnvironment) {
  RecordSummary summary = summarize_record("a.py,,\n../../../../../../etc/cron.d/evil,,\n/etc/passwd,,\n/venv/bin/tool,,\n",
                                           "/venv/lib/python3.11/site-packages", "/venv");
  ASSERT_EQ(summary.escapes.size(), 2u);
  EXPECT_EQ(summary.escapes[0].line, 2u);
  EXPECT_EQ(summary.escapes[0].path, "../../../../../../etc/cron.d/evil");
  EXPECT_EQ(summary.escapes[1].path, "/etc/passwd");
}

TEST(Record, DoesNotConfuseSiblingPrefix) {
  RecordSummary summary = summarize_record("../../../../venv2/x,,\n", "/venv/lib/python3.11/site-packages", "/venv");
  ASSERT_EQ(summary.escapes.size(), 1u);
}

TEST(Record, SplitsQuotedFields) {
  auto fields = split_csv_row(R"("a,b.py",sha256=x,"1""2")");
  ASSERT_EQ(fields.size(), 3u);
  EXPECT_EQ(fields[0], "a,b.py");
  EXPECT_EQ(fields[2], "1\"2");
}

TEST(Record, ImportNames) {
  RecordSummary summary = summarize_record(
      "torch/__init__.py,,\ntorch/_C.cpython-311-x86_64-linux-gnu.so,,\ntorch/lib/libc10.so,,\n"
      "torch-2.3.0.dist-info/METADATA,,\ntorch-2.3.0.dist-info/RECORD,,\n../../../bin/torchrun,,\n"
      "six.py,,\n_cffi_backend.cpython-311-x86_64-linux-gnu.so,,\n__pycache__/six.cpython-311.pyc,,\n"
      "distutils-precedence.pth,,\n__editable___demo_0_1_finder.py,,\n"
      // A namespace package: protobuf installs google/protobuf, not google.
      "google/protobuf/__init__.py,,\ngoogle/protobuf/message.py,,\ngoogle/_upb/_message.abi3.so,,\n"
      // numpy.libs is no identifier; a folder of data only is no package.
      "numpy.libs/libopenblas.so,,\nshare/doc/readme.txt,,\n\"quoted,name/__init__.py\",,\n",
      "/venv/lib/python3.11/site-packages", "/venv");
  EXPECT_EQ(summary.import_names, (std::vector<std::string>{"_cffi_backend", "google._upb", "google.protobuf", "six", "torch"}));
}

}  // namespace
}  // namespace mlstack::env
