#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""`mlstack scan` as users run it, side by side with its anchors in one run.

For each tree: the executable (`mlstack scan TREE`, text and `--format json`)
against `cat` of the same Python files (the I/O floor: every byte read once)
and Debian's pyflakes over the same files (a tool that reads and parses them).
Runs are interleaved (round r runs every tool once, in an order rotated per
round) so that load on a shared machine hits every tool alike; each figure is
the median over the rounds of wall time and of CPU time (user + sys of the
process and its children, from wait4), and the peak RSS (ru_maxrss) of the
process tree's largest process.

Answers are checked before anything is timed: mlstack's JSON must say it
read as many Python files as are catted (`code.python_files`), and as many
bytes (`code.python_bytes`); otherwise the tree is reported and not timed.

Usage:
  bench/cli/scan.py MLSTACK [--runs N] [--pyflakes-runs N] [--no-pyflakes] TREE...
  bench/cli/scan.py MLSTACK --trees-only DIR    # every tree under DIR: mlstack only

Prints Markdown tables for bench/RESULTS.md.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

# The folders mlstack's Python scan skips (src/project/python/scan.cpp, skipped_dir).
SKIPPED = {".git", ".hg", ".svn", "__pycache__", "node_modules", ".tox", ".nox", ".eggs", ".mypy_cache",
           ".pytest_cache", "site-packages", "dist-packages"}


def python_files(root):
    """The .py files mlstack scans under root, sorted, as root-relative paths."""
    out = []
    for folder, dirs, files in os.walk(root):
        keep = []
        for d in dirs:
            full = os.path.join(folder, d)
            if d in SKIPPED or d.endswith(".egg-info") or os.path.islink(full):
                continue
            if os.path.exists(os.path.join(full, "pyvenv.cfg")) or os.path.exists(os.path.join(full, "conda-meta")):
                continue
            keep.append(d)
        dirs[:] = keep
        for f in files:
            full = os.path.join(folder, f)
            if f.endswith(".py") and os.path.isfile(full):
                # A link to a file outside the tree is not the tree's (mlstack
                # reports it, input.symlink-outside, and does not read it):
                # Debian's sitecustomize.py links to /etc/python3.11.
                real_root = os.path.realpath(root)
                if os.path.islink(full) and not os.path.realpath(full).startswith(real_root + os.sep):
                    continue
                out.append(os.path.relpath(full, root))
    return sorted(out)


def run_once(cmd, cwd):
    """Wall seconds, CPU seconds and peak RSS (KiB) of one run of cmd.

    The command runs under /usr/bin/time, a small C program that forks it,
    and its peak RSS is the one time reports (%M). A process forked from this
    Python would report Python's own resident pages as its peak: Linux keeps
    the high-water mark across exec. CPU is from wait4 on time, whose usage
    includes the command it waited for."""
    with tempfile.NamedTemporaryFile("r") as rss_file:
        start = time.perf_counter()
        proc = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", rss_file.name, *cmd], cwd=cwd,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        lines = [line for line in rss_file.read().splitlines() if line.strip().isdigit()]
    return wall, usage.ru_utime + usage.ru_stime, int(lines[-1]) if lines else 0


def interleaved(tools, rounds, cwd):
    """{name: (median wall s, median CPU s, max RSS KiB)} over `rounds` rotated rounds."""
    samples = {name: [] for name, _ in tools}
    for r in range(rounds):
        order = tools[r % len(tools):] + tools[:r % len(tools)]
        for name, cmd in order:
            samples[name].append(run_once(cmd, cwd))
    return {name: (statistics.median(s[0] for s in runs), statistics.median(s[1] for s in runs),
                   max(s[2] for s in runs)) for name, runs in samples.items()}


def ms(seconds):
    return f"{seconds * 1000:,.0f}"


def mib(kib):
    return f"{kib / 1024:,.1f}"


def check(mlstack, tree, files):
    out = subprocess.run([mlstack, "scan", tree, "--format", "json"], capture_output=True, text=True)
    doc = json.loads(out.stdout)
    code = doc.get("code", {})
    nbytes = sum(os.path.getsize(os.path.join(tree, f)) for f in files)
    if "python_files" not in code:  # an older build (scan_schema 1) does not say: time it, say so
        return None, None, None, nbytes, len(doc.get("findings", []))
    ok = code.get("python_files") == len(files) and code.get("python_bytes") == nbytes
    return ok, code.get("python_files"), code.get("python_bytes"), nbytes, len(doc.get("findings", []))


