// SPDX-License-Identifier: MIT
// The native files of an installed environment's site folder: Python
// extension modules (*.cpython-*.so, *.abi3.so, plain name.so that defines
// PyInit_name) and every other ELF shared library wheels ship inside it
// (torch/lib/libtorch_cuda.so, nvidia/cublas/lib/libcublasLt.so.12,
// nvidia/cudnn/lib/libcudnn_ops.so.9, *.libs/ folders written by auditwheel,
// bitsandbytes' libbitsandbytes_cuda121.so). The library folders are what
// LoadContext::environment_dirs wants.
//
// Where the names come from: the RECORD rows of the folder's distributions
// (what pip installed, even below a symlinked folder the walk does not enter)
// and a bounded walk of the folder (what no RECORD lists: conda, Debian,
// copied files). A file reached twice (a RECORD row and the walk, a hard link,
// a symlink such as libcublas.so -> libcublas.so.12) is listed once, under the
// name seen first, regular files before symlinks. Nothing outside the folder
// is listed: a symlink or RECORD row that resolves outside it is only named
// in `outside` (the load set of a module may still reach that file, as the
// loader would).
//
// Also torch's C++ ABI, read from libtorch_cpu.so's symbols, for the
// binary.cxx-abi-mismatch check of every other extension module.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "binary/cxx_abi.h"
#include "binary/load_set.h"

namespace mlstack::binary {

struct NativeFileOptions {
  // RECORD rows of the folder's distributions that name shared objects
  // (env::Distribution::extension_modules), relative to the folder.
  std::vector<std::string> record_rows;
  // The walk stops after this many directory entries or below this depth: a
  // site folder is a few 10,000 entries (pip torch + CUDA: ~25,000), so the
  // bound only stops a runaway tree (a data set unpacked into site-packages).
  std::size_t max_entries = 1'000'000;
  int max_depth = 32;
};

struct NativeFiles {
  std::vector<std::string> extension_modules;  // importable: name.cpython-311-x86_64-linux-gnu.so, name.abi3.so, name.so
  std::vector<std::string> libraries;          // lib*.so, lib*.so.12, name.so.9.1.0: loaded by DT_NEEDED or dlopen
  std::vector<std::string> library_dirs;       // folders holding libraries, sorted, unique
  std::vector<std::string> outside;            // symlinks / RECORD rows resolving outside the folder: not read
  bool walk_truncated = false;                 // the walk stopped at max_entries or max_depth
};

// What a file name says: a shared object at all (name.so, name.so.1.2), and
// whether it is a tagged extension module (.cpython-311-..., .abi3, .pypy...)
// or a versioned library (.so.12): the loader's names, never importable.
bool is_shared_object_name(std::string_view name);
bool is_tagged_module_name(std::string_view name);
bool is_versioned_library_name(std::string_view name);

// Lists the native files of `site_packages` (symlinked folders are not
// entered). Sorted output. Names alone decide here: an untagged name.so is a
// module unless it starts with "lib"; settle_untagged() reads the symbols.
NativeFiles find_native_files(const std::string& site_packages, const NativeFileOptions& options = {});

// Python imports name.so only if it defines PyInit_name. For the untagged
// names (name.so, libname.so), reads that one symbol through .gnu.hash and
// moves the file to the list it belongs in: triton's libtriton.so is an
// extension module, a plain helper.so without PyInit_helper is a library.
// Files that do not parse keep the name's verdict (their analysis reports them).
void settle_untagged(NativeFiles& files, Linker& linker);

struct TorchAbi {
  CxxAbi abi = CxxAbi::Unknown;
  std::string library;  // the file read: ".../torch/lib/libtorch_cpu.so"
};

// torch's C++ ABI from the libtorch_cpu the environment's torch loads (its
// torch/lib copy, or the one torch/_C's load set finds, as in Debian's build
// where libtorch lives in /usr/lib). nullopt when there is no torch.
std::optional<TorchAbi> torch_cxx_abi(const std::string& site_packages, Linker& linker);

}  // namespace mlstack::binary
