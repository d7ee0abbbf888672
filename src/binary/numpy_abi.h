// SPDX-License-Identifier: MIT
// Which NumPy headers an extension module was compiled with, read from the
// import code NumPy's headers put into every module that calls
// import_array() / import_umath(): NumPy 1.x's _import_array imports
// "numpy.core._multiarray_umath"; NumPy 2.x's first tries
// "numpy._core._multiarray_umath" and falls back to the old name. So the new
// name means 2.x headers, the old name alone means 1.x headers (whose
// modules refuse to run under NumPy 2: "A module that was compiled using
// NumPy 1.x cannot be run in NumPy 2"). The kb row numpy.toml [[c_abi]]
// holds the sources.
//
// Only modules that import a capsule (an undefined PyCapsule_GetPointer, which
// NumPy's import code calls) are searched, and only their read-only data, so
// libraries without NumPy's C API cost nothing.
#pragma once

#include <cstdint>
#include <vector>

#include "binary/elf_file.h"

namespace mlstack::binary {

enum class NumpyHeaders : std::uint8_t {
  None,    // no NumPy C-API import found
  Numpy1,  // compiled with NumPy 1.x headers
  Numpy2,  // compiled with NumPy 2.x headers
};

const char* to_string(NumpyHeaders headers);  // "none", "1.x", "2.x"

NumpyHeaders detect_numpy_headers(const ElfFile& file, const std::vector<DynamicSymbol>& symbols);

}  // namespace mlstack::binary
