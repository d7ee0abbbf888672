// SPDX-License-Identifier: MIT
// Fuzzes the directory walk and the code scan on a real tree built from the
// input: records of (kind, name, content) make regular files, folders,
// symbolic links (to targets inside and outside the tree: /, .., a sibling,
// itself) and FIFOs, under names that mlstack reads (pyproject.toml,
// requirements files, setup.py, README.md, .py files, ...). scan_project and
// scan_code then run on it as `mlstack scan` does. A FIFO opened for reading
// would block: libFuzzer reports that as a timeout.
#include <sys/stat.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "project/code_scan.h"
#include "project/scan.h"

namespace {

namespace fs = std::filesystem;

constexpr std::string_view k_names[] = {
    "pyproject.toml", "requirements.txt", "requirements/dev.txt", "constraints.txt", "setup.py", "setup.cfg",
    "README.md", "docs/install.md", "environment.yml", "uv.lock", "poetry.lock", "pylock.toml", "Dockerfile",
    "install.sh", "pkg/__init__.py", "pkg/main.py", "main.py", "sub", "sub/requirements.txt", "sub/x.py",
    ".venv", "tools/setup.py", "a.toml", "requirements-gpu.in"};
constexpr std::string_view k_link_targets[] = {"/", "..", "../..", "sub", "pkg/main.py", "requirements.txt",
                                               "/etc/hostname", "self", "sub/../..", "README.md"};

const std::string& root() {
  static const std::string dir = [] {
    char pattern[] = "/tmp/fuzz-scan-tree-XXXXXX";
    const char* made = ::mkdtemp(pattern);
    return std::string(made ? made : "/tmp/fuzz-scan-tree");
  }();
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace mlstack::project;
  const std::string base = root() + "/t";
  std::error_code ec;
  fs::remove_all(base, ec);
  fs::create_directories(base, ec);
  std::size_t pos = 0;
  for (int records = 0; pos + 4 <= size && records < 32; ++records) {
    unsigned kind = data[pos] % 4;
    std::string name(k_names[data[pos + 1] % std::size(k_names)]);
    std::size_t length = (static_cast<std::size_t>(data[pos + 2]) << 8 | data[pos + 3]);
    pos += 4;
    length = std::min(length, size - pos);
    std::string_view content(reinterpret_cast<const char*>(data + pos), length);
    pos += length;
    fs::path path = fs::path(base) / name;
    fs::create_directories(path.parent_path(), ec);
    if (fs::exists(fs::symlink_status(path, ec))) continue;
    switch (kind) {
      case 0: std::ofstream(path, std::ios::binary) << content; break;
      case 1: fs::create_directories(path, ec); break;
      case 2: {
        std::string target(content.empty() ? k_link_targets[0] : k_link_targets[static_cast<unsigned char>(content[0]) %
                                                                                  std::size(k_link_targets)]);
        if (target == "self") target = path.filename().string();
        fs::create_symlink(target, path, ec);
        break;
      }
      case 3: ::mkfifo(path.c_str(), 0600); break;
    }
  }
  auto scanned = scan_project(base);
  if (scanned) (void)scan_code(base, *scanned, {});
  return 0;
}
