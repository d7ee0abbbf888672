// SPDX-License-Identifier: MIT
// trace: what `--verbose` prints on stderr — what was read and decided
// (notes, printed as they happen) and where the time went (phases, printed
// as a table when the command ends), for every verb.
//
// Off by default; then a Phase costs one branch and a note is never
// formatted. Like ninja's METRIC_RECORD, the state is process-wide so that
// any layer can record without options threaded through every call; the CLI
// turns it on. Safe to call from several threads (notes and phases are taken
// under a lock; a phase's nesting depth is per thread).
//
//   trace::Phase phase("env: machine");          // wall and process CPU until scope end
//   trace::note("env", "read 94 distributions");  // "mlstack: env: read 94 distributions"
//   if (trace::enabled()) trace::note("binary", fmt::format("{} bytes", n));
#pragma once

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace mlstack::trace {

bool enabled();

// Turns tracing on: notes go to `out` as they come, phases are kept for
// print_summary(). The process's start is the origin of the totals.
void enable(std::FILE* out);
// Back to off, forgetting recorded phases (tests).
void disable();

// "mlstack: <area>: <text>" on the trace's stream, when enabled.
void note(std::string_view area, std::string_view text);

// Times a scope: wall clock and the process's CPU time (all threads, so a
// phase that fans out over cores shows CPU above wall). Nested phases are
// indented under the phase open on the same thread.
class Phase {
 public:
  explicit Phase(std::string_view name);
  ~Phase();
  Phase(const Phase&) = delete;
  Phase& operator=(const Phase&) = delete;

 private:
  long m_index = -1;  // slot in the recorded list; -1 when tracing is off
  double m_wall_start = 0;
  double m_cpu_start = 0;
};

struct PhaseTime {
  std::string name;
  int depth = 0;
  double wall_ms = 0;
  double cpu_ms = 0;
  bool open = false;  // still running when asked
};

// Phases recorded so far, in the order they started.
std::vector<PhaseTime> phases();

// The phase table, then the totals since the process started (wall, CPU of
// all threads, peak RSS), then what the phases do not cover.
void print_summary(std::FILE* out);

}  // namespace mlstack::trace
