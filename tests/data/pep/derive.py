#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Derives the sample vectors in tests/data/pep from the full packaging suite.

    tests/data/pep/derive.py [SHARED_PACKAGING_DIR]   (default ../shared/testdata/packaging)

The full suite (pypa/packaging's own test vectors, 14 MB; its `source` names the
commit) lives outside the repository. The unit tests run on this sample, which
the repository holds, and on the full suite too when ../shared is there
(tests/pep/vectors.h). Each section of up to k_whole_bytes is kept whole; a
larger one keeps every n-th case, n chosen so that the section stays near
k_sample_bytes, always including its first and last case. `counts` is
rewritten to the sample's own sizes and `derived` says what was taken.
Deterministic: running it again gives the same files.
"""
import json
import os
import sys

k_whole_bytes = 32_000
k_sample_bytes = 16_000
FILES = ["name_normalization.json", "pep440_versions.json", "pep440_specifiers.json", "pep508_markers.json",
         "pep508_requirements.json", "wheel_names.json"]


def sample(cases):
    size = len(json.dumps(cases))
    if size <= k_whole_bytes or len(cases) < 3:
        return cases, 1
    step = max(1, round(size / k_sample_bytes))
    kept = cases[::step]
    if kept[-1] is not cases[-1]:
        kept.append(cases[-1])
    return kept, step


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    source = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "../../../../shared/testdata/packaging")
    for name in FILES:
        with open(os.path.join(source, name)) as f:
            data = json.load(f)
        out = {}
        derived = {}
        for key, value in data.items():
            if isinstance(value, list) and key != "dropped":
                kept, step = sample(value)
                out[key] = kept
                if step > 1:
                    derived[key] = f"every {step}th of {len(value)} cases ({len(kept)} kept)"
            else:
                out[key] = value
        if isinstance(out.get("counts"), dict):
            for key in out["counts"]:
                if isinstance(out.get(key), list):
                    out["counts"][key] = len(out[key])
        out["derived"] = {
            "by": "tests/data/pep/derive.py",
            "from": f"shared/testdata/packaging/{name}",
            "sections": derived or "all cases kept",
        }
        with open(os.path.join(here, name), "w") as f:
            json.dump(out, f, indent=1, ensure_ascii=False)
            f.write("\n")


if __name__ == "__main__":
    main()
