// SPDX-License-Identifier: MIT
// parallel_for: work spread over plain std::threads, with a result that does
// not depend on how many there are. Each index in [0, n) is handed out once
// from an atomic counter; a caller writes what index i yields into slot i and
// merges the slots in index order afterwards, so output order is the same on
// 1 thread or 64. An exception thrown by any call is rethrown on the calling
// thread once every worker has stopped.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

namespace mlstack {

// How many workers to run for `items` pieces of work: `requested` (0: one per
// hardware thread), but no more than one per `min_items` pieces, and at least 1.
inline unsigned worker_count(unsigned requested, std::size_t items, std::size_t min_items = 1) {
  unsigned threads = requested ? requested : std::max(1u, std::thread::hardware_concurrency());
  std::size_t useful = std::max<std::size_t>(1, items / std::max<std::size_t>(1, min_items));
  return static_cast<unsigned>(std::min<std::size_t>(threads, useful));
}

// Calls work(i, worker) for every i in [0, n) on `threads` workers (the
// calling thread is worker 0); `worker` < threads indexes per-worker state
// such as a reusable read buffer.
template <typename Work>
void parallel_for(std::size_t n, unsigned threads, Work&& work) {
  threads = std::max(1u, threads);
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr error;
  std::mutex error_mutex;
  auto run = [&](unsigned worker) {
    try {
      for (std::size_t i = next++; i < n && !failed.load(std::memory_order_relaxed); i = next++) work(i, worker);
    } catch (...) {
      std::lock_guard<std::mutex> lock(error_mutex);
      if (!error) error = std::current_exception();
      failed = true;
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(threads - 1);
  for (unsigned t = 1; t < threads; ++t) {
    try {
      pool.emplace_back(run, t);
    } catch (const std::system_error&) {
      break;  // no more threads to be had: the ones running (and this one) share the work
    }
  }
  run(0);
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace mlstack
