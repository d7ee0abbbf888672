#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Times `mlstack env --site DIR` against `python -m pip check` and
`pipdeptree --warn fail` on the same environments, after checking that
mlstack and pip report the same set of problems (simdjson's rule: no ratio
without the same answer).

Environments:
  python3   this machine's default python3 (its site-packages)
  debian    Debian's /usr/bin/python3 with its system dist-packages
            (python3-torch, python3-torchvision installed)
  gen2000   a generated venv of 2,000 distributions (made here, under --work),
            seeing the system dist-packages too (pip must be importable in it)

Usage: bench/env/compare.py path/to/mlstack [--runs N] [--work DIR]
Prints a Markdown table for bench/RESULTS.md.
"""
import argparse
import json
import os
import random
import resource
import re
import shutil
import statistics
import subprocess
import sys
import time


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, cwd="/", **kw)


def timed(cmd, runs, env=None):
    """Median wall and median CPU (user + sys of the process and its
    children) seconds over `runs`, and max RSS (KiB) from /usr/bin/time. On a
    loaded machine the CPU figure is the steadier one."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd="/", env=env)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    rss = None
    if os.path.exists("/usr/bin/time"):
        out = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True, cwd="/", env=env)
        last = out.stderr.strip().splitlines()[-1] if out.stderr.strip() else ""
        rss = int(last) if last.isdigit() else None
    return statistics.median(walls), statistics.median(cpus), rss


def pip_problems(text):
    """The set of (kind, dist, dependency, installed) in pip check's output."""
    keys = set()
    for line in text.splitlines():
        m = re.match(r"^(\S+) \S+ requires (\S+), which is not installed\.$", line)
        if m:
            keys.add(("missing", m.group(1), m.group(2), ""))
            continue
        m = re.match(r"^(\S+) \S+ has requirement .*, but you have (\S+) (\S+)\.$", line)
        if m:
            keys.add(("conflict", m.group(1), m.group(2), m.group(3)))
    return keys


def mlstack_problems(doc):
    keys = set()
    for p in doc["problems"]:
        if p["kind"] == "missing":
            keys.add(("missing", p["dist"], p["dependency"], ""))
        elif p["kind"] == "conflict":
            keys.add(("conflict", p["dist"], p["dependency"], p["installed_version"]))
    return keys


def site_dirs(python):
    out = run([python, "-I", "-c", "import json, sys, os; print(json.dumps([p for p in sys.path if os.path.isdir(p)]))"])
    return json.loads(out.stdout)


