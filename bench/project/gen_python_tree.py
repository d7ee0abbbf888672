#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes a deterministic tree of Python files for the scanner benchmark.

    gen_python_tree.py OUT_DIR [FILES]      (default 10000 files)

200 packages of FILES/200 modules each, every module a few KB of ordinary
code of the kinds the scanner must read right: imports of every form
(stdlib, third-party, relative, optional, TYPE_CHECKING, lazy, dynamic),
decorators, classes, async functions, match statements, walrus, f-strings
and docstrings that mention imports. Only Python 3.11 syntax, so that
pyflakes (run by Debian's Python 3.11) parses every file too.
"""
import os
import random
import sys

STDLIB = ["os", "sys", "json", "re", "math", "time", "typing", "pathlib", "logging", "collections",
          "functools", "itertools", "dataclasses", "subprocess", "argparse", "contextlib", "enum"]
THIRD = ["numpy", "torch", "transformers", "yaml", "PIL", "requests", "tqdm", "safetensors",
         "accelerate", "einops", "scipy", "pandas", "cv2", "sklearn", "datasets"]

TEMPLATE_FUNC = '''

@functools.lru_cache(maxsize=None)
def {name}(value: int, *, scale: float = 1.0) -> dict[str, float]:
    """Computes {name}.

    Example (not code): from fake_{n} import nothing; import also_not_{n}
    """
    if (n := len(str(value))) > {k}:
        label = f"{{value!r:>{{n}}}} {{'import ' + str(n)}} {{scale:.3f}}"
    else:
        label = f'{{value}}'
    match value % 3:
        case 0:
            result = {{"a": value * scale, "b": float(n)}}
        case 1 | 2:
            result = {{"a": 0.0, "b": -1.0}}
        case _:
            result = {{}}
    # import commented_out_{n}
    return result | {{"label": float(len(label))}}
'''

TEMPLATE_CLASS = '''

class {name}(object):
    """A class; its docstring says `import torch` but that is text."""

    registry: dict = {{}}

    def __init__(self, size: int = {k}) -> None:
        self.size = size
        self.data = [i * i for i in range(size) if i % 2 == 0]

    async def fetch(self, url: str) -> bytes:
        import asyncio

        await asyncio.sleep(0)
        return url.encode()

    @property
    def total(self) -> int:
        return sum(self.data) + \\
            len(self.data)
'''


def module_text(rng, pkg, index, modules_per_pkg):
    lines = ['"""Module {} of package {}."""'.format(index, pkg)]
    lines.append("from __future__ import annotations")
    for mod in rng.sample(STDLIB, 5):
        lines.append("import " + mod)
    lines.append("import functools")
    for mod in rng.sample(THIRD, 3):
        lines.append("import {} as {}".format(mod, "t_" + mod.lower()))
    if index > 0:
        lines.append("from .mod_{:03d} import func_0".format(rng.randrange(index)))
    lines.append("from ..pkg_{:03d} import mod_{:03d}".format(rng.randrange(200), rng.randrange(modules_per_pkg)))
    lines.append("try:\n    import ujson as fastjson\nexcept ImportError:\n    fastjson = None")
    lines.append("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from collections.abc import Sequence")
    lines.append("if sys.version_info >= (3, 11):\n    import tomllib\nelse:\n    import tomli as tomllib")
    lines.append("plugin = __import__('importlib').import_module('json')")
    body = []
    for f in range(rng.randrange(2, 5)):
        body.append(TEMPLATE_FUNC.format(name="func_{}".format(f), n=f, k=rng.randrange(3, 9)))
    body.append(TEMPLATE_CLASS.format(name="Model{}".format(index), k=rng.randrange(4, 64)))
    return "\n".join(lines) + "\n" + "".join(body)


def main():
    out = sys.argv[1]
    files = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    packages = 200
    per_pkg = max(1, files // packages)
    rng = random.Random(20261123)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "__init__.py"), "w") as f:
        f.write("")
    for p in range(packages):
        pkg = "pkg_{:03d}".format(p)
        os.makedirs(os.path.join(out, pkg), exist_ok=True)
        with open(os.path.join(out, pkg, "__init__.py"), "w") as f:
            f.write('"""Package {}."""\n'.format(pkg))
        for m in range(per_pkg - 1):
            with open(os.path.join(out, pkg, "mod_{:03d}.py".format(m)), "w") as f:
                f.write(module_text(rng, pkg, m, per_pkg))


if __name__ == "__main__":
    main()
