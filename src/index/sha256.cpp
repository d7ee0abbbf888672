// SPDX-License-Identifier: MIT
#include "index/sha256.h"

#include <dlfcn.h>
#include <openssl/evp.h>
#include <openssl/opensslv.h>

#include <mutex>
#include <stdexcept>

namespace mlstack::index {
namespace {

// libcrypto is loaded at the first digest rather than linked: linking it
// costs every mlstack process ~3 ms of start-up, and only index lookups
// (cache file names, .metadata checks) hash anything.
struct Crypto {
  decltype(&::EVP_Digest) digest = nullptr;
  decltype(&::EVP_sha256) sha256 = nullptr;
  std::string error;
};

const Crypto& crypto() {
  static std::once_flag once;
  static Crypto loaded;
  std::call_once(once, [] {
    // The SONAME of the OpenSSL major whose headers this was built with.
    std::string name = "libcrypto.so." + std::to_string(OPENSSL_VERSION_MAJOR);
    void* handle = dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);  // never closed
    if (handle) {
      loaded.digest = reinterpret_cast<decltype(&::EVP_Digest)>(dlsym(handle, "EVP_Digest"));
      loaded.sha256 = reinterpret_cast<decltype(&::EVP_sha256)>(dlsym(handle, "EVP_sha256"));
    }
    if (!loaded.digest || !loaded.sha256) {
      const char* why = dlerror();
      loaded.error = name + " could not be loaded (" + (why ? why : "no EVP_Digest") + "): SHA-256 is unavailable";
    }
  });
  return loaded;
}

}  // namespace

std::string sha256_hex(std::string_view bytes) {
  const Crypto& c = crypto();
  if (!c.error.empty()) throw std::runtime_error(c.error);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  c.digest(bytes.data(), bytes.size(), digest, &length, c.sha256(), nullptr);
  static const char* k_hex = "0123456789abcdef";
  std::string out;
  out.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    out += k_hex[digest[i] >> 4];
    out += k_hex[digest[i] & 15];
  }
  return out;
}

}  // namespace mlstack::index
