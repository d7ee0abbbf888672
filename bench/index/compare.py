#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Versions and files of 100 packages from a loopback index: mlstack against
Debian's pip (`python3 -m pip index versions`), side by side in one run.

    bench/index/compare.py [--mlstack build/release/mlstack] [--packages 100] [--runs 5]

1. Generates the full (untrimmed) test index from ../shared/index into a
   temporary folder (scripts/make_test_index.py --all) and serves it with
   nginx on a free 127.0.0.1 port (JSON or HTML by Accept, Cache-Control
   max-age=600, as PyPI sends).
2. Cold: `mlstack index NAME...` with an empty cache (one process, one
   batch of parallel requests), and `pip index versions NAME` for each name
   with an empty pip cache (pip asks for one project per process).
3. Warm: the same again with the caches filled (mlstack answers within
   max-age without a request).
4. Checks answers before reporting times: every version pip lists must be
   among mlstack's (pip lists only versions with a file that installs on this
   interpreter; mlstack lists all, so pip's set is a subset), and counts
   packages whose sets are equal.
Times are wall clock and CPU (user+sys of the process and its children, from
wait4), the median of --runs runs.
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "bench"))
import loopback_nginx  # noqa: E402


def run(cmd, env=None):
    """(wall seconds, stdout, stderr, exit status) of one command."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    return wall, out.decode(), err.decode(), proc.returncode


def cpu_of(fn):
    import resource
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = fn()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, result


def pip_versions(text):
    m = re.search(r"Available versions: (.*)", text)
    return set(v.strip() for v in m.group(1).split(",")) if m else set()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mlstack", default=os.path.join(ROOT, "build", "release", "mlstack"))
    parser.add_argument("--packages", type=int, default=100)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pip-runs", type=int, default=1, help="pip is slow: runs of the 100 pip processes")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="mlstack-bench-index-")
    nginx = None
    try:
        data = os.path.join(tmp, "index")
        subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "make_test_index.py"), "--all", "--out", data],
                       check=True, stdout=subprocess.DEVNULL)
        names = sorted(os.listdir(os.path.join(data, "pypi", "simple")))
        names = [n for n in names if os.path.isdir(os.path.join(data, "pypi", "simple", n))][: args.packages]
        nginx, port = loopback_nginx.start(tmp, data, access_log=False)
        url = "http://127.0.0.1:%d/pypi/simple/" % port
        env = dict(os.environ, NO_COLOR="1")
        env.pop("MLSTACK_OFFLINE", None)
        cache = os.path.join(tmp, "mlstack-cache")
        mlstack = [args.mlstack, "--quiet", "--no-project-indexes", "--index-url", url, "--cache-dir", cache,
                   "--format", "json", "index"] + names

        def timed(cmd, clear=None):
            walls, cpus, out = [], [], None
            for _ in range(args.runs):
                if clear:
                    shutil.rmtree(clear, ignore_errors=True)
                cpu, (wall, out, err, rc) = cpu_of(lambda: run(cmd, env))
                if rc not in (0, 1):
                    sys.exit("failed (%d): %s\n%s" % (rc, " ".join(cmd[:8]), err))
                walls.append(wall)
                cpus.append(cpu)
            return statistics.median(walls), statistics.median(cpus), out

        cold_wall, cold_cpu, cold_out = timed(mlstack, clear=cache)
        warm_wall, warm_cpu, warm_out = timed(mlstack)
        doc = json.loads(warm_out)
        ours = {p["name"]: set(p["versions"]) for p in doc["packages"]}
        files = sum(len(p["files"]) for p in doc["packages"])

        pip_cache = os.path.join(tmp, "pip-cache")

        def pip_all():
            total_wall, answers = 0.0, {}
            for name in names:
                wall, out, err, rc = run(["/usr/bin/python3", "-m", "pip", "index", "versions", name, "--pre",
                                          "--index-url", url, "--cache-dir", pip_cache, "--disable-pip-version-check",
                                          "--no-input"], env)
                total_wall += wall
                answers[name] = pip_versions(out) if rc == 0 else None
            return total_wall, answers

        shutil.rmtree(pip_cache, ignore_errors=True)
        pip_cold_cpu, (pip_cold_wall, pip_answers) = cpu_of(pip_all)
        pip_warm_cpu, (pip_warm_wall, _) = cpu_of(pip_all)

        subset = equal = pip_none = 0
        for name in names:
            theirs = pip_answers.get(name)
            if theirs is None or not theirs:
                pip_none += 1
                continue
            mine = ours.get(name, set())
            if theirs <= mine:
                subset += 1
            else:
                print("MISMATCH %s: pip has %s not in mlstack's" % (name, sorted(theirs - mine)[:5]))
            if theirs == mine:
                equal += 1
        # What RESULTS.md needs beside the table: the load (2 shared cores) and which pip.
        print("uptime:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
        print("pip:", subprocess.run(["/usr/bin/python3", "-m", "pip", "--version"], capture_output=True,
                                     text=True).stdout.strip())
        print("packages: %d (files of the chosen versions listed by mlstack: %d)" % (len(names), files))
        print("answers: pip's versions within mlstack's for %d packages, equal for %d; pip found none for %d"
              % (subset, equal, pip_none))
        print("| run | mlstack wall | mlstack CPU | pip wall | pip CPU |")
        print("|---|---|---|---|---|")
        print("| cold (empty caches) | %.0f ms | %.0f ms | %.1f s | %.1f s |" % (cold_wall * 1e3, cold_cpu * 1e3, pip_cold_wall,
                                                                            pip_cold_cpu))
        print("| warm (caches filled) | %.1f ms | %.1f ms | %.1f s | %.1f s |" % (warm_wall * 1e3, warm_cpu * 1e3, pip_warm_wall,
                                                                             pip_warm_cpu))
        print("(mlstack: median of %d runs, one process for all %d packages; pip: one process per package, %d run)"
              % (args.runs, len(names), 1))
        if subset != len(names) - pip_none:
            sys.exit(1)
    finally:
        loopback_nginx.stop(nginx)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