def generate(root, count, seed=20240601):
    """A venv whose site-packages holds `count` wheel-style distributions with
    realistic METADATA (a description body), RECORD, WHEEL, INSTALLER,
    entry points and dependency edges, a few of them broken on purpose."""
    if os.path.exists(root):
        shutil.rmtree(root)
    # --system-site-packages: pip and pipdeptree --python need pip importable
    # in the environment; mlstack is given the same sys.path folders.
    subprocess.run(["/usr/bin/python3", "-m", "venv", "--without-pip", "--system-site-packages", root], check=True)
    site = os.path.join(root, "lib", "python3.11", "site-packages")
    rng = random.Random(seed)
    body = ("This distribution exists to make the benchmark environment realistic. " * 30 + "\n") * 2
    for i in range(count):
        name = f"gen-pkg-{i:04d}"
        version = f"{1 + i % 5}.{i % 10}.{i % 7}"
        lines = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}",
                 f"Summary: generated distribution {i}", "Requires-Python: >=3.8",
                 "Classifier: Programming Language :: Python :: 3", "License: MIT"]
        for _ in range(rng.randint(0, 5) if i else 0):
            j = rng.randrange(0, i)
            dep_version = (1 + j % 5, j % 10, j % 7)
            spec = rng.choice([f">={dep_version[0]}", f">={dep_version[0]}.{dep_version[1]},<{dep_version[0] + 1}",
                               f"~={dep_version[0]}.{dep_version[1]}", ""])
            marker = rng.choice(["", "", "", ' ; python_version >= "3.8"', ' ; sys_platform == "win32"'])
            lines.append(f"Requires-Dist: gen-pkg-{j:04d}{spec}{marker}")
        lines.append("Provides-Extra: test")
        lines.append('Requires-Dist: pytest>=7 ; extra == "test"')
        if i % 97 == 13:
            lines.append(f"Requires-Dist: absent-package-{i}>=1.0")
        if i % 89 == 7 and i > 10:
            lines.append(f"Requires-Dist: gen-pkg-{i - 1:04d}<0.1")
        dist_info = os.path.join(site, f"gen_pkg_{i:04d}-{version}.dist-info")
        os.makedirs(dist_info)
        with open(os.path.join(dist_info, "METADATA"), "w") as f:
            f.write("\n".join(lines) + "\n\n" + body)
        module = f"gen_pkg_{i:04d}"
        record = [f"{module}/__init__.py,sha256=47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU,0",
                  f"{module}/core.py,sha256=47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU,1200",
                  f"{module}/_ext.cpython-311-x86_64-linux-gnu.so,sha256=47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU,52000",
                  f"../../../bin/{name},sha256=47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU,230"]
        record += [f"{dist_info.rsplit('/', 1)[1]}/{n},," for n in ("METADATA", "WHEEL", "INSTALLER", "RECORD", "entry_points.txt", "top_level.txt")]
        files = {"RECORD": "\n".join(record) + "\n", "INSTALLER": "pip\n", "top_level.txt": module + "\n",
                 "WHEEL": "Wheel-Version: 1.0\nGenerator: bdist_wheel (0.43.0)\nRoot-Is-Purelib: false\nTag: cp311-cp311-manylinux_2_17_x86_64\n\n",
                 "entry_points.txt": f"[console_scripts]\n{name} = {module}.core:main\n"}
        for file, text in files.items():
            with open(os.path.join(dist_info, file), "w") as f:
                f.write(text)
    return os.path.join(root, "bin", "python")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mlstack")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--work", default="/tmp/mlstack-bench-env")
    args = parser.parse_args()
    mlstack = os.path.abspath(args.mlstack)

    envs = []
    python3 = shutil.which("python3")
    if python3:
        # The interpreter itself, not a pyenv shim in front of it.
        real = run([python3, "-c", "import sys; print(sys.executable)"]).stdout.strip()
        envs.append(("python3 (" + run([real, "-c", "import sys; print(sys.version.split()[0])"]).stdout.strip() + ")", real))
    if os.path.exists("/usr/lib/python3/dist-packages/torch/version.py"):
        envs.append(("Debian /usr/bin/python3 + python3-torch", "/usr/bin/python3"))
    envs.append(("generated, 2,000 dists", generate(os.path.join(args.work, "gen2000"), 2000)))

    rows = []
    for label, python in envs:
        dirs = site_dirs(python)
        site_args = []
        for d in dirs:
            site_args += ["--site", d]
        # The answer is compared in JSON; the timed command is the plain
        # `mlstack env --site DIR ...` a person runs (text output).
        ml = run([mlstack, "--format", "json", "env"] + site_args)
        doc = json.loads(ml.stdout)
        ml_cmd = [mlstack, "env"] + site_args
        pip_cmd = [python, "-m", "pip", "check"]
        pip = run(pip_cmd)
        same = mlstack_problems(doc) == pip_problems(pip.stdout)
        if not same:
            print(f"{label}: mlstack and pip disagree:\n  mlstack only: {mlstack_problems(doc) - pip_problems(pip.stdout)}\n"
                  f"  pip only: {pip_problems(pip.stdout) - mlstack_problems(doc)}", file=sys.stderr)
        deptree_cmd = ["pipdeptree", "--python", python, "--warn", "fail"]
        ml = timed(ml_cmd, args.runs)
        pip_timing = timed(pip_cmd, args.runs)
        deptree = timed(deptree_cmd, args.runs)
        visible = len([d for d in doc["environment"]["distributions"] if not d["shadowed"]])
        rows.append((label, visible, len(mlstack_problems(doc)), same, ml, pip_timing, deptree))

    def ms(seconds):
        return f"{seconds * 1000:.1f}" if seconds < 0.1 else f"{seconds * 1000:.0f}"

    print("Median of %d runs; wall / CPU (user+sys) in ms; max RSS from /usr/bin/time -f %%M." % args.runs)
    print()
    print("| environment | dists | problems | same answer as pip | mlstack env | pip check | pipdeptree --warn fail | pip check / mlstack (wall, CPU) | max RSS mlstack / pip / pipdeptree |")
    print("|---|--:|--:|---|--:|--:|--:|--:|--:|")
    for label, n, problems, same, ml, pip_timing, deptree in rows:
        rss = " / ".join(f"{r / 1024:.1f} MB" if r else "?" for r in (ml[2], pip_timing[2], deptree[2]))
        print(f"| {label} | {n} | {problems} | {'yes' if same else 'NO'} | {ms(ml[0])} / {ms(ml[1])} | {ms(pip_timing[0])} / {ms(pip_timing[1])} "
              f"| {ms(deptree[0])} / {ms(deptree[1])} | {pip_timing[0] / ml[0]:.0f}x, {pip_timing[1] / max(ml[1], 1e-4):.0f}x | {rss} |")
    return 0 if all(r[3] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
