#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes the hostile inputs of issue 21 (tests/data/hostile/README.md) into a folder.

    make_hostile.py OUT CASE [--full]

Each CASE is one folder OUT/CASE holding a small project tree, environment or
file that once crashed, hung, blew up or leaked. The end-to-end tests
(tests/cli/hostile_test.cpp) generate the case they need at test time; the
fuzz seeds (fuzz/project/seed.sh, fuzz/env/seed.sh) copy the files. Without
--full the sizes are those the tests use: large enough that a quadratic or
exponential reader runs for minutes where a linear one takes a fraction of a
second. --full writes the sizes the issue measured (1M RECORD rows, ...).
`make_hostile.py OUT all` writes every case.
"""
import os
import socket
import sys


def write(path, text, mode="w"):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, mode) as f:
        f.write(text)


def fifo(path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    os.mkfifo(path)


def unix_socket(path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(path)
    s.close()  # the socket file stays


def group_chain(out, full):
    # PEP 735 include-group chain 10,000 deep: the recursive reader overflowed the stack
    # (3,000 for the tests: the old reader expands that to 4.5M requirements).
    n = 10000 if full else 3000
    lines = ['[project]\nname = "chain"\nversion = "1"\n\n[dependency-groups]\n']
    for i in range(n):
        lines.append(f'g{i} = ["pkg{i}", {{include-group = "g{i + 1}"}}]\n')
    lines.append(f'g{n} = ["last"]\n')
    write(f"{out}/pyproject.toml", "".join(lines))


def group_doubling(out, full):
    # 16 groups, each including the next twice: 2^16 copies of the last one.
    n = 16
    lines = ['[project]\nname = "doubling"\nversion = "1"\n\n[dependency-groups]\n']
    for i in range(n):
        lines.append(f'g{i} = [{{include-group = "g{i + 1}"}}, {{include-group = "g{i + 1}"}}]\n')
    lines.append(f'g{n} = ["numpy", "torch"]\n')
    write(f"{out}/pyproject.toml", "".join(lines))


def setup_nested(out, full):
    # install_requires=list(list(...)) 10,000 deep: the expression reader recursed per level.
    n = 10000
    write(f"{out}/setup.py",
          "from setuptools import setup\n"
          f"setup(name='nested', install_requires={'list(' * n}['torch']{')' * n})\n")


def setup_doubling(out, full):
    # `reqs = reqs + reqs` 16 times (and +=, .extend, a string that doubles, a list nested in itself).
    body = ["from setuptools import setup\n", "reqs = ['torch', 'numpy']\n", "more = ['x']\n", "s = 'a' * 1\n",
            "s = 'abcdefgh'\n", "deep = []\n"]
    for _ in range(24):
        body.append("reqs = reqs + reqs\n")
        body.append("more += more\n")
        body.append("s = s + s\n")
    for _ in range(2000):
        body.append("deep = [deep]\n")
    body.append("setup(name='doubling', install_requires=reqs, extras_require={'more': more, 'deep': deep})\n")
    write(f"{out}/setup.py", "".join(body))


def setup_syntax(out, full):
    # A setup.py that is not Python: it used to pass with exit 0 and no message.
    write(f"{out}/setup.py",
          "from setuptools import setup\n\n"
          "setup(\n"
          "    name='broken',\n"
          "    install_requires=['torch==2.3.0',\n"
          "    python_requires='>=3.9',\n"
          ")\n")


def readme_fences(out, full):
    # 100,000 empty code fences: each block re-indexed the whole file.
    write(f"{out}/README.md", "# fences\n\n" + "```\n```\n" * 100000 + "```bash\npip install torch==2.3.0\n```\n")


def requirements_lines(out, full):
    # 40,000 requirement lines, read by check (4,000 for the end-to-end test; the
    # complexity itself is held by tests/check/stack_sources_scale_test.cpp).
    n = 40000 if full else 4000
    lines = [f"package-{i}=={i % 97}.{i % 13}\n" for i in range(n)]
    write(f"{out}/requirements.txt", "".join(lines))


def dockerfile_lines(out, full):
    # 300,000 lines: RUN commands, ENV assignments and continuations.
    n = 300000 if full else 15000
    lines = ["FROM python:3.11\n"]
    for i in range(n // 3):
        lines.append(f"ENV V{i % 50}=value{i}\n")
        lines.append(f"RUN pip install package-{i}==1.{i % 10} \\\n")
        lines.append("    --no-cache-dir\n")
    write(f"{out}/Dockerfile", "".join(lines))


def record_rows(out, full):
    # A distribution whose RECORD has 1M rows (200,000 for the tests).
    n = 1000000 if full else 200000
    site = f"{out}/site-packages"
    info = f"{site}/big-1.0.dist-info"
    write(f"{info}/METADATA", "Metadata-Version: 2.1\nName: big\nVersion: 1.0\n")
    rows = [f"big/sub{i % 1000}/module_{i}.py,sha256=abc,{i}\n" for i in range(n)]
    rows.append("big-1.0.dist-info/RECORD,,\n")
    write(f"{info}/RECORD", "".join(rows))


def metadata_huge(out, full):
    # A METADATA of 1 GiB (sparse: no disk used) after valid headers: read whatever its size.
    site = f"{out}/site-packages"
    info = f"{site}/huge-1.0.dist-info"
    write(f"{info}/METADATA", "Metadata-Version: 2.1\nName: huge\nVersion: 1.0\nRequires-Dist: numpy\n\n")
    with open(f"{info}/METADATA", "r+b") as f:
        f.truncate(1 << 30)
    write(f"{site}/fine-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: fine\nVersion: 1.0\n")
    # Headers that never end: 2 MiB of them.
    write(f"{site}/endless-1.0.dist-info/METADATA",
          "Metadata-Version: 2.1\nName: endless\nVersion: 1.0\n" + ("X-Padding: " + "a" * 64 + "\n") * 28000)


def special_files(out, full):
    # FIFOs and a socket named like manifests, and an -r include of a FIFO: reading blocked forever.
    write(f"{out}/requirements.txt", "numpy==1.26.4\n-r extra-requirements.txt\n")
    fifo(f"{out}/extra-requirements.txt")
    fifo(f"{out}/requirements-dev.txt")
    fifo(f"{out}/pyproject.toml")
    unix_socket(f"{out}/environment.yml")
    fifo(f"{out}/src/app.py")
    fifo(f"{out}/README.md")


def symlinks_out(out, full):
    # Links leading out of the project: to /, to the parent, to a secret file named like a manifest.
    project = f"{out}/project"
    write(f"{out}/outside/secret.txt", "SECRET-TOKEN-LINE==1.0 ; this line must never be printed\n")
    write(f"{out}/outside/module.py", "import secret_module_never_read\n")
    write(f"{project}/requirements.txt", "numpy==1.26.4\n")
    os.symlink("/", f"{project}/rootfs")
    os.symlink("..", f"{project}/parent")
    os.symlink(os.path.abspath(f"{out}/outside/secret.txt"), f"{project}/requirements-secret.txt")
    os.symlink("../outside/secret.txt", f"{project}/constraints.txt")
    os.symlink("../outside/module.py", f"{project}/linked.py")
    os.makedirs(f"{project}/docs", exist_ok=True)
    os.symlink("../../outside/secret.txt", f"{project}/docs/install.md")
    write(f"{project}/requirements-include.txt", "-r ../outside/secret.txt\nscipy==1.13.0\n")
    write(f"{project}/inside/real-requirements.txt", "torch==2.3.0\n")
    os.symlink("inside/real-requirements.txt", f"{project}/requirements-linked.txt")


def escapes(out, full):
    # Terminal escape sequences in a file name, in requirement text and in a distribution's name.
    esc = "\x1b"
    write(f"{out}/project/requirements-{esc}[31mred.txt", "numpy==1.26.4\n")
    write(f"{out}/project/requirements.txt",
          f"torch==2.3.0 ; python_version > '3' {esc}]0;pwned{chr(7)}\n"
          f"bad{esc}[2Jname==1.0\n")
    site = f"{out}/site-packages"
    write(f"{site}/evil-1.0.dist-info/METADATA",
          f"Metadata-Version: 2.1\nName: evil{esc}[2J{esc}]0;title{chr(7)}\nVersion: 1.0\nRequires-Dist: missing{esc}[5m\n")


def credentials(out, full):
    # Index URLs with user:password@ and token@ credentials.
    write(f"{out}/requirements.txt",
          "--index-url https://alice:s3cr3t-pass@pypi.example.com/simple\n"
          "--extra-index-url https://gh0-token-xyz@download.example.com/whl/cu121\n"
          "mypkg @ https://bob:hunter2-pw@files.example.com/mypkg-1.0-py3-none-any.whl\n"
          "numpy==1.26.4\n")
    write(f"{out}/install.sh",
          "#!/bin/sh\npip install --index-url https://carol:p4ss-word@mirror.example.com/simple torch==2.3.0\n")


def uv_lock_types(out, full):
    # A uv.lock whose values have the wrong types: it used to be accepted in silence.
    write(f"{out}/pyproject.toml", '[project]\nname = "typed"\nversion = "1"\ndependencies = ["numpy"]\n')
    write(f"{out}/uv.lock",
          "version = 1\n"
          "requires-python = 3\n\n"
          "[[package]]\nname = 42\nversion = \"1.0\"\n\n"
          "[[package]]\nname = \"numpy\"\nversion = [1, 26]\n\n"
          "[[package]]\nname = \"torch\"\nversion = \"2.3.0\"\ndependencies = \"numpy\"\n\n"
          "package = \"not a table\"\n")


def kb_empty(out, full):
    # A --kb folder of empty files, and one with a FIFO named like a kb file.
    for name in ("torch.toml", "cuda.toml", "gpus.toml"):
        write(f"{out}/empty/{name}", "")
    fifo(f"{out}/fifo/torch.toml")


def env_file_fifo(out, full):
    # A FIFO given as --env-file.
    fifo(f"{out}/env.json")


def python_on_path(out, full):
    # A repository holding ./python3 and ./nvcc that record being run, for `.` (or the repo) on PATH.
    marker = os.path.abspath(f"{out}/ran")
    for name in ("python3", "nvcc", "nvidia-smi"):
        write(f"{out}/repo/{name}", f"#!/bin/sh\necho {name} >> '{marker}'\nexit 1\n")
        os.chmod(f"{out}/repo/{name}", 0o755)
    write(f"{out}/repo/bin/python3", f"#!/bin/sh\necho bin/python3 >> '{marker}'\nexit 1\n")
    os.chmod(f"{out}/repo/bin/python3", 0o755)
    write(f"{out}/repo/requirements.txt", "numpy==1.26.4\n")


def deep_nesting(out, full):
    # Documents nested 100,000 deep in each structured format mlstack reads.
    n = 100000
    write(f"{out}/yaml/environment.yml", "name: deep\ndependencies:\n  - " + "[" * n + "\n")
    write(f"{out}/yaml-flow/environment.yml", "name: deep\ndependencies: " + "{a: " * n + "1" + "}" * n + "\n")
    write(f"{out}/toml/pyproject.toml", '[project]\nname = "deep"\ndependencies = ' + "[" * n + "]" * n + "\n")
    write(f"{out}/toml-tables/pyproject.toml", '[project]\nname = "deep"\nx = ' + "{a=" * n + "1" + "}" * n + "\n")
    write(f"{out}/lock/poetry.lock", "[[package]]\nname = \"x\"\nversion = \"1\"\nextra = " + "[" * n + "]" * n + "\n")
    write(f"{out}/json/env.json", "[" * n + "]" * n + "\n")
    write(f"{out}/json-object/env.json", '{"a":' * n + "1" + "}" * n + "\n")


CASES = {f.__name__.replace("_", "-"): f for f in [
    group_chain, group_doubling, setup_nested, setup_doubling, setup_syntax, readme_fences, requirements_lines,
    dockerfile_lines, record_rows, metadata_huge, special_files, symlinks_out, escapes, credentials, uv_lock_types,
    kb_empty, env_file_fifo, python_on_path, deep_nesting]}


def main():
    if len(sys.argv) < 3 or (sys.argv[2] not in CASES and sys.argv[2] != "all"):
        sys.exit(f"usage: make_hostile.py OUT CASE [--full]; CASE is all or one of {', '.join(CASES)}")
    out, case = sys.argv[1], sys.argv[2]
    full = "--full" in sys.argv[3:]
    for name in (CASES if case == "all" else [case]):
        CASES[name](os.path.join(out, name), full)


if __name__ == "__main__":
    main()
