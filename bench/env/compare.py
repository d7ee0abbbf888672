#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""`mlstack env` and `mlstack check --no-binaries` as users run them, against
`python -m pip check` and `pipdeptree --warn fail` on the same environments,
side by side (bench/harness.py: interleaved rounds, median wall and CPU,
peak RSS), after checking that mlstack and pip report the same problems
(simdjson's rule: no ratio without the same answer).

Environments:
  default   this machine's default python3 (here a pyenv shim in front of
            3.11.7): `mlstack env` with no flags, from an empty folder
  debian    Debian's /usr/bin/python3 with its dist-packages (python3-torch
            and python3-torchvision when installed): `mlstack env --python /usr/bin/python3`
  gen2000   a generated venv of 2,000 distributions (made under --work) that
            also sees the system site packages, activated as a user would
            (VIRTUAL_ENV set, its bin/ first on PATH): `mlstack env`

pip check runs as `<interpreter> -m pip check` with the real interpreter, not
through a shim (a pyenv shim adds ~1.4 s to every Python command here, which
would flatter the ratio); pipdeptree is Debian's, pointed at the same
interpreter. `mlstack check` runs on examples/tinyquant with --no-binaries
--offline: pip check asks no index, and check's verification of the
project's pins against PyPI (or, on a machine without a network, the DNS
failure, which now and then waits out the resolver's 5 s timeout) is no
part of the comparison.

Usage: bench/env/compare.py path/to/mlstack [--runs N] [--work DIR] [--before OLD_MLSTACK]
(--before adds the same mlstack commands run by another build, e.g. main's, to the rounds)
"""
import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "bench"))
from harness import Command, commands_block, machine_note, measure, table  # noqa: E402


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


def mlstack_problems(text):
    keys = set()
    for p in json.loads(text)["problems"]:
        if p["kind"] == "missing":
            keys.add(("missing", p["dist"], p["dependency"], ""))
        elif p["kind"] == "conflict":
            keys.add(("conflict", p["dist"], p["dependency"], p["installed_version"]))
    return keys


def generate(root, count, seed=20240601):
    """A venv whose site-packages holds `count` wheel-style distributions with
    realistic METADATA (a description body), RECORD, WHEEL, INSTALLER,
    entry points and dependency edges, a few of them broken on purpose."""
    if os.path.exists(root):
        shutil.rmtree(root)
    # --system-site-packages: pip and pipdeptree --python need pip importable.
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


def real_interpreter(name):
    """What `name` on PATH runs, asked once of the interpreter itself (only
    to pick pip check's interpreter; mlstack is not told)."""
    out = subprocess.run([name, "-c", "import sys; print(sys.executable)"], capture_output=True, text=True, cwd="/")
    return out.stdout.strip()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mlstack")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--work", default="/tmp/mlstack-bench-env")
    parser.add_argument("--only", help="one of default, debian, gen2000")
    parser.add_argument("--before", help="another mlstack build to time in the same rounds")
    args = parser.parse_args()
    mlstack = os.path.abspath(args.mlstack)
    os.makedirs(args.work, exist_ok=True)
    empty = tempfile.mkdtemp(prefix="empty-", dir=args.work)  # no .venv, no .python-version
    project = os.path.join(ROOT, "examples", "tinyquant")
    base_env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "CONDA_PREFIX", "PYENV_VERSION")}

    envs = []  # (key, label, python, mlstack env args, environment)
    if shutil.which("python3"):
        python = real_interpreter("python3")
        envs.append(("default", f"default python3 ({shutil.which('python3')} -> {python})", python, [], base_env))
    if os.path.exists("/usr/bin/python3"):
        torch = os.path.exists("/usr/lib/python3/dist-packages/torch/version.py")
        envs.append(("debian", "Debian /usr/bin/python3" + (" + python3-torch" if torch else ""), "/usr/bin/python3",
                     ["--python", "/usr/bin/python3"], base_env))
    if not args.only or args.only == "gen2000":
        venv_python = generate(os.path.join(args.work, "gen2000"), 2000)
        venv = os.path.dirname(os.path.dirname(venv_python))
        activated = dict(base_env, VIRTUAL_ENV=venv, PATH=os.path.join(venv, "bin") + ":" + base_env["PATH"])
        envs.append(("gen2000", "generated venv, 2,000 dists (+ system site packages)", venv_python, [], activated))

    print(machine_note())
    status = 0
    for key, label, python, env_args, environment in envs:
        if args.only and key != args.only:
            continue
        commands = [
            Command("mlstack env", [mlstack, "env"] + env_args, env=environment, cwd=empty, ok_codes=(0, 1, 2)),
            Command("mlstack check --no-binaries", [mlstack, "check", project, "--no-binaries", "--offline"] + env_args,
                    env=environment, cwd=empty, ok_codes=(0, 1, 2)),
        ]
        if args.before:
            before = os.path.abspath(args.before)
            commands += [
                Command("mlstack env (before)", [before, "env"] + env_args, env=environment, cwd=empty, ok_codes=(0, 1, 2)),
                Command("mlstack check --no-binaries (before)", [before, "check", project, "--no-binaries", "--offline"] + env_args,
                        env=environment, cwd=empty, ok_codes=(0, 1, 2)),
            ]
        commands += [
            Command("pip check", [python, "-m", "pip", "check"], env=environment, cwd=empty, answer=pip_problems),
            Command("pipdeptree --warn fail", ["/usr/bin/pipdeptree", "--python", python, "--warn", "fail"],
                    env=environment, cwd=empty),
        ]
        answer = Command("mlstack env --format json", [mlstack, "--format", "json", "env"] + env_args, env=environment,
                         cwd=empty, answer=mlstack_problems, ok_codes=(0, 1, 2))
        results = measure([answer] + commands, runs=args.runs)
        ours = results[0].answer
        pips = next(r.answer for r in results if r.command.label == "pip check")
        same = ours == pips
        visible = len([d for d in json.loads(results[0].output)["environment"]["distributions"] if not d["shadowed"]])
        print(f"\n### {label}: {visible:,} distributions, {len(pips)} problems; same problems as pip check: "
              f"{'yes' if same else 'NO'}\n")
        if not same:
            print(f"mlstack only: {sorted(ours - pips)[:5]}\npip only: {sorted(pips - ours)[:5]}")
            status = 1
            continue
        print(table(results[1:], baseline="pip check"))
        print()
        print(commands_block(results[1:]))
    return status


if __name__ == "__main__":
    sys.exit(main())
