// SPDX-License-Identifier: MIT
#include "core/keep_until_exit.h"

#include <mutex>
#include <vector>

namespace mlstack {
namespace {

#if !defined(__SANITIZE_ADDRESS__)
struct Kept {
  std::mutex lock;
  std::vector<std::shared_ptr<const void>> objects;
};

// Never deleted, so never destroyed: static destructors at exit skip it.
Kept& kept() {
  static Kept* instance = new Kept();
  return *instance;
}
#endif

}  // namespace

void keep_until_exit(std::shared_ptr<const void> object) {
#if defined(__SANITIZE_ADDRESS__)
  object.reset();
#else
  Kept& k = kept();
  std::lock_guard<std::mutex> guard(k.lock);
  k.objects.push_back(std::move(object));
#endif
}

std::size_t kept_until_exit() {
#if defined(__SANITIZE_ADDRESS__)
  return 0;
#else
  Kept& k = kept();
  std::lock_guard<std::mutex> guard(k.lock);
  return k.objects.size();
#endif
}

}  // namespace mlstack
