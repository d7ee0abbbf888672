// SPDX-License-Identifier: MIT
#include "project/python/entry_graph.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mlstack::project::python {
namespace {

const std::filesystem::path k_awqlike = std::filesystem::path(MLSTACK_SOURCE_DIR) / "tests/data/python/projects/awqlike";

PythonScan scan_awqlike() {
  ScanOptions options;
  options.extensions = {"awq_inference_engine", "ft_attention"};
  return scan_python_project(k_awqlike, options);
}

using V = std::vector<std::string>;

TEST(PythonEntryGraph, AwqEntryReachesTheQuantizationFiles) {
  PythonScan scan = scan_awqlike();
  EntryGraph graph = entry_graph(scan, "awq/entry.py");
  ASSERT_TRUE(graph.found);
  EXPECT_EQ(V(graph.files.begin(), graph.files.end()), (V{"awq/entry.py", "awq/__init__.py", "awq/quantize/__init__.py",
                            "awq/quantize/pre_quant.py", "awq/quantize/quantizer.py", "awq/utils/__init__.py",
                            "awq/utils/lm_eval_adaptor.py", "awq/quantize/auto_scale.py",
                            "awq/quantize/auto_clip.py", "awq/utils/calib_data.py", "awq/utils/module.py",
                            "awq/quantize/qmodule.py"}));
  V packages;
  for (const auto& t : graph.third_party) packages.push_back(t.distribution.distribution);
  EXPECT_EQ(packages, (V{"accelerate", "datasets", "lm_eval", "torch", "tqdm", "transformers"}));
  EXPECT_TRUE(graph.unresolved.empty());
  ASSERT_EQ(graph.extensions.size(), 1u);
  EXPECT_EQ(graph.extensions[0].extension, "awq_inference_engine");
  EXPECT_EQ(graph.extensions[0].file, "awq/quantize/qmodule.py");
  EXPECT_EQ(graph.extensions[0].functions, (V{"gemv_forward_cuda_new", "gemm_forward_cuda_new"}));
}

TEST(PythonEntryGraph, TypingOnlyImportsAreNotFollowedByDefault) {
  PythonScan scan = scan_awqlike();
  EntryGraph graph = entry_graph(scan, "tinychat/demo.py");
  for (const auto& t : graph.third_party)
    for (const auto& s : t.sites) EXPECT_FALSE(s.record.typing_only) << t.import_name;
  EntryOptions options;
  options.follow_typing = true;
  options.follow_lazy = false;
  EntryGraph typed = entry_graph(scan, "tinychat/demo.py", options);
  bool transformers_typing = false;
  for (const auto& t : typed.third_party)
    for (const auto& s : t.sites) transformers_typing |= s.record.typing_only;
  EXPECT_TRUE(transformers_typing);
}

TEST(PythonEntryGraph, ExtensionCallSitesAcrossTheProject) {
  PythonScan scan = scan_awqlike();
  auto sites = extension_call_sites(scan);
  ASSERT_EQ(sites.size(), 2u);
  EXPECT_EQ(sites[0].file, "awq/quantize/qmodule.py");
  EXPECT_EQ(sites[0].import_line, 4u);
  EXPECT_EQ(sites[1].file, "tinychat/demo.py");
  EXPECT_TRUE(sites[1].functions.empty());  // imported, never called
}

TEST(PythonEntryGraph, ModuleEntryFiles) {
  PythonScan scan = scan_awqlike();
  ASSERT_NE(module_entry_file(scan.layout, "awq.entry"), nullptr);
  EXPECT_EQ(module_entry_file(scan.layout, "awq"), nullptr);  // a package without __main__
  EXPECT_EQ(module_entry_file(scan.layout, "awq.nothing"), nullptr);
}

TEST(PythonEntryGraph, MissingEntry) {
  PythonScan scan = scan_awqlike();
  EXPECT_FALSE(entry_graph(scan, "nope.py").found);
}

TEST(PythonEntryGraph, DotOutput) {
  PythonScan scan = scan_awqlike();
  std::string dot = to_dot(entry_graph(scan, "awq/entry.py"));
  EXPECT_EQ(dot.rfind("digraph entry {", 0), 0u);
  EXPECT_NE(dot.find("\"awq/entry.py\" [shape=box, style=bold];"), std::string::npos);
  EXPECT_NE(dot.find("\"awq/utils/calib_data.py\" -> \"pkg:datasets\" [style=dashed];"), std::string::npos);
  EXPECT_NE(dot.find("\"ext:awq_inference_engine\" [shape=hexagon"), std::string::npos);
  EXPECT_NE(dot.find("[label=\"gemv_forward_cuda_new\\ngemm_forward_cuda_new\"]"), std::string::npos);
  EXPECT_EQ(dot.back(), '\n');
}

}  // namespace
}  // namespace mlstack::project::python