def bench_tree(args, tree):
    files = python_files(tree)
    ok, their_files, their_bytes, nbytes, findings = check(args.mlstack, tree, files)
    print(f"\n### {tree}: {len(files):,} Python files, {nbytes / 1e6:.1f} MB\n")
    if ok is None:
        print(f"Answer check: this mlstack does not report what it read (scan_schema 1); cat reads {len(files):,} "
              f"files / {nbytes:,} bytes. {findings:,} findings.\n")
    else:
        print(f"Answer check: mlstack read {their_files:,} files / {their_bytes:,} bytes; cat reads {len(files):,} / "
              f"{nbytes:,}: {'same' if ok else 'DIFFERENT, not timed'}. {findings:,} findings.\n")
    if ok is False:
        return
    tools = [("mlstack scan (text)", [args.mlstack, "scan", tree]),
             ("mlstack scan --format json", [args.mlstack, "scan", tree, "--format", "json"]),
             ("cat of the same files", ["cat", *files])]
    for _, cmd in tools:  # warm the page cache and the binaries
        run_once(cmd, tree)
    result = interleaved(tools, args.runs, tree)
    pyflakes = None
    if not args.no_pyflakes:
        pf_cmd = ["/usr/bin/python3", "-m", "pyflakes", *files]
        pyflakes = interleaved([("pyflakes", pf_cmd)], args.pyflakes_runs, tree)["pyflakes"]
    cat_wall, cat_cpu, _ = result["cat of the same files"]
    print("| tool | median wall ms | median CPU ms | peak RSS MiB | wall / cat | CPU / cat |")
    print("|---|--:|--:|--:|--:|--:|")
    for name, (wall, cpu, rss) in result.items():
        print(f"| {name} | {ms(wall)} | {ms(cpu)} | {mib(rss)} | {wall / cat_wall:.2f}x | {cpu / cat_cpu:.2f}x |")
    if pyflakes:
        wall, cpu, rss = pyflakes
        print(f"| pyflakes 2.5.0 ({args.pyflakes_runs} run{'s' if args.pyflakes_runs > 1 else ''}) | {ms(wall)} | "
              f"{ms(cpu)} | {mib(rss)} | {wall / cat_wall:.2f}x | {cpu / cat_cpu:.2f}x |")
        text_wall, text_cpu, _ = result["mlstack scan (text)"]
        print(f"\npyflakes / mlstack scan (text): {wall / text_wall:.0f}x wall, {cpu / text_cpu:.0f}x CPU.")
    print(f"Rounds: {args.runs} (interleaved), load average before/after: {args.load_before} / "
          f"{' '.join(open('/proc/loadavg').read().split()[:3])}")


def bench_trees(args):
    trees = sorted(os.path.join(args.trees_only, d) for d in os.listdir(args.trees_only)
                   if os.path.isdir(os.path.join(args.trees_only, d)))
    print("| tree | files | Python files | text wall ms | text CPU ms | text RSS MiB | JSON wall ms | JSON CPU ms | "
          "JSON RSS MiB | JSON bytes | findings |")
    print("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    for tree in trees:
        nfiles = sum(len(f) for _, _, f in os.walk(tree))
        tools = [("text", [args.mlstack, "scan", tree]), ("json", [args.mlstack, "scan", tree, "--format", "json"])]
        for _, cmd in tools:
            run_once(cmd, tree)
        result = interleaved(tools, args.runs, tree)
        out = subprocess.run([args.mlstack, "scan", tree, "--format", "json"], capture_output=True, text=True).stdout
        doc = json.loads(out)
        npy = doc["code"].get("python_files") or len(python_files(tree))
        tw, tc, tr = result["text"]
        jw, jc, jr = result["json"]
        print(f"| {os.path.basename(tree)} | {nfiles:,} | {npy:,} | {ms(tw)} | {ms(tc)} | "
              f"{mib(tr)} | {ms(jw)} | {ms(jc)} | {mib(jr)} | {len(out):,} | {len(doc['findings'])} |")
    print(f"\nRounds: {args.runs} (interleaved), load average before/after: {args.load_before} / "
          f"{' '.join(open('/proc/loadavg').read().split()[:3])}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mlstack")
    parser.add_argument("trees", nargs="*")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--pyflakes-runs", type=int, default=1)
    parser.add_argument("--no-pyflakes", action="store_true")
    parser.add_argument("--trees-only", metavar="DIR")
    args = parser.parse_intermixed_args()
    args.mlstack = os.path.abspath(args.mlstack)
    args.load_before = " ".join(open("/proc/loadavg").read().split()[:3])
    if args.trees_only:
        bench_trees(args)
    for tree in args.trees:
        if not os.path.isdir(tree):  # a shell glob over a folder of trees also names its README
            print(f"scan.py: {tree} is not a folder; skipped", file=sys.stderr)
            continue
        bench_tree(args, os.path.abspath(tree))
    return 0


if __name__ == "__main__":
    sys.exit(main())
