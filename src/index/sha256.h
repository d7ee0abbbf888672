// SPDX-License-Identifier: MIT
// SHA-256 (OpenSSL's libcrypto) for .metadata checks and cache file names.
#pragma once

#include <string>
#include <string_view>

namespace mlstack::index {

std::string sha256_hex(std::string_view bytes);  // lowercase hex

}  // namespace mlstack::index
