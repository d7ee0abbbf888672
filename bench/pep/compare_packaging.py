#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Times src/pep against Python's `packaging` on the same work, side by side.

  /usr/bin/python3 bench/pep/compare_packaging.py [--bench build/release/bench/bench_pep] [--repeat 5]
(Debian's interpreter, which sees python3-packaging.)

1. Writes the inputs to build/bench-pep-inputs/ (deterministic, from real data):
   versions.txt      100,000 versions: every version in shared/index (lock files,
                     PyTorch index pages, flash-attn wheels) and the packaging test
                     vectors, repeated in a fixed shuffled order;
   requirements.txt  10,000 "ENV<TAB>requirement" pairs: the Requires-Dist lines of
                     the distributions installed on this machine and the marker-bearing
                     requirement vectors, against three reference environments;
   environments.json those environments (from pep508_markers.json).
2. Runs packaging on it: parse + stable sort of the versions; parse each requirement
   and evaluate its marker. Best of --repeat runs, in CPU time (time.process_time):
   the build machine is shared, and CPU time is what both sides spend.
3. Runs the Google Benchmark binary with --benchmark_format=json.
4. Checks that both produced the same answers (checksums of the sorted versions and
   of the marker results) and only then prints the ratio.
"""
import argparse
import glob
import json
import os
import random
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.path.join(ROOT, "..", "shared")
INPUTS = os.environ.get("MLSTACK_PEP_BENCH_INPUTS", os.path.join(ROOT, "build", "bench-pep-inputs"))
VERSIONS, PAIRS = 100_000, 10_000

from packaging.requirements import Requirement  # noqa: E402  (Debian's python3-packaging)
from packaging.version import InvalidVersion, Version  # noqa: E402
import packaging  # noqa: E402


def collect_versions():
    found = set()
    for path in glob.glob(os.path.join(SHARED, "index", "lockfile-harvest", "merged", "*.json")):
        data = json.load(open(path))
        if isinstance(data, list):
            found.update(entry["version"] for entry in data if isinstance(entry.get("version"), str))
    wheel = re.compile(r"([^/\s\"']+?)-([^-/\s\"']+?)(-\d[^-/\s\"']*)?-[^-/\s\"']+-[^-/\s\"']+-[^-/\s\"']+\.whl")
    for pattern in ("pytorch-wheel-indexes/**/*", "flash-attn-wheels/*", "observed-wheel-urls/*"):
        for path in glob.glob(os.path.join(SHARED, "index", pattern), recursive=True):
            if os.path.isfile(path):
                text = open(path, encoding="utf-8", errors="replace").read()
                found.update(m.group(2) for m in wheel.finditer(text))
    vectors = json.load(open(os.path.join(SHARED, "testdata", "packaging", "pep440_versions.json")))
    found.update(c["input"] for c in vectors["valid"])
    found.update(vectors["sort_order"])
    good = []
    for text in sorted(found):
        try:
            Version(text)
        except InvalidVersion:
            continue
        if "\n" not in text:
            good.append(text)
    return good


def collect_requirements():
    lines = []
    for path in sorted(glob.glob("/usr/lib/python3*/**/METADATA", recursive=True)
                       + glob.glob("/usr/lib/python3/dist-packages/*/PKG-INFO")
                       + glob.glob(os.path.join(sys.prefix, "lib", "python3*", "site-packages", "*", "METADATA"))):
        for line in open(path, encoding="utf-8", errors="replace"):
            if line.startswith("Requires-Dist:"):
                lines.append(line[len("Requires-Dist:"):].strip())
            elif not line.strip():
                break
    vectors = json.load(open(os.path.join(SHARED, "testdata", "packaging", "pep508_requirements.json")))
    lines += [c["input"] for c in vectors["valid"] if c["marker"]]
    good = []
    for text in dict.fromkeys(lines):
        try:
            Requirement(text)
        except Exception:
            continue
        if "\n" not in text and "\t" not in text:
            good.append(text)
    return good


def write_inputs():
    os.makedirs(INPUTS, exist_ok=True)
    rng = random.Random(440)
    versions = collect_versions()
    sequence = (versions * (VERSIONS // len(versions) + 1))[:VERSIONS]
    rng.shuffle(sequence)
    with open(os.path.join(INPUTS, "versions.txt"), "w") as f:
        f.write("\n".join(sequence) + "\n")
    envs = json.load(open(os.path.join(SHARED, "testdata", "packaging", "pep508_markers.json")))["reference_environments"]
    with open(os.path.join(INPUTS, "environments.json"), "w") as f:
        json.dump(envs, f, indent=1)
    requirements = collect_requirements()
    names = sorted(envs)
    pairs = [(names[i % len(names)], requirements[i % len(requirements)]) for i in range(PAIRS)]
    rng.shuffle(pairs)
    with open(os.path.join(INPUTS, "requirements.txt"), "w") as f:
        f.write("".join(f"{env}\t{req}\n" for env, req in pairs))
    return len(versions), len(requirements)


def fnv(hash_, text):
    for byte in text.encode("utf-8"):
        hash_ = ((hash_ ^ byte) * 16777619) & 0xFFFFFFFF
    return hash_


def packaging_versions(lines):
    start = time.process_time()
    parsed = sorted(Version(line) for line in lines)  # sorted() is stable
    elapsed = time.process_time() - start
    return elapsed, parsed


def packaging_markers(pairs, envs):
    start = time.process_time()
    results = []
    for env, text in pairs:
        req = Requirement(text)
        results.append(req.marker is None or req.marker.evaluate(envs[env]))
    elapsed = time.process_time() - start
    return elapsed, results


def run_bench(binary):
    out = subprocess.run([binary, "--benchmark_format=json", "--benchmark_repetitions=5",
                          "--benchmark_report_aggregates_only=true"],
                         check=True, capture_output=True, text=True,
                         env=dict(os.environ, MLSTACK_PEP_BENCH_INPUTS=INPUTS)).stdout
    report = json.loads(out)
    best = {}
    for entry in report["benchmarks"]:
        name = entry["run_name"]
        if entry.get("aggregate_name") == "median":
            best[name] = entry
    return report["context"], best


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bench", default=os.path.join(ROOT, "build", "release", "bench", "bench_pep"))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    unique_versions, unique_requirements = write_inputs()
    lines = open(os.path.join(INPUTS, "versions.txt")).read().split("\n")[:-1]
    pairs = [tuple(line.split("\t", 1)) for line in open(os.path.join(INPUTS, "requirements.txt")).read().split("\n")[:-1]]
    envs = json.load(open(os.path.join(INPUTS, "environments.json")))

    py_versions = min(packaging_versions(lines)[0] for _ in range(args.repeat))
    _, parsed = packaging_versions(lines)
    version_checksum = 2166136261
    for v in parsed:
        version_checksum = fnv(fnv(version_checksum, str(v)), "\n")
    py_markers = min(packaging_markers(pairs, envs)[0] for _ in range(args.repeat))
    _, results = packaging_markers(pairs, envs)
    marker_checksum = 2166136261
    for r in results:
        marker_checksum = fnv(marker_checksum, "1" if r else "0")

    context, cpp = run_bench(args.bench)
    cpp_versions = cpp["BM_ParseAndSortVersions"]
    cpp_markers = cpp["BM_RequirementMarkers"]
    same_versions = int(cpp_versions["checksum"]) == version_checksum
    same_markers = int(cpp_markers["checksum"]) == marker_checksum and int(cpp_markers["matched"]) == sum(results)

    print(f"packaging {packaging.__version__} on Python {sys.version.split()[0]}; "
          f"{context.get('num_cpus')} CPUs at {context.get('mhz_per_cpu')} MHz; {context.get('date')}")
    print(f"inputs: {len(lines):,} versions ({unique_versions:,} distinct), "
          f"{len(pairs):,} requirement+marker pairs ({unique_requirements:,} distinct requirements)")
    print(f"{'work (CPU time, best/median of runs)':44} {'packaging':>12} {'mlstack':>12} {'ratio':>8}  same answers")
    for label, py, entry, same in (
        ("parse + sort 100,000 versions", py_versions, cpp_versions, same_versions),
        ("parse 10,000 requirements + evaluate markers", py_markers, cpp_markers, same_markers),
    ):
        ms = entry["cpu_time"] if entry["time_unit"] == "ms" else entry["cpu_time"] / 1e6
        ratio = (py * 1000) / ms if same else float("nan")
        print(f"{label:44} {py * 1000:10.1f}ms {ms:10.2f}ms {ratio:7.1f}x  {'yes' if same else 'NO'}")
    if not (same_versions and same_markers):
        print("answers differ: no ratio reported", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
