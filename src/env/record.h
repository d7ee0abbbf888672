// SPDX-License-Identifier: MIT
// RECORD (PEP 376/627): one CSV row per installed file, "path,hash,size".
// Only what the environment report needs is kept: the row count, the
// extension modules, the names the distribution makes importable, and rows
// whose path leaves the environment.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mlstack::env {

struct RecordSummary {
  std::size_t files = 0;
  std::vector<std::string> extension_modules;  // "torch/_C.cpython-311-x86_64-linux-gnu.so"
  // Importable names, sorted: top-level packages (a folder with __init__.py)
  // and modules (`six.py`, `_cffi_backend.cpython-311-x86_64-linux-gnu.so`);
  // for a namespace package (a folder without __init__.py, shared by several
  // distributions) its subpackages and modules instead: protobuf installs
  // "google.protobuf", nvidia-cublas-cu12 "nvidia.cublas". Metadata folders,
  // __pycache__, .pth files and editable-install finders are no names.
  std::vector<std::string> import_names;
  struct Escape {
    std::size_t line = 0;  // 1-based row
    std::string path;      // as written
  };
  std::vector<Escape> escapes;  // rows resolving outside `prefix`
};

// `site_dir` is where RECORD paths are relative to; `prefix` is the
// environment root no path may leave (empty: only absolute paths are checked
// against site_dir's root, i.e. nothing escapes).
RecordSummary summarize_record(std::string_view text, const std::string& site_dir, const std::string& prefix);

// One CSV field list of a row, honouring double quotes ("a,b" stays one field).
std::vector<std::string> split_csv_row(std::string_view row);

}  // namespace mlstack::env
