// SPDX-License-Identifier: MIT
#include "core/trace.h"

#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <mutex>

#include <fmt/format.h>

namespace mlstack::trace {
namespace {

struct State {
  std::mutex lock;
  std::FILE* out = nullptr;
  std::vector<PhaseTime> phases;
};

State& state() {
  static State s;
  return s;
}

std::atomic<bool> g_enabled{false};
thread_local int t_depth = 0;

double clock_ms(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

// Milliseconds since this process started: /proc/self/stat field 22 is the
// start time in clock ticks since boot; CLOCK_BOOTTIME shares that origin.
double process_age_ms() {
  std::FILE* f = std::fopen("/proc/self/stat", "r");
  if (f == nullptr) return 0;
  char buffer[1024];
  std::size_t n = std::fread(buffer, 1, sizeof buffer - 1, f);
  std::fclose(f);
  buffer[n] = '\0';
  // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
  std::string_view text(buffer, n);
  std::size_t close = text.rfind(')');
  if (close == std::string_view::npos) return 0;
  int field = 2;
  unsigned long long start_ticks = 0;
  for (std::size_t i = close + 1; i < text.size(); ++i) {
    if (text[i] != ' ') continue;
    if (++field == 22) {
      start_ticks = std::strtoull(text.data() + i + 1, nullptr, 10);
      break;
    }
  }
  long ticks_per_second = sysconf(_SC_CLK_TCK);
  if (start_ticks == 0 || ticks_per_second <= 0) return 0;
  return clock_ms(CLOCK_BOOTTIME) - static_cast<double>(start_ticks) * 1e3 / static_cast<double>(ticks_per_second);
}

}  // namespace

bool enabled() { return g_enabled.load(std::memory_order_relaxed); }

void enable(std::FILE* out) {
  State& s = state();
  std::lock_guard guard(s.lock);
  s.out = out;
  g_enabled = true;
}

void disable() {
  State& s = state();
  std::lock_guard guard(s.lock);
  g_enabled = false;
  s.out = nullptr;
  s.phases.clear();
}

void note(std::string_view area, std::string_view text) {
  if (!enabled()) return;
  State& s = state();
  std::lock_guard guard(s.lock);
  if (s.out == nullptr) return;
  fmt::print(s.out, "mlstack: {}: {}\n", area, text);
  std::fflush(s.out);
}

Phase::Phase(std::string_view name) {
  if (!enabled()) return;
  State& s = state();
  {
    std::lock_guard guard(s.lock);
    m_index = static_cast<long>(s.phases.size());
    s.phases.push_back({std::string(name), t_depth, 0, 0, true});
  }
  ++t_depth;
  m_wall_start = clock_ms(CLOCK_MONOTONIC);
  m_cpu_start = clock_ms(CLOCK_PROCESS_CPUTIME_ID);
}

Phase::~Phase() {
  if (m_index < 0) return;
  double wall = clock_ms(CLOCK_MONOTONIC) - m_wall_start;
  double cpu = clock_ms(CLOCK_PROCESS_CPUTIME_ID) - m_cpu_start;
  --t_depth;
  State& s = state();
  std::lock_guard guard(s.lock);
  if (static_cast<std::size_t>(m_index) >= s.phases.size()) return;  // disabled meanwhile
  PhaseTime& phase = s.phases[static_cast<std::size_t>(m_index)];
  phase.wall_ms = wall;
  phase.cpu_ms = cpu;
  phase.open = false;
}

std::vector<PhaseTime> phases() {
  State& s = state();
  std::lock_guard guard(s.lock);
  return s.phases;
}

void print_summary(std::FILE* out) {
  std::vector<PhaseTime> list = phases();
  double age = process_age_ms();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  double cpu = (static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3 +
                static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3);
  const std::string other = "other (start-up, options, output)";
  std::size_t width = other.size();
  for (const PhaseTime& p : list) width = std::max(width, p.name.size() + 2 * static_cast<std::size_t>(p.depth));
  std::string text = fmt::format("mlstack:   {:<{}} {:>9} {:>9}\n", "phase", width, "wall ms", "cpu ms");
  auto row = [&](const std::string& name, double wall, double cpu_ms) {
    text += fmt::format("mlstack:   {:<{}} {:>9.1f} {:>9.1f}\n", name, width, wall, cpu_ms);
  };
  double covered_wall = 0, covered_cpu = 0;
  for (const PhaseTime& p : list) {
    std::string name = std::string(2 * static_cast<std::size_t>(p.depth), ' ') + p.name;
    if (p.open) {
      text += fmt::format("mlstack:   {:<{}} (still running)\n", name, width);
      continue;
    }
    row(name, p.wall_ms, p.cpu_ms);
    if (p.depth == 0) {
      covered_wall += p.wall_ms;
      covered_cpu += p.cpu_ms;
    }
  }
  if (age > 0) {
    row(other, std::max(0.0, age - covered_wall), std::max(0.0, cpu - covered_cpu));
    row("total", age, cpu);
  } else {
    text += fmt::format("mlstack:   {:<{}} {:>9} {:>9.1f}\n", "total", width, "", cpu);
  }
  text += fmt::format("mlstack: peak RSS {:.1f} MB\n", static_cast<double>(usage.ru_maxrss) / 1024.0);
  std::fputs(text.c_str(), out);
  std::fflush(out);
}

}  // namespace mlstack::trace
