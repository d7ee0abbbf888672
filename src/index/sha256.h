// SPDX-License-Identifier: MIT
// SHA-256 (OpenSSL's libcrypto, loaded at the first digest) for .metadata
// checks and cache file names. Throws std::runtime_error when libcrypto
// cannot be loaded.
#pragma once

#include <string>
#include <string_view>

namespace mlstack::index {

std::string sha256_hex(std::string_view bytes);  // lowercase hex

}  // namespace mlstack::index
