#!/usr/bin/env python3
"""Builds the plan tests' supplementary index (tests/data/index/plan-deps) from real lock files.

The loopback test index of tests/data/index (scripts/make_test_index.py) holds the ML stack
from ../shared/index; the packages those depend on (filelock, jinja2, requests, pyyaml, tqdm,
...) are not in that harvest, so a plan over it alone stops at the first of them. This script
takes them from the real lock files in ../shared/corpus (see its README for repositories and
commits):

- poetry.lock: each package version's files (name and sha256), its dependencies with their
  constraints, extras and python-versions: turned into core metadata exactly as
  make_test_index.py does for the ML packages (only when every constraint converts to PEP 440);
- uv.lock: file URLs' names, sha256, sizes and upload times; versions only a uv.lock holds get
  no metadata (their dependencies are unknown, and plans say so).

Names the test index already serves are skipped, so the two never overlap. Layout: the same as
tests/data/index/pypi (simple/<name>/index.json and index.html, files/<wheel>.metadata); tests
read it as a file:// extra index next to it.

    python3 tests/data/plan/make_plan_index.py
"""
import importlib.util
import json
import os
import re
import shutil
import sys
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
CORPUS = os.path.abspath(os.path.join(ROOT, "..", "shared", "corpus"))
# Next to the loopback index (tests/data/index), so its nginx serves it as /plan-deps/simple/.
OUT = os.path.join(ROOT, "tests", "data", "index", "plan-deps")

spec = importlib.util.spec_from_file_location("make_test_index", os.path.join(ROOT, "scripts", "make_test_index.py"))
base = importlib.util.module_from_spec(spec)
spec.loader.exec_module(base)


def metadata_text(name, version, record):
    """make_test_index.metadata_text, also for Poetry's list form (one constraint per marker)."""
    lines = ["Metadata-Version: 2.1", "Name: " + name, "Version: " + version]
    if record.get("requires_python"):
        lines.append("Requires-Python: " + record["requires_python"])
    for dep, specs in sorted(record["requires_dist_from_poetry"].items()):
        for spec in specs if isinstance(specs, list) else [specs]:
            markers, extras = "", []
            if isinstance(spec, dict):
                if spec.get("optional"):
                    continue  # reached through an extra, listed below
                markers = spec.get("markers", "")
                extras = spec.get("extras", [])
                spec = spec.get("version", "*")
            converted = base.pep440(spec)
            if converted is None:
                return None
            req = dep + ("[" + ",".join(extras) + "]" if extras else "") + converted
            lines.append("Requires-Dist: " + req + ("; " + markers if markers else ""))
    for extra, reqs in sorted(record.get("extras_from_poetry", {}).items()):
        lines.append("Provides-Extra: " + extra)
        for req in reqs:
            lines.append('Requires-Dist: %s; extra == "%s"' % (req, extra))
    return "\n".join(lines) + "\n"


def lock_files(name):
    for folder, _, files in os.walk(CORPUS):
        for f in files:
            if f == name:
                yield os.path.join(folder, f)


def main():
    if not os.path.isdir(CORPUS):
        sys.exit("make_plan_index: %s not found" % CORPUS)
    served = set(os.listdir(os.path.join(ROOT, "tests", "data", "index", "pypi", "simple")))
    # records[name][version] = {"files": {filename: file}, "poetry": {...} or None, "sources": set()}
    records = {}

    def entry(name, version):
        return records.setdefault(name, {}).setdefault(version, {"files": {}, "poetry": None, "sources": set()})

    for path in sorted(lock_files("poetry.lock")):
        rel = os.path.relpath(path, CORPUS)
        with open(path, "rb") as f:
            lock = tomllib.load(f)
        for pkg in lock.get("package", []):
            name = base.canonical(pkg["name"])
            if name in served or pkg.get("source", {}).get("type") not in (None, "legacy"):
                continue
            if pkg.get("source", {}).get("type") == "legacy":
                continue  # files of another index (e.g. download.pytorch.org)
            e = entry(name, pkg["version"])
            e["sources"].add(rel)
            for fi in pkg.get("files", []):
                e["files"].setdefault(fi["file"], {"filename": fi["file"], "hash": fi.get("hash", "")})
            if e["poetry"] is None:
                python = pkg.get("python-versions", "*")
                e["poetry"] = {
                    "requires_dist_known": True,
                    "requires_dist_from_poetry": pkg.get("dependencies", {}),
                    "extras_from_poetry": pkg.get("extras", {}),
                    "requires_python": base.pep440(python) if python not in ("*", "") else "",
                }
    for path in sorted(lock_files("uv.lock")):
        rel = os.path.relpath(path, CORPUS)
        with open(path, "rb") as f:
            lock = tomllib.load(f)
        for pkg in lock.get("package", []):
            name = base.canonical(pkg["name"])
            source = pkg.get("source", {})
            if name in served or source.get("registry", "").rstrip("/") != base.PYPI:
                continue
            e = entry(name, pkg["version"])
            e["sources"].add(rel)
            files = list(pkg.get("wheels", []))
            if "sdist" in pkg:
                files.append(pkg["sdist"])
            for fi in files:
                filename = fi["url"].rsplit("/", 1)[-1]
                got = e["files"].setdefault(filename, {"filename": filename, "hash": fi.get("hash", "")})
                if "size" in fi:
                    got["size"] = fi["size"]
                if "upload-time" in fi:
                    got["upload-time"] = fi["upload-time"]

    shutil.rmtree(OUT, ignore_errors=True)
    root, files_dir = os.path.join(OUT, "simple"), os.path.join(OUT, "files")
    summary = []
    for name in sorted(records):
        versions, files, metadata = [], [], {}
        for version, e in sorted(records[name].items(), key=lambda kv: base.version_key(kv[0])):
            meta = None
            if e["poetry"] is not None and e["poetry"]["requires_python"] is not None:
                meta = metadata_text(name, version, e["poetry"])
            kept = [fi for fi in e["files"].values() if base.keep_file(fi["filename"], True)]
            if not kept:
                continue
            versions.append(version)
            for fi in kept:
                files.append(fi)
                if meta and fi["filename"].endswith(".whl"):
                    metadata[fi["filename"]] = meta
        if not files:
            continue
        page = base.page_files(files, metadata, "../../files/")
        base.write_page(root, name, versions, page)
        for filename, text in metadata.items():
            base.write(os.path.join(files_dir, filename + ".metadata"), text)
        summary.append("%s: %d versions, %d files, %d .metadata" % (name, len(versions), len(page), len(metadata)))
    links = "".join('<a href="%s/">%s</a>\n' % (n, n) for n in sorted(records) if os.path.isdir(os.path.join(root, n)))
    base.write(os.path.join(root, "index.html"), "<!DOCTYPE html>\n<html><body>\n" + links + "</body></html>\n")
    base.write(os.path.join(OUT, "PROJECTS"), "# generated by tests/data/plan/make_plan_index.py from the poetry.lock and "
               "uv.lock files of ../shared/corpus; packages tests/data/index does not serve\n" + "\n".join(summary) + "\n")
    print("make_plan_index: %d projects under %s" % (len(summary), OUT))


if __name__ == "__main__":
    main()
