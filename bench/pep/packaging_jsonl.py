#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The anchor for `mlstack pep QUESTION --jsonl`: the same protocol answered
with packaging (Debian's python3-packaging), so that the two programs can be
timed side by side through the command line and their outputs compared.

    bench/pep/packaging_jsonl.py version|compare|specifier|requirement|marker < in.jsonl > out.jsonl

One JSON object per input line, one compact JSON object per output line, the
fields of docs/pep.md in their order; a bad line gets {"error": ...}.
"""
import json
import sys

from packaging.markers import Marker, default_environment
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.version import Version


def version(obj):
    v = Version(obj["version"])
    return {"normalized": str(v), "epoch": v.epoch, "release": list(v.release),
            "pre": [v.pre[0], v.pre[1]] if v.pre else None, "post": v.post, "dev": v.dev,
            "local": v.local, "is_prerelease": v.is_prerelease}


def compare(obj):
    a, b = Version(obj["a"]), Version(obj["b"])
    return {"cmp": -1 if a < b else 1 if a > b else 0}


def specifier(obj):
    return {"contains": SpecifierSet(obj["specifier"]).contains(obj["version"], prereleases=obj.get("prereleases"))}


def requirement(obj):
    r = Requirement(obj["requirement"])
    return {"name": r.name, "extras": sorted(r.extras), "specifier": str(r.specifier), "url": r.url,
            "marker": str(r.marker) if r.marker is not None else None}


ENVIRONMENT = default_environment()


def marker(obj):
    env = dict(ENVIRONMENT)
    env.update(obj.get("environment") or {})
    return {"result": Marker(obj["marker"]).evaluate(env)}


QUESTIONS = {"version": version, "compare": compare, "specifier": specifier, "requirement": requirement,
             "marker": marker}


def main():
    answer = QUESTIONS[sys.argv[1]]
    out = sys.stdout
    dumps = json.JSONEncoder(separators=(",", ":")).encode
    for line in sys.stdin:
        try:
            result = answer(json.loads(line))
        except Exception as error:  # noqa: BLE001 - every bad line is answered
            result = {"error": str(error)}
        out.write(dumps(result))
        out.write("\n")


if __name__ == "__main__":
    main()
