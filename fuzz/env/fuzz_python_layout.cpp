// SPDX-License-Identifier: MIT
// Fuzzes the files an interpreter is read from without running it: a pyenv
// shim and version file (src/env/pyenv.h), pyvenv.cfg, patchlevel.h,
// Debian's dpkg status and site.py (src/env/python_layout.h), laid out in a
// FakeSystem. The input is split into those five texts at "\n--\n".
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "env/fake_system.h"
#include "env/pyenv.h"
#include "env/python_layout.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> parts;
  while (parts.size() < 4) {
    std::size_t cut = input.find("\n--\n");
    if (cut == std::string_view::npos) break;
    parts.emplace_back(input.substr(0, cut));
    input.remove_prefix(cut + 4);
  }
  parts.emplace_back(input);
  parts.resize(5);
  const std::string& shim = parts[0];
  mlstack::env::FakeSystem system;
  system.set_env("PATH", "/r/shims:/usr/bin");
  system.add_file("/r/shims/python3", shim);
  system.add_file("/r/version", parts[1]);
  system.add_file("/work/.python-version", parts[1]);
  system.add_file("/r/versions/3.11.7/bin/python3.11", "");
  system.add_symlink("/r/versions/3.11.7/bin/python3", "python3.11");
  system.add_file("/r/versions/3.11.7/lib/python3.11/os.py", "");
  system.add_file("/r/versions/3.11.7/include/python3.11/patchlevel.h", parts[2]);
  system.add_file("/usr/bin/python3.11", "");
  system.add_symlink("/usr/bin/python3", "python3.11");
  system.add_file("/usr/lib/python3.11/os.py", "");
  system.add_file("/usr/lib/python3.11/site.py", parts[4]);
  system.add_file("/var/lib/dpkg/status", parts[3]);
  system.add_symlink("/v/bin/python3", "/usr/bin/python3.11");
  system.add_file("/v/pyvenv.cfg", parts[1]);
  (void)mlstack::env::pyenv_shim_root(shim);
  (void)mlstack::env::patchlevel_version(parts[2]);
  (void)mlstack::env::resolve_pyenv_shim(system, "/r", "python3", [](const std::string&) { return true; });
  (void)mlstack::env::pyenv_latest(system, "/r", parts[1]);
  for (const char* exe : {"/r/versions/3.11.7/bin/python3", "/usr/bin/python3", "/v/bin/python3"}) {
    auto layout = mlstack::env::read_python_layout(system, exe);
    if (layout) (void)mlstack::env::layout_markers(*layout, system.uname());
  }
  return 0;
}
