// SPDX-License-Identifier: MIT
// Fuzzes the readers of a distribution's small files and of the machine's
// saved outputs over the same bytes: METADATA headers, RECORD, requires.txt,
// entry_points.txt, direct_url.json, pyvenv.cfg, the interpreter's answer,
// /proc/driver/nvidia/version, nvidia-smi CSV and banner, nvcc, headers.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "env/distribution.h"
#include "env/environment.h"
#include "env/machine.h"
#include "env/metadata_headers.h"
#include "env/record.h"
#include "env/torch_build.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mlstack::env;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::size_t bad = 0;
  (void)detail::scan_headers(text, &bad);
  (void)detail::looks_binary(text);
  (void)summarize_record(text, "/venv/lib/python3.11/site-packages", "/venv");
  (void)requires_txt_to_requires_dist(text, nullptr);
  (void)parse_entry_points(text);
  std::string error;
  (void)parse_direct_url(text, &error);
  (void)parse_pyvenv_cfg(text, "pyvenv.cfg");
  (void)parse_python_probe(text);
  (void)parse_proc_driver_version(text);
  std::string driver;
  (void)parse_nvidia_smi_gpus(text, &driver);
  (void)parse_nvidia_smi_cuda(text);
  (void)parse_nvcc_version(text);
  (void)header_define(text, "CUDNN_MAJOR");
  (void)python_assignment(text, "cuda");
  (void)cxx11_abi_from_cmake(text);
  return 0;
}
