#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Builds the loopback test index (tests/data/index) from the real index
metadata in ../shared/index, so that tests read real file names, versions,
hashes, sizes and upload times and nothing invented.

    scripts/make_test_index.py [--shared DIR] [--out DIR] [--packages a,b,...] [--all]

Layout written (served by nginx in tests/index, and read as file://):

    pypi/simple/<name>/index.json   PEP 691 JSON (api-version 1.1, PEP 700 fields)
    pypi/simple/<name>/index.html   PEP 503 HTML with the same links
    pypi/files/<wheel>.metadata     core metadata (PEP 658), only where the
                                    harvest holds the full dependency list
    pytorch/whl/<variant>/<name>/   the same, for download.pytorch.org/whl/<variant>
    pytorch/whl/<variant>/files/    (.metadata only; no wheel bytes are served)
    flash-attn/...                  flash-attn release assets the kb predicts (empty files:
                                    existence for HEAD, not content)
    PROJECTS                        the packages and variants generated, and from where

Sources (each SOURCE.md in ../shared/index names the repositories and commits):
- lockfile-harvest/merged/<name>.json (and uv/<name>.json for packages not merged):
  files with the index that served them, sha256, size and upload-time where the
  lock recorded them;
- requires_dist_from_poetry + extras_from_poetry + requires_python: turned into
  METADATA only when `requires_dist_known` is true and every constraint converts
  to PEP 440 exactly; torch is left without metadata, because its Requires-Dist
  differs per wheel and a lock keeps one set per version (README caveat).
A lock keeps only the versions it resolved, so the index is a subset: a version
missing here may well exist upstream. Tests must not read absence here as a
fact about PyPI.
"""
import argparse
import hashlib
import html
import json
import os
import re
import shutil
import sys
import urllib.parse

PYPI = "https://pypi.org/simple"
TORCH = "https://download.pytorch.org/whl/"

# What the tests need: seed 001's packages and the ML stack around them.
DEFAULT_PACKAGES = [
    "torch", "torchvision", "torchaudio", "triton", "transformers", "trl", "accelerate", "peft", "datasets",
    "bitsandbytes", "numpy", "flash-attn", "xformers", "tokenizers", "safetensors", "huggingface-hub",
]
# PyTorch variants whose harvested pages are broad enough to stand for the real index in tests.
# cu118 and cu121 are not generated: the harvest holds one or two torch versions for them
# (pytorch-wheel-indexes/SOURCE.md), and a page that thin would answer "does not exist" wrongly.
VARIANTS = ["cpu", "cu124", "cu126", "cu128", "cu129", "cu130"]


def canonical(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def read_records(shared, name):
    merged = os.path.join(shared, "lockfile-harvest", "merged", name + ".json")
    if os.path.exists(merged):
        with open(merged) as f:
            return json.load(f)
    uv = os.path.join(shared, "lockfile-harvest", "uv", name + ".json")
    if not os.path.exists(uv):
        return []
    with open(uv) as f:
        raw = json.load(f)
    # uv/<name>.json: one record per (version, index) with sdist + wheels; regroup as merged does.
    by_version = {}
    for rec in raw:
        entry = by_version.setdefault(rec["version"], {"version": rec["version"], "files": []})
        files = list(rec.get("wheels", []))
        if rec.get("sdist"):
            files.append(rec["sdist"])
        for fi in files:
            if any(x["filename"] == fi["filename"] for x in entry["files"]):
                continue
            copy = dict(fi)
            copy["indexes"] = [rec.get("index", PYPI)]
            entry["files"].append(copy)
    return list(by_version.values())


def index_key(url):
    url = url.rstrip("/")
    if url == PYPI:
        return ("pypi", None)
    if url.startswith(TORCH):
        return ("pytorch", url[len(TORCH):])
    return (None, None)


UNION = re.compile(r"^(.*)<([^,|<>=!~ ]+)\s*\|\|\s*>\2(,.*)?$")


def pep440(constraint):
    """A Poetry lock constraint as a PEP 440 specifier, or None when no exact translation exists."""
    c = constraint.strip()
    if c in ("*", ""):
        return ""
    # ">=a,<b || >b,<c" is ">=a,!=b,<c" (how Poetry writes an excluded version).
    while "||" in c:
        m = UNION.match(c)
        if not m:
            return None
        left = m.group(1).rstrip(",").strip()
        right = (m.group(3) or "").lstrip(",").strip()
        parts = [p for p in (left, "!=" + m.group(2), right) if p]
        c = ",".join(parts)
    for part in c.split(","):
        if not re.match(r"^\s*(===|==|!=|~=|<=|>=|<|>)\s*[0-9A-Za-z.*+!_-]+\s*$", part):
            return None
    return c.replace(" ", "")


def metadata_text(name, version, record):
    if not record.get("requires_dist_known") or "requires_dist_from_poetry" not in record:
        return None
    lines = ["Metadata-Version: 2.1", "Name: " + name, "Version: " + version]
    if record.get("requires_python"):
        lines.append("Requires-Python: " + record["requires_python"])
    for dep, spec in sorted(record["requires_dist_from_poetry"].items()):
        markers = ""
        extras = []
        if isinstance(spec, dict):
            if spec.get("optional"):
                continue  # reached through an extra, listed below
            markers = spec.get("markers", "")
            extras = spec.get("extras", [])
            spec = spec.get("version", "*")
        converted = pep440(spec)
        if converted is None:
            return None
        req = dep + ("[" + ",".join(extras) + "]" if extras else "") + converted
        lines.append("Requires-Dist: " + req + ("; " + markers if markers else ""))
    for extra, reqs in sorted(record.get("extras_from_poetry", {}).items()):
        lines.append("Provides-Extra: " + extra)
        for req in reqs:
            # Poetry writes "accelerate (>=0.19.0)", the PEP 345 form METADATA also allows.
            lines.append('Requires-Dist: %s; extra == "%s"' % (req, extra))
    return "\n".join(lines) + "\n"


def write(path, text, binary=False):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb" if binary else "w") as f:
        f.write(text)


def page_files(files, metadata_by_file, files_prefix):
    out = []
    for fi in sorted(files, key=lambda x: x["filename"]):
        entry = {
            "filename": fi["filename"],
            "url": files_prefix + urllib.parse.quote(fi["filename"]),
            "hashes": {},
        }
        if fi.get("hash", "").startswith("sha256:"):
            entry["hashes"]["sha256"] = fi["hash"][len("sha256:"):]
        if "size" in fi:
            entry["size"] = fi["size"]
        if "upload-time" in fi:
            entry["upload-time"] = fi["upload-time"]
        meta = metadata_by_file.get(fi["filename"])
        if meta is not None:
            entry["core-metadata"] = {"sha256": hashlib.sha256(meta.encode()).hexdigest()}
        out.append(entry)
    return out


def write_page(root, name, versions, files):
    doc = {"meta": {"api-version": "1.1"}, "name": name, "versions": versions, "files": files}
    write(os.path.join(root, name, "index.json"), json.dumps(doc, separators=(",", ":"), sort_keys=True) + "\n")
    rows = ['<!DOCTYPE html>', '<html><head><meta name="pypi:repository-version" content="1.1">',
            "<title>Links for %s</title></head><body><h1>Links for %s</h1>" % (name, name)]
    for f in files:
        href = f["url"] + ("#sha256=" + f["hashes"]["sha256"] if "sha256" in f["hashes"] else "")
        attrs = ' href="%s"' % html.escape(href)
        if "core-metadata" in f:
            attrs += ' data-core-metadata="sha256=%s"' % f["core-metadata"]["sha256"]
        rows.append("<a%s>%s</a><br/>" % (attrs, html.escape(f["filename"])))
    rows.append("</body></html>")
    write(os.path.join(root, name, "index.html"), "\n".join(rows) + "\n")


TRIM_PLATFORM = re.compile(r"(manylinux|linux)_?[0-9_]*_?(x86_64|aarch64)$|^any$")


def keep_file(filename, trim):
    """--trim keeps what the committed index needs: sdists, pure wheels, and Linux
    x86_64/aarch64 wheels for CPython 3.10 to 3.12 (and abi3 or py3 wheels)."""
    if not trim or not filename.endswith(".whl"):
        return True
    parts = filename[:-4].split("-")
    if len(parts) < 5:
        return True
    python, abi, platform = parts[-3], parts[-2], parts[-1]
    if not any(TRIM_PLATFORM.search(p) for p in platform.split(".")):
        return False
    pythons = python.split(".")
    if abi == "abi3":
        return True
    return any(p in ("py3", "py2", "py2.py3") or re.match(r"^cp31[012]$", p) for p in pythons)


def filename_version(filename):
    """The version a wheel or sdist name carries ("huggingface_hub-0.14.1-py3-none-any.whl" ->
    "0.14.1"), or None when the name is neither."""
    if filename.endswith(".whl"):
        parts = filename[:-4].split("-")
        return parts[1] if len(parts) in (5, 6) else None
    for suffix in (".tar.gz", ".zip", ".tar.bz2"):
        if filename.endswith(suffix):
            stem = filename[: -len(suffix)]
            return stem.rsplit("-", 1)[1] if "-" in stem else None
    return None


def same_version(a, b):
    """Whether a file carrying version `a` belongs to a record of version `b` (PEP 440 equality
    where packaging parses them)."""
    try:
        from packaging.version import Version
        carried, record = Version(a), Version(b)
    except Exception:
        return a == b
    # A record of "2.3.1" holds the "+cu121" builds of that release.
    return carried == record or (record.local is None and carried.public == record.public)


def version_key(v):
    # Enough for sorting the PEP 700 list in the page; clients sort with PEP 440 themselves.
    return [int(p) if p.isdigit() else -1 for p in re.split(r"[.+]", v)]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", default=os.path.join(here, "..", "..", "shared", "index"))
    parser.add_argument("--out", default=os.path.join(here, "..", "tests", "data", "index"))
    parser.add_argument("--packages", default=",".join(DEFAULT_PACKAGES))
    parser.add_argument("--all", action="store_true", help="every package of the harvest (bench/index)")
    parser.add_argument("--trim", action="store_true",
                        help="only sdists, pure wheels and Linux x86_64/aarch64 CPython 3.10-3.12 wheels (the committed subset)")
    args = parser.parse_args()
    shared = os.path.abspath(args.shared)
    if not os.path.isdir(shared):
        sys.exit("make_test_index: %s not found (the shared index research data)" % shared)
    if args.all:
        names = set()
        for sub in ("merged", "uv"):
            for f in os.listdir(os.path.join(shared, "lockfile-harvest", sub)):
                if f.endswith(".json") and f != "coverage-stats.json":
                    names.add(f[:-5])
        packages = sorted(names)
    else:
        packages = [p.strip() for p in args.packages.split(",") if p.strip()]
    out = os.path.abspath(args.out)
    for sub in ("pypi", "pytorch"):
        shutil.rmtree(os.path.join(out, sub), ignore_errors=True)
    generated = []
    pypi_names = []
    for package in packages:
        name = canonical(package)
        # pages[(host, variant)] -> {"files": [...], "versions": set(), "metadata": {filename: text}}
        pages = {}
        for record in read_records(shared, package):
            version = record.get("version")
            if not version:
                continue  # a record of evidence only (no version of its own)
            meta = metadata_text(name, version, record) if name != "torch" else None
            for fi in record.get("files", []):
                if not keep_file(fi["filename"], args.trim):
                    continue
                # A harvested record can list another version's files (huggingface-hub 0.16.4's
                # lists 0.14.1's wheel); a file belongs to the version its name carries.
                carried = filename_version(fi["filename"])
                if carried is not None and not same_version(carried, version):
                    continue
                for url in fi.get("indexes", []):
                    host, variant = index_key(url)
                    if host is None or (host == "pytorch" and variant not in VARIANTS):
                        continue
                    page = pages.setdefault((host, variant), {"files": {}, "versions": set(), "metadata": {}})
                    page["files"][fi["filename"]] = fi
                    page["versions"].add(version)
                    if meta and fi["filename"].endswith(".whl"):
                        page["metadata"][fi["filename"]] = meta
        for (host, variant), page in sorted(pages.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
            if host == "pypi":
                root, files_dir, prefix = os.path.join(out, "pypi", "simple"), os.path.join(out, "pypi", "files"), "../../files/"
                pypi_names.append(name)
            else:
                base = os.path.join(out, "pytorch", "whl", variant)
                root, files_dir, prefix = base, os.path.join(base, "files"), "../files/"
            files = page_files(page["files"].values(), page["metadata"], prefix)
            write_page(root, name, sorted(page["versions"], key=lambda v: (version_key(v), v)), files)
            for filename, text in page["metadata"].items():
                write(os.path.join(files_dir, filename + ".metadata"), text)
            generated.append("%s %s/%s: %d versions, %d files, %d .metadata" % (
                name, host, variant or "simple", len(page["versions"]), len(files), len(page["metadata"])))
    # The root page of the simple index (PEP 503 "/" lists every project).
    links = "".join('<a href="%s/">%s</a>\n' % (n, n) for n in sorted(set(pypi_names)))
    write(os.path.join(out, "pypi", "simple", "index.html"), "<!DOCTYPE html>\n<html><body>\n" + links + "</body></html>\n")
    write(os.path.join(out, "PROJECTS"), "# generated by scripts/make_test_index.py from ../shared/index "
          "(lockfile-harvest); a subset of the real indexes\n" + "\n".join(generated) + "\n")
    print("make_test_index: %d pages under %s" % (len(generated), out))


if __name__ == "__main__":
    main()
