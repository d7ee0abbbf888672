#!/usr/bin/env python3
"""Derives the resolver test subsets in this folder from ../shared/testdata/resolver.

packse_subset.json: the public packse scenarios (astral-sh/packse at the commit the
source file records) that are not universal (fork) scenarios, from every scenario
directory, verbatim. resolvelib_subset.json: resolvelib's cases whose index is small
(the synthetic backjump and same-package indexes and issue-134), with those indexes.

Run from the repository root: python3 tests/data/solve/make_subsets.py
"""
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[3]
SHARED = ROOT.parent / "shared" / "testdata" / "resolver"
OUT = pathlib.Path(__file__).resolve().parent

# Scenarios per packse directory kept here (the rest run in the full suite).
PER_DIRECTORY = 3
SMALL_CASES = ["backjump-test-1", "backjump-test-2", "backjump-test-3", "backjump-test-4", "issue-134",
               "same-package", "same-package-extras"]


def main():
    packse = json.loads((SHARED / "scenarios_public.json").read_text())
    kept, per_dir = [], {}
    for scenario in packse["scenarios"]:
        if scenario["resolver_options"]["universal"]:
            continue
        directory = scenario["file"].split("/")[1]
        if per_dir.get(directory, 0) >= PER_DIRECTORY:
            continue
        per_dir[directory] = per_dir.get(directory, 0) + 1
        kept.append(scenario)
    (OUT / "packse_subset.json").write_text(json.dumps({
        "source": packse["source"] if "source" in packse else {"commit": packse["scenarios"][0]["source_commit"]},
        "derived_from": "../shared/testdata/resolver/scenarios_public.json by tests/data/solve/make_subsets.py",
        "scenarios": kept}, indent=1, sort_keys=True) + "\n")

    resolvelib = json.loads((SHARED / "resolvelib_cases.json").read_text())
    cases = [c for c in resolvelib["cases"] if c["name"] in SMALL_CASES]
    indexes = {c["index"]: resolvelib["indexes"][c["index"]] for c in cases}
    (OUT / "resolvelib_subset.json").write_text(json.dumps({
        "source": resolvelib["source"],
        "derived_from": "../shared/testdata/resolver/resolvelib_cases.json by tests/data/solve/make_subsets.py",
        "marker_environments": resolvelib["marker_environments"],
        "cases": cases, "indexes": indexes}, indent=1, sort_keys=True) + "\n")
    print(f"{len(kept)} packse scenarios, {len(cases)} resolvelib cases")


if __name__ == "__main__":
    main()
