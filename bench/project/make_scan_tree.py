#!/usr/bin/env python3
"""Generates the project tree `mlstack scan` is benchmarked on.

    bench/project/make_scan_tree.py OUT_DIR [--files 20000] [--manifests 500]

The tree is a monorepo of `--manifests / 10` sub-projects. Each sub-project
holds ten manifests whose text is taken, in turn, from the real manifests of
../shared/corpus (pyproject.toml, requirements files, environment files) plus
install scripts, Dockerfiles and READMEs with code blocks written here; the
rest of the files are Python modules, JSON and data files that declare
nothing, so the walk has to look at every one. Output is deterministic.
Prints the number of files and of manifests written.
"""
import argparse
import os
import random
import shutil
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(ROOT, "..", "shared", "corpus")


def corpus_files(predicate):
    out = []
    for dirpath, _, names in os.walk(CORPUS):
        for name in sorted(names):
            if predicate(name):
                out.append(os.path.join(dirpath, name))
    return sorted(out)


SCRIPT = """#!/usr/bin/env bash
set -euo pipefail
CUDA_VERSION="${{CUDA_VERSION:-12.{minor}}}"
TORCH_PACKAGE="torch==2.{torch}.0+cu${{CUDA_VERSION//./}}"
pip install "$TORCH_PACKAGE" --index-url "https://download.pytorch.org/whl/cu${{CUDA_VERSION//./}}"
pip install -r requirements.txt
pip install flash-attn=={flash} --no-build-isolation
"""

DOCKERFILE = """FROM nvidia/cuda:12.{minor}.0-devel-ubuntu22.04
ARG TORCH=2.{torch}.0
RUN pip install torch==${{TORCH}} --extra-index-url https://download.pytorch.org/whl/cu12{minor}
COPY . /app
RUN pip install -e /app
"""

README = """# Sub-project {n}

Install:

```bash
pip install -e .
pip install "transformers>=4.{tf},<5"
```

Optional: `pip install flash-attn=={flash} --no-build-isolation`.
"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--files", type=int, default=20000)
    parser.add_argument("--manifests", type=int, default=500)
    args = parser.parse_args()
    rng = random.Random(20261123)
    pyprojects = corpus_files(lambda n: n == "pyproject.toml")
    requirements = corpus_files(lambda n: n.endswith(".txt"))
    environments = corpus_files(lambda n: n.startswith("environment"))
    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    os.makedirs(args.out)
    projects = max(1, args.manifests // 10)
    files = manifests = 0
    # Per sub-project: 2 pyproject-like, 4 requirements, 1 environment, 1 script, 1 Dockerfile, 1 README = 10.
    for p in range(projects):
        base = os.path.join(args.out, f"packages/p{p:03d}")
        os.makedirs(os.path.join(base, "requirements"), exist_ok=True)
        os.makedirs(os.path.join(base, "docs"), exist_ok=True)
        fmt = dict(minor=rng.choice([1, 4, 6, 8]), torch=rng.randint(1, 8), flash="2.5.8", tf=rng.randint(30, 56), n=p)
        plan = [
            ("pyproject.toml", open(pyprojects[p % len(pyprojects)]).read()),
            ("docs/pyproject.toml", open(pyprojects[(p + 3) % len(pyprojects)]).read()),
            ("requirements.txt", open(requirements[p % len(requirements)]).read()),
            ("requirements/dev.txt", open(requirements[(p + 7) % len(requirements)]).read()),
            ("requirements/gpu.txt", open(requirements[(p + 13) % len(requirements)]).read()),
            ("constraints.txt", open(requirements[(p + 29) % len(requirements)]).read()),
            ("environment.yml", open(environments[p % len(environments)]).read()),
            ("install.sh", SCRIPT.format(**fmt)),
            ("Dockerfile", DOCKERFILE.format(**fmt)),
            ("README.md", README.format(**fmt)),
        ]
        for name, text in plan:
            # -r lines of copied files may point at files this tree lacks: keep them, they are what the reader must report.
            with open(os.path.join(base, name), "w") as f:
                f.write(text)
            files += 1
            manifests += 1
    # Files that declare nothing, spread over the sub-projects.
    i = 0
    while files < args.files:
        p = i % projects
        d = os.path.join(args.out, f"packages/p{p:03d}/src/pkg{p:03d}/m{(i // projects) % 20:02d}")
        os.makedirs(d, exist_ok=True)
        kind = i % 4
        name = [f"mod_{i}.py", f"data_{i}.json", f"notes_{i}.txt", f"config_{i}.yaml"][kind]
        body = ["import torch\n\n\ndef f(x):\n    return x * 2\n" * 4, '{"a": [1, 2, 3]}\n' * 8,
                "plain notes, not a manifest\n" * 8, "key: value\nlist: [1, 2]\n" * 8][kind]
        with open(os.path.join(d, name), "w") as f:
            f.write(body)
        files += 1
        i += 1
    print(f"{files} files, {manifests} manifests in {args.out}")


if __name__ == "__main__":
    sys.exit(main())
