#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""bench/harness.py: time programs the way users run them, side by side.

Every figure in bench/RESULTS.md comes from here: the `mlstack` executable
and the anchor tool (pip check, pipdeptree, pyflakes, packaging, cat of the
same bytes) run as processes, interleaved round by round (so a load spike on
this shared machine hits both), and reported as the median wall time, the
median CPU time (user + sys of the process and every child it waited for),
and the peak resident set size (the largest process of the tree), each with
the exact command line that produced it.

Use from a bench script (Python standard library only):

    import sys; sys.path.insert(0, "bench")
    from harness import Command, measure, table, cat_command

    results = measure([
        Command("mlstack env", [mlstack, "env"], cwd="/tmp"),
        Command("pip check", [python, "-m", "pip", "check"]),
    ], runs=7)
    print(table(results, baseline="pip check"))

or from the shell, each command a label and a shell line:

    bench/harness.py --runs 7 'mlstack=build/release/mlstack env' 'pip=python3 -m pip check'

Answers before times (simdjson's rule): a Command may carry `answer`, a
function of its captured stdout that returns something comparable; measure()
runs every command once untimed first (warm-up, and the capture), and
`same_answer(results, a, b)` says whether two commands agreed. Scripts refuse
to print a ratio when they did not.
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime
import os
import platform
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any, Callable, Optional, Sequence


@dataclasses.dataclass
class Command:
    """One program to time. `argv` runs without a shell; `shell=True` runs
    `argv[0]` through /bin/sh (for pipes and redirections; the shell's own
    cost, about a millisecond, is then part of the figure)."""
    label: str
    argv: Sequence[str]
    env: Optional[dict] = None      # full environment (None: inherit)
    cwd: Optional[str] = None
    stdin: Optional[str] = None     # a file fed on standard input
    shell: bool = False
    answer: Optional[Callable[[str], Any]] = None  # stdout -> comparable answer
    ok_codes: Sequence[int] = (0, 1)  # exit codes that are a normal answer (1: findings)

    def line(self) -> str:
        """The command as a person would type it (for RESULTS.md)."""
        text = self.argv[0] if self.shell else shlex.join(self.argv)
        if self.stdin:
            text += " < " + shlex.quote(self.stdin)
        if self.cwd:
            text = f"(cd {shlex.quote(self.cwd)} && {text})"
        return text


@dataclasses.dataclass
class Sample:
    wall: float   # seconds
    cpu: float    # seconds, user + sys, the process and its waited-for children
    rss_kib: int  # peak RSS of the largest process in the tree
    code: int


@dataclasses.dataclass
class Result:
    command: Command
    samples: list
    output: str = ""
    answer: Any = None

    @property
    def wall(self) -> float:
        return statistics.median(s.wall for s in self.samples)

    @property
    def cpu(self) -> float:
        return statistics.median(s.cpu for s in self.samples)

    @property
    def rss_mb(self) -> float:
        return max(s.rss_kib for s in self.samples) / 1024

    @property
    def spread(self) -> tuple:
        walls = sorted(s.wall for s in self.samples)
        return walls[0], walls[-1]


# Peak RSS needs a small parent: a process started from this script (fork or
# vfork, then exec) inherits the high-water mark of Python's own memory
# (~15 MB), so ru_maxrss would never read below it. GNU time forks the
# command from its own small image and reports that child's peak alone.
GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def run_once(command: Command, capture: bool = False) -> tuple:
    """Runs the command once; returns (Sample, stdout text or "")."""
    stdin = open(command.stdin, "rb") if command.stdin else subprocess.DEVNULL
    out = tempfile.TemporaryFile() if capture else subprocess.DEVNULL
    rss_file = tempfile.NamedTemporaryFile(prefix="mlstack-bench-rss-") if GNU_TIME else None
    try:
        argv = ["/bin/sh", "-c", command.argv[0]] if command.shell else list(command.argv)
        if GNU_TIME:
            argv = [GNU_TIME, "-f", "%M", "-o", rss_file.name] + argv
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=stdin, stdout=out, stderr=subprocess.DEVNULL,
                                env=command.env, cwd=command.cwd)
        # wait4 gives this child's own rusage (children it reaped included),
        # not the running total of every child this script ever had.
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        text = ""
        if capture:
            out.seek(0)
            text = out.read().decode("utf-8", errors="replace")
        rss = usage.ru_maxrss
        if rss_file:
            # "Command exited with non-zero status N" may precede the figure.
            lines = rss_file.read().decode().split()
            rss = int(lines[-1]) if lines and lines[-1].isdigit() else rss
    finally:
        if command.stdin:
            stdin.close()
        if capture:
            out.close()
        if rss_file:
            rss_file.close()
    code = proc.returncode
    if code not in command.ok_codes:
        raise RuntimeError(f"{command.label}: exit status {code}: {command.line()}")
    return Sample(wall, usage.ru_utime + usage.ru_stime, rss, code), text


