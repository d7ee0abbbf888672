// SPDX-License-Identifier: MIT
#include "project/python/setup_py.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/mapped_file.h"

namespace mlstack::project::python {
namespace {

SetupPy read_fixture(const std::string& relative) {
  auto text = read_file(std::string(MLSTACK_SOURCE_DIR) + "/tests/data/python/" + relative);
  EXPECT_TRUE(text) << relative;
  return text ? read_setup_py(*text) : SetupPy{};
}

std::vector<std::string> flag_texts(const std::vector<CompileFlag>& flags) {
  std::vector<std::string> out;
  for (const auto& f : flags) out.push_back(f.text + (f.conditional ? " (if)" : "") + (f.via_call ? " (call)" : ""));
  return out;
}

std::vector<std::string> arch_texts(const std::vector<GpuArch>& archs) {
  std::vector<std::string> out;
  for (const auto& a : archs) {
    std::string s = std::to_string(a.capability) + ":" + a.virtual_arch + ":";
    for (const auto& c : a.codes) s += c + ",";
    s += "@" + std::to_string(a.at.line);
    if (a.conditional) s += " (if)";
    if (a.via_call) s += " (call)";
    out.push_back(s);
  }
  return out;
}

using V = std::vector<std::string>;

TEST(PythonSetupPy, AwqKernelsExtensionWithGencodeFlags) {
  SetupPy setup = read_fixture("projects/awqlike/awq/kernels/setup.py");
  ASSERT_TRUE(setup.has_setup_call);
  EXPECT_EQ(setup.name, "awq_inference_engine");
  ASSERT_EQ(setup.requirements.size(), 1u);
  EXPECT_EQ(setup.requirements[0].text, "torch");
  EXPECT_EQ(setup.requirements[0].keyword, "install_requires");
  EXPECT_EQ(setup.requirements[0].at.line, 57u);
  EXPECT_EQ(setup.requirements[0].at.column, 23u);
  ASSERT_EQ(setup.extensions.size(), 1u);
  const SetupExtension& ext = setup.extensions[0];
  EXPECT_EQ(ext.kind, "CUDAExtension");
  EXPECT_EQ(ext.name, "awq_inference_engine");
  EXPECT_EQ(ext.sources.size(), 8u);
  EXPECT_EQ(ext.sources[1], "csrc/quantization/gemm_cuda_gen.cu");
  EXPECT_EQ(ext.cxx_standard, "c++17");
  EXPECT_EQ(ext.nvcc_standard, "c++17");
  EXPECT_EQ(arch_texts(ext.archs), (V{"80:compute_80:sm_80,@28", "86:compute_86:sm_86,compute_86,@29",
                                      "90:compute_90a:sm_90a,@34 (if)"}));
  EXPECT_TRUE(setup.unresolved.empty()) << setup.unresolved[0].what;
  EXPECT_TRUE(setup.checks.empty());
}

TEST(PythonSetupPy, FtAttentionChecksAndConditionalArchs) {
  SetupPy setup = read_fixture("projects/awqlike/awq/kernels/csrc/attention/setup.py");
  ASSERT_TRUE(setup.has_setup_call);
  EXPECT_EQ(setup.name, "ft_attention");
  ASSERT_EQ(setup.extensions.size(), 1u);
  const SetupExtension& ext = setup.extensions[0];
  EXPECT_EQ(ext.name, "ft_attention");
  EXPECT_EQ(ext.sources, (V{"ft_attention.cpp", "decoder_masked_multihead_attention.cu"}));
  EXPECT_EQ(flag_texts(ext.cxx_flags), (V{"-O3", "-DENABLE_BF16", "-DOLD_GENERATOR_PATH (if)"}));
  // The nvcc list goes through append_nvcc_threads(): its flags are shown as
  // passed in, and the call itself is reported as not static.
  EXPECT_EQ(arch_texts(ext.archs), (V{"70:compute_70:sm_70,@73 (call)", "80:compute_80:sm_80,@75 (call)",
                                      "90:compute_90:sm_90,@78 (if) (call)"}));
  std::vector<std::string> unresolved;
  for (const auto& u : setup.unresolved) unresolved.push_back(u.what + " @" + std::to_string(u.at.line) + ": " + u.reason);
  EXPECT_EQ(unresolved, (V{"extension ft_attention: include_dirs[0] @15: result of os.path.dirname()",
                           "extension ft_attention: nvcc flags @90: result of append_nvcc_threads()"}));

  std::vector<std::string> checks;
  for (const auto& c : setup.checks) {
    std::string s = std::string(to_string(c.kind)) + "@" + std::to_string(c.at.line);
    for (const auto& v : c.versions) s += " " + v;
    if (!c.message.empty()) s += " | " + c.message.substr(0, 40);
    checks.push_back(s);
  }
  EXPECT_EQ(checks, (V{"nvcc@19", "torch.version.cuda@29", "CUDA version@34 | Cuda extensions are being compiled with ",
                       "CUDA_HOME@43", "CUDA version@52 11.2", "CUDA version@71 11.0 | ft_attention is only supported on CUDA 1",
                       "CUDA version@77 11.8"}));
}

TEST(PythonSetupPy, RequirementListsBuiltFromVariables) {
  SetupPy setup = read_fixture("setup/requirements_setup.py");
  ASSERT_TRUE(setup.python_requires);
  EXPECT_EQ(setup.python_requires->text, ">=3.8");
  std::vector<std::string> reqs;
  for (const auto& r : setup.requirements) {
    std::string s = r.keyword + (r.extra.empty() ? "" : "[" + r.extra + "]") + " " + r.text + " @" +
                    std::to_string(r.at.line) + ":" + std::to_string(r.at.column);
    if (r.conditional) s += " (if)";
    reqs.push_back(s);
  }
  EXPECT_EQ(reqs, (V{"install_requires numpy>=1.21 @14:9", "install_requires tqdm @14:24",
                     "install_requires torch>=2.1,<2.4 @15:9", "install_requires transformers==4.46.0 @16:35",
                     "install_requires safetensors>=0.4.1 @17:25", "install_requires sentencepiece @18:22",
                     "install_requires triton==2.3.0; platform_system == 'Linux' @20:29 (if)",
                     "setup_requires setuptools>=61 @41:20", "setup_requires wheel @41:20",
                     "extras_require[eval] lm_eval==0.3.0 @23:14", "extras_require[eval] datasets @23:32",
                     "extras_require[serve] fastapi @24:15", "extras_require[serve] uvicorn[standard]>=0.20 @24:26",
                     "extras_require[all] lm_eval==0.3.0 @23:14", "extras_require[all] datasets @23:32",
                     "extras_require[all] fastapi @24:15", "extras_require[all] uvicorn[standard]>=0.20 @24:26"}));
  std::vector<std::string> unresolved;
  for (const auto& u : setup.unresolved) unresolved.push_back(u.what + " @" + std::to_string(u.at.line) + ": " + u.reason);
  EXPECT_EQ(unresolved, (V{"tests_require @45: result of fetch_requirements()",
                           "extras_require[flash][0] @27: f-string", "setup(**...) @47: conditional expression"}));
  EXPECT_EQ(setup.referenced_files, (V{"requirements-test.txt"}));
  auto findings = unresolved_findings(setup, "setup.py");
  ASSERT_EQ(findings.size(), 3u);
  EXPECT_EQ(findings[0].origins[0].to_string(), "setup.py:45:19");
}

TEST(PythonSetupPy, NoSetupCall) {
  SetupPy setup = read_setup_py("import os\nprint('hello')\n");
  EXPECT_FALSE(setup.has_setup_call);
  EXPECT_TRUE(setup.requirements.empty());
}

TEST(PythonSetupPy, SetuptoolsQualifiedCallAndDictConstructor) {
  SetupPy setup = read_setup_py(
      "import setuptools\nreqs = dict(cuda=['cupy-cuda12x'])\n"
      "setuptools.setup(name='x', extras_require=reqs, install_requires='a\\nb>=1')\n");
  ASSERT_TRUE(setup.has_setup_call);
  ASSERT_EQ(setup.requirements.size(), 3u);
  // In the order of the keywords in the call.
  EXPECT_EQ(setup.requirements[0].text, "cupy-cuda12x");
  EXPECT_EQ(setup.requirements[0].extra, "cuda");
  EXPECT_EQ(setup.requirements[1].text, "a");
  EXPECT_EQ(setup.requirements[2].text, "b>=1");
}

TEST(PythonSetupPy, ReboundUnderConditionIsNotGuessed) {
  SetupPy setup = read_setup_py(
      "v = 'torch==2.1'\nif cuda:\n    v = 'torch==2.3'\nsetup(install_requires=[v])\n");
  EXPECT_TRUE(setup.requirements.empty());
  ASSERT_EQ(setup.unresolved.size(), 1u);
  EXPECT_EQ(setup.unresolved[0].reason, "bound differently under the condition at line 2");
}

// Found by fuzz_python_setup_py: a statement that is a single name made the
// `+=` search report a match at index 1 of a one-token statement.
TEST(PythonSetupPy, SingleNameStatementIsNotAnAugmentedAssignment) {
  SetupPy setup = read_setup_py("x\nx += ['a']\n");
  EXPECT_FALSE(setup.has_setup_call);
}

TEST(PythonSetupPy, FunctionLocalsAreNotFileBindings) {
  SetupPy setup = read_setup_py("reqs = ['a']\ndef f():\n    reqs = ['b']\nsetup(install_requires=reqs)\n");
  ASSERT_EQ(setup.requirements.size(), 1u);
  EXPECT_EQ(setup.requirements[0].text, "a");
}

}  // namespace
}  // namespace mlstack::project::python
