#!/usr/bin/env python3
"""`mlstack report` of one tree beside `mlstack scan` and `mlstack check` of the same tree.

usage: compare_report.py MLSTACK TREE [ROUNDS]

Checks the answer first (the report's findings are scan's and check's, each
once), then runs every command ROUNDS times, interleaved, output to
/dev/null, and prints a Markdown table of median wall and CPU (user+sys,
from wait4) per command.
"""
import json
import os
import statistics
import subprocess
import sys
import time


def run(argv):
    start = time.perf_counter()
    with open(os.devnull, "wb") as null:
        proc = subprocess.Popen(argv, stdout=null, stderr=null)
        _, _, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    return wall, usage.ru_utime + usage.ru_stime


def findings(argv):
    out = subprocess.run(argv, capture_output=True, check=False).stdout
    doc = json.loads(out)
    return {json.dumps({k: f.get(k) for k in ("rule", "severity", "message", "origins", "fix")}, sort_keys=True)
            for f in doc["findings"]}


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    mlstack, tree = argv[1], argv[2]
    rounds = int(argv[3]) if len(argv) > 3 else 7
    report = findings([mlstack, "report", tree, "--format", "json"])
    expected = findings([mlstack, "scan", tree, "--format", "json"]) | findings([mlstack, "check", tree, "--no-env", "--format", "json"])
    if report != expected:
        print(f"answers differ: report {len(report)} findings, scan+check {len(expected)}", file=sys.stderr)
        return 1
    commands = {
        "mlstack scan TREE": [mlstack, "scan", tree],
        "mlstack check TREE --no-env": [mlstack, "check", tree, "--no-env"],
        "mlstack report TREE (markdown)": [mlstack, "report", tree],
        "mlstack report TREE --format html": [mlstack, "report", tree, "--format", "html"],
        "mlstack report TREE --format json": [mlstack, "report", tree, "--format", "json"],
        "mlstack report TREE --format sarif": [mlstack, "report", tree, "--format", "sarif"],
    }
    for argv_ in commands.values():  # warm the page cache
        run(argv_)
    times = {name: [] for name in commands}
    for _ in range(rounds):
        for name, argv_ in commands.items():
            times[name].append(run(argv_))
    print(f"{len(report)} findings in the report, equal to scan's and check's; {rounds} rounds, interleaved.\n")
    print("| command | median wall | median CPU |")
    print("|---|---:|---:|")
    for name, samples in times.items():
        wall = statistics.median(s[0] for s in samples)
        cpu = statistics.median(s[1] for s in samples)
        print(f"| `{name}` | {wall * 1000:.0f} ms | {cpu * 1000:.0f} ms |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