def measure(commands: Sequence[Command], runs: int = 7, warmup: int = 1, quiet: bool = False) -> list:
    """Runs each command `warmup` times untimed (the first capturing stdout for
    its answer), then `runs` rounds in which every command runs once; the
    order rotates each round so that none always runs first after a sleep."""
    results = [Result(c, []) for c in commands]
    for result in results:
        for i in range(warmup):
            _, text = run_once(result.command, capture=(i == 0))
            if i == 0:
                result.output = text
                if result.command.answer:
                    result.answer = result.command.answer(text)
    for r in range(runs):
        order = list(range(len(results)))
        order = order[r % len(order):] + order[:r % len(order)]
        for i in order:
            sample, _ = run_once(results[i].command)
            results[i].samples.append(sample)
        if not quiet:
            print(f"  round {r + 1}/{runs} done", file=sys.stderr)
    return results


def same_answer(results: Sequence[Result], a: str, b: str) -> bool:
    by_label = {r.command.label: r for r in results}
    return by_label[a].answer is not None and by_label[a].answer == by_label[b].answer


def cat_command(label: str, files: Sequence[str], workdir: Optional[str] = None) -> Command:
    """`cat` of exactly these files to /dev/null (through xargs, so any number
    of them), the floor for a tool that reads every byte once."""
    fd, list_path = tempfile.mkstemp(prefix="mlstack-bench-files-", suffix=".lst", dir=workdir)
    with os.fdopen(fd, "wb") as f:
        f.write(b"\0".join(os.fsencode(p) for p in files))
    return Command(label, [f"xargs -0 cat < {shlex.quote(list_path)} > /dev/null"], shell=True)


def machine_note() -> str:
    """One line for the head of a RESULTS.md table: date, CPU, load."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"{datetime.date.today().isoformat()}, {os.cpu_count()} CPUs ({cpu}), "
            f"load average {load} when the table was printed")


def ms(seconds: float) -> str:
    value = seconds * 1000
    return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


def table(results: Sequence[Result], baseline: Optional[str] = None, title: str = "command") -> str:
    """A Markdown table: median wall, median CPU, peak RSS, wall range, and
    the ratio of the baseline's time to each command's (wall, CPU)."""
    base = next((r for r in results if r.command.label == baseline), None)
    lines = [f"| {title} | median wall (ms) | median CPU (ms) | peak RSS (MB) | wall min-max (ms) |"
             + (f" {baseline} / this (wall, CPU) |" if base else ""),
             "|---|--:|--:|--:|--:|" + ("--:|" if base else "")]
    for r in results:
        lo, hi = r.spread
        row = f"| {r.command.label} | {ms(r.wall)} | {ms(r.cpu)} | {r.rss_mb:.1f} | {ms(lo)}-{ms(hi)} |"
        if base:
            row += f" {base.wall / r.wall:.1f}x, {base.cpu / max(r.cpu, 1e-6):.1f}x |"
        lines.append(row)
    return "\n".join(lines)


def commands_block(results: Sequence[Result]) -> str:
    """The exact command of each row, for pasting under a table."""
    return "\n".join(f"- {r.command.label}: `{r.command.line()}`" for r in results)


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--baseline", help="label of the command the others are compared with")
    parser.add_argument("commands", nargs="+", metavar="LABEL=SHELL-COMMAND")
    args = parser.parse_args(argv)
    commands = []
    for spec in args.commands:
        label, sep, line = spec.partition("=")
        if not sep:
            parser.error(f"expected LABEL=COMMAND, got {spec!r}")
        commands.append(Command(label, [line], shell=True))
    results = measure(commands, runs=args.runs, warmup=args.warmup)
    print(machine_note())
    print()
    print(table(results, baseline=args.baseline or commands[-1].label))
    print()
    print(commands_block(results))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
