#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Writes seed corpora for the src/pep fuzz targets from the packaging test
# vectors in shared/testdata/packaging (one file per distinct input).
#   fuzz/pep/make_corpus.py OUT_DIR    -> OUT_DIR/<target>/<n>
import hashlib
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VECTORS = os.path.join(ROOT, "..", "shared", "testdata", "packaging")


def load(name):
    with open(os.path.join(VECTORS, name), encoding="utf-8") as f:
        return json.load(f)


def seeds():
    versions = load("pep440_versions.json")
    specifiers = load("pep440_specifiers.json")
    markers = load("pep508_markers.json")
    requirements = load("pep508_requirements.json")
    wheels = load("wheel_names.json")
    yield "fuzz_version", [c["input"] for c in versions["valid"] + versions["invalid"]] + versions["sort_order"]
    yield "fuzz_specifier", ([c["input"] for c in specifiers["specifiers_valid"] + specifiers["specifiers_invalid"]]
                             + [c["input"] for c in specifiers["specifier_sets_valid"]])
    yield "fuzz_marker", [c["input"] for c in markers["valid"] + markers["invalid"]]
    yield "fuzz_requirement", [c["input"] for c in requirements["valid"][::5] + requirements["invalid"]]
    yield "fuzz_wheel_filename", [c["filename"] for c in wheels["wheel_filenames"] + wheels["generated_wheel_filenames"]]
    metadata = []
    for c in requirements["valid"][:200:10]:
        metadata.append(f"Metadata-Version: 2.1\nName: demo\nVersion: 1.0\nRequires-Dist: {c['input']}\n\nBody\n")
    metadata.append("Metadata-Version: 1.1\nName: x\nVersion: 0.1\nDescription: a\n        |b\n        |\nPlatform: any\n")
    yield "fuzz_metadata", metadata


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "fuzz", "corpus-out")
    for target, inputs in seeds():
        directory = os.path.join(out, target)
        os.makedirs(directory, exist_ok=True)
        for text in dict.fromkeys(inputs):
            data = text.encode("utf-8")
            with open(os.path.join(directory, hashlib.sha1(data).hexdigest()), "wb") as f:
                f.write(data)
        print(f"{target}: {len(set(inputs))} seeds in {directory}")


if __name__ == "__main__":
    main()
