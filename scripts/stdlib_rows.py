#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Recomputes the rows of src/project/python/stdlib_modules.inc.

The rows for 3.8-3.14 come from interpreters (see the .inc header) and are
kept as they are; this script extends them back to 2.7 and 3.0-3.7 from:
  - tests/data/python/stdlib_docs/*.txt: the documented modules of 2.7 and 3.2-3.7;
  - ADDED: the new modules of each 3.1-3.7 release, from What's New;
  - PY3_RENAMES: the names new in 3.0 (PEP 3108 renames and new packages).
Each row becomes {name, added, removed, known}: `known` is the oldest version
for which the row is certain; below it mlstack says "unknown", never "missing".

Usage: scripts/stdlib_rows.py  (rewrites the .inc in place; review the diff)
"""
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parent.parent
INC = ROOT / "src/project/python/stdlib_modules.inc"
DOCS = ROOT / "tests/data/python/stdlib_docs"

# What's New in Python 3.x, "New modules" (or the module's "New in version" note).
ADDED = {
    "importlib": 31,   # https://docs.python.org/3/whatsnew/3.1.html (also in 2.7 as a subset)
    "argparse": 32,    # https://docs.python.org/3/whatsnew/3.2.html#pep-389-argparse-command-line-parsing-module
    "concurrent": 32,  # https://docs.python.org/3/whatsnew/3.2.html#pep-3148-the-concurrent-futures-module
    "sysconfig": 32,   # https://docs.python.org/3/whatsnew/3.2.html#sysconfig
    "faulthandler": 33, "ipaddress": 33, "lzma": 33, "venv": 33,  # https://docs.python.org/3/whatsnew/3.3.html#new-modules
    "asyncio": 34, "ensurepip": 34, "enum": 34, "pathlib": 34, "selectors": 34, "statistics": 34,
    "tracemalloc": 34,  # https://docs.python.org/3/whatsnew/3.4.html#new-modules
    "typing": 35, "zipapp": 35,  # https://docs.python.org/3/whatsnew/3.5.html#new-modules
    "secrets": 36,  # https://docs.python.org/3/whatsnew/3.6.html#new-modules
    "contextvars": 37, "dataclasses": 37,  # https://docs.python.org/3/whatsnew/3.7.html#new-modules
}
# Removed before 3.8 (What's New 3.7 "Removed": fpectl; 3.8 "API and Feature Removals": macpath).
REMOVED_EARLY = {"fpectl": 37, "macpath": 38}
# New in 3.0: PEP 3108 renames and new packages (https://peps.python.org/pep-3108/).
PY3_RENAMES = {"builtins", "configparser", "copyreg", "queue", "socketserver", "reprlib", "tkinter", "winreg",
               "_thread", "_dummy_thread", "_markupbase", "html", "http", "xmlrpc"}
# 2.7 modules of Mac OS 9, SGI IRIX and SunOS: never on a Linux or current interpreter; left out.
OLD_PLATFORMS = set("""AL Carbon ColorPicker DEVICE EasyDialogs FL FrameWork GL MacOS MiniAEFrame Nav PixMapWrapper
SUNAUDIODEV W aepack aetools aetypes al applesingle autoGIL buildtools cd cfmfile findertools fl flp fm
gensuitemodule gl ic icopen imgfile jpeg macerrors macostools macresource sunaudiodev videoreader""".split())
ARTIFACTS = {"import", "with", "ioctl", "pip"}  # Sphinx inventory entries that are no modules


def read_list(path):
    return {l.strip() for l in path.read_text().splitlines() if l.strip() and not l.startswith("#")} - ARTIFACTS


def main():
    text = INC.read_text()
    head, _, _ = text.partition("// clang-format off\n")
    rows = {}
    for m in re.finditer(r'\{"([^"]+)", (\d+), (\d+)(?:, (\d+))?\},', text):
        rows[m.group(1)] = [int(m.group(2)), int(m.group(3)), int(m.group(4) or 0)]
    py27 = read_list(DOCS / "2.7.txt") - OLD_PLATFORMS
    documented3 = set()
    for p in DOCS.glob("3.*.txt"):
        documented3 |= read_list(p)
    out = {}
    for name, (added, removed, known) in rows.items():
        in38 = added <= 38 and (removed == 0 or removed > 38)
        if not in38:
            # Added in 3.9 or later (certainly absent before), or gone by 3.8.
            out[name] = (added, removed, known or (27 if added > 38 else 38))
            continue
        if name in ADDED:
            out[name] = (27 if name in py27 else ADDED[name], removed, 27)
        elif name in PY3_RENAMES:
            out[name] = (30, removed, 27)
        elif name in py27:
            out[name] = (27, removed, 27)
        elif name in documented3:
            out[name] = (30, removed, 30)
        else:  # undocumented (mostly private) modules: known from the 3.8 interpreter on
            out[name] = (38, removed, 38)
    for name, removed in REMOVED_EARLY.items():
        out[name] = (27, removed, 27)
    for name in py27:
        if name not in out:
            out[name] = (27, 30, 27)
    out["__main__"] = (27, 0, 27)
    out["test"] = (27, 0, 27)  # the regression tests: sys.stdlib_module_names leaves test modules out
    body = "".join(f'{{"{n}", {a}, {r}, {k}}},\n' for n, (a, r, k) in sorted(out.items()))
    INC.write_text(head + "// clang-format off\n" + body)


if __name__ == "__main__":
    main()
