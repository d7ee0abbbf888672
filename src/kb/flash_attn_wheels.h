// SPDX-License-Identifier: MIT
// Which prebuilt flash-attn wheel a machine gets. `pip install flash-attn`
// downloads the sdist from PyPI, whose setup.py names one wheel from the
// installed torch and interpreter:
//   flash_attn-{version}+cu{tag}torch{major.minor}cxx11abi{TRUE|FALSE}-cp{py}-cp{py}-linux_x86_64.whl
// and fetches it from the tag's GitHub release; when the release has none it
// compiles the package from source. The CUDA tag depends on the release
// (cu118/cu122/cu123 up to 2.6.3, cu11/cu12 from 2.7.0): among the CI builds
// of the release for that torch minor, the one of torch's CUDA major.
#pragma once

#include <optional>
#include <string>

#include "kb/knowledge_base.h"

namespace mlstack::kb {

// What setup.py reads from the machine.
struct FlashAttnTarget {
  std::string torch_minor;         // "2.3"
  int cuda_major = 0;              // of torch's build: 12 for +cu121
  std::optional<int> cuda_minor;   // 1 for +cu121
  bool cxx11abi = false;           // torch._C._GLIBCXX_USE_CXX11_ABI
  std::string python;              // "3.10"
  bool linux_x86_64 = true;        // the only platform with release wheels
};

struct FlashAttnWheelAnswer {
  enum class Status {
    Found,    // the release has this wheel (CI matrix or an observed asset)
    None,     // the release has no wheel for this target: pip builds from source
    Unknown,  // the kb cannot tell (release not in the kb, ambiguous CUDA tag)
  };
  Status status = Status::Unknown;
  std::string filename;  // Found: the exact file; None: the file setup.py asks for, when its tag is known
  std::string url;       // Found: where setup.py downloads it
  const Fact* fact = nullptr;  // the build or observed row (Found), else the release row
  std::string why;       // None / Unknown: what is missing, one clause
};

FlashAttnWheelAnswer flash_attn_wheel_for(const KnowledgeBase& kb, const pep::Version& version,
                                          const FlashAttnTarget& target);

}  // namespace mlstack::kb
