// SPDX-License-Identifier: MIT
// keep_until_exit: hands an object a command is done with to the end of the
// process, where the kernel takes the whole heap back at once, instead of
// freeing it piece by piece.
//
// Why: a warm `mlstack index` of 100 packages holds thousands of decoded
// files (each a dozen small allocations) and a JSON document of the same
// size; freeing them one by one cost it ~8 % of its run for nothing anyone
// sees. Compilers do the same with their ASTs (clang's -disable-free).
//
// Builds under AddressSanitizer destroy the object at once, as if it had
// gone out of scope: LeakSanitizer then still reports real leaks, and every
// destructor still runs under the sanitizers in the tests.
#pragma once

#include <memory>
#include <utility>

namespace mlstack {

void keep_until_exit(std::shared_ptr<const void> object);

template <typename T>
void keep_until_exit(std::unique_ptr<T> object) {
  keep_until_exit(std::shared_ptr<const void>(std::move(object)));
}

// Moves `value` to the heap first (a report, a document).
template <typename T>
void keep_value_until_exit(T&& value) {
  keep_until_exit(std::shared_ptr<const void>(std::make_shared<std::decay_t<T>>(std::forward<T>(value))));
}

// How many objects are kept now (for tests; always 0 under the sanitizers).
std::size_t kept_until_exit();

}  // namespace mlstack
