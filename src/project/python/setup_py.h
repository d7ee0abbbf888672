// SPDX-License-Identifier: MIT
// setup.py read statically, as Python source, never run: the keywords of
// `setup(...)` that declare requirements and native extensions, and the
// checks a CUDA build makes on the machine.
//
// Names bound to literals in the same file are resolved in statement order:
// `flags = ["-O3"]`, `flags += [...]`, `flags.append("-gencode")`,
// `flags.extend([...])`, `args["nvcc"] = [...]`, `cxx = base + extra`.
// A binding made under a condition (`if bare_metal_version >= Version("11.8"):`)
// keeps its items, marked conditional with the condition's line. Whatever
// cannot be known without running the file (`os.path.join(...)`,
// `fetch_requirements("requirements.txt")`, f-strings, `**kwargs`) is
// reported in `unresolved` with its file:line, never guessed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/finding.h"
#include "project/python/syntax_check.h"

namespace mlstack::project::python {

struct SourceSpot {
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

struct SetupRequirement {
  std::string text;     // the requirement string as written: "torch>=2.0"
  std::string keyword;  // install_requires, setup_requires, tests_require, extras_require
  std::string extra;    // the extra's name for extras_require
  SourceSpot at;
  bool conditional = false;  // added under a condition
};

// A GPU target from nvcc flags: `-gencode arch=compute_80,code=sm_80` gives
// {80, "compute_80", {"sm_80"}}; `-arch=sm_90a` gives {90, "", {"sm_90a"}}.
struct GpuArch {
  int capability = 0;         // 80 for sm_80 / compute_80
  std::string virtual_arch;   // compute_80
  std::vector<std::string> codes;  // sm_80, compute_80
  SourceSpot at;
  bool conditional = false;
  bool via_call = false;  // inside the arguments of a function whose result is not known
};

struct CompileFlag {
  std::string text;
  SourceSpot at;
  bool conditional = false;
  bool via_call = false;
};

struct SetupExtension {
  std::string kind;  // CUDAExtension, CppExtension, Extension, Pybind11Extension
  std::string name;  // dotted module name: "awq_inference_engine", "pkg._C"
  SourceSpot at;
  bool conditional = false;
  std::vector<std::string> sources;
  std::vector<std::string> include_dirs;
  std::vector<std::string> libraries;
  std::vector<CompileFlag> cxx_flags;
  std::vector<CompileFlag> nvcc_flags;
  std::string cxx_standard;   // "c++17" from -std=c++17 in the cxx flags
  std::string nvcc_standard;  // the same in the nvcc flags
  std::vector<GpuArch> archs;
};

// A check the build makes on the machine: `if CUDA_HOME is None: raise ...`,
// `subprocess.check_output([cuda_dir + "/bin/nvcc", "-V"])`,
// `parse(torch.version.cuda)`, `if bare_metal_version < Version("11.0"): raise`.
struct CudaCheck {
  enum class Kind : std::uint8_t { CudaHome, Nvcc, TorchVersionCuda, CudaVersion };
  Kind kind = Kind::CudaHome;
  SourceSpot at;
  std::string code;                   // the statement, on one line
  std::string message;                // the error raised right under it, if any
  std::vector<std::string> versions;  // version literals in it: "11.0"
};

const char* to_string(CudaCheck::Kind kind);

struct Unresolved {
  SourceSpot at;
  std::string what;    // "install_requires", "extension ft_attention: include_dirs[0]"
  std::string reason;  // "result of os.path.join()"
  std::string code;    // the expression, on one line
};

struct SetupPy {
  bool has_setup_call = false;
  SourceSpot setup_at;
  std::optional<std::string> name;
  std::optional<SetupRequirement> python_requires;
  std::vector<SetupRequirement> requirements;
  std::vector<SetupExtension> extensions;
  std::vector<CudaCheck> checks;
  std::vector<Unresolved> unresolved;
  // Files the requirement keywords read at run time ("requirements.txt"),
  // named in the arguments of the calls that read them.
  std::vector<std::string> referenced_files;
  // The first plain syntax error (python/syntax_check.h): what was read is
  // kept, and the reader reports the file as not valid Python.
  std::optional<SyntaxProblem> syntax_error;
};

SetupPy read_setup_py(std::string_view source);

// The unresolved parts as findings (rule "setup-py.dynamic", Info) with
// file:line origins, for callers that report them.
std::vector<Finding> unresolved_findings(const SetupPy& setup, const std::string& path);

}  // namespace mlstack::project::python
