#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Derives the sample of the kb research that tests/kb checks the knowledge base against.

    tests/data/kb-research/derive.py [SHARED_DIR]   (default ../shared)

tests/kb/knowledge_base_test.cpp pins kb/*.toml against researched facts in
../shared/kb and ../shared/index. The repository keeps a sample of them here,
in the same layout and with each file's own source (`meta` / `SOURCE.md`
references kept), so that those tests run where ../shared is absent; where it
is present they run on the full files too. Every 3rd row of the long tables is
kept, and only the fields the tests read. Deterministic.
"""
import json
import os
import sys


def load(shared, path):
    with open(os.path.join(shared, path)) as f:
        return json.load(f)


def save(here, path, data, source):
    out = os.path.join(here, path)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    if isinstance(data, dict):
        data = {"derived": {"by": "tests/data/kb-research/derive.py", "from": f"shared/{path}", "source": source},
                **data}
    with open(out, "w") as f:
        json.dump(data, f, indent=1)
        f.write("\n")


def every(rows, n=3):
    return rows[::n] + ([rows[-1]] if rows and (len(rows) - 1) % n else [])


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    shared = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "../../../../shared")

    torch = load(shared, "kb/torch_releases.json")
    save(here, "kb/torch_releases.json",
         {"meta": torch["meta"],
          "releases": [{k: r[k] for k in ("version", "torchvision", "triton_pinned", "cuda_variants") if k in r}
                       for r in every(torch["releases"])]}, "see meta")

    cuda = load(shared, "kb/cuda_driver.json")
    save(here, "kb/cuda_driver.json",
         {"meta": cuda["meta"],
          "toolkits": [{k: r[k] for k in ("toolkit", "toolkit_driver_min_linux_x86_64")} for r in every(cuda["toolkits"])]},
         "see meta")

    gpu = load(shared, "kb/gpu_arch.json")
    save(here, "kb/gpu_arch.json",
         {"meta": gpu["meta"],
          "compute_capabilities": [{k: r[k] for k in ("compute_capability", "architecture")}
                                   for r in every(gpu["compute_capabilities"], 2)]}, "see meta")

    # Lists without a header of their own: their source is the folder's SOURCE.md, named in derived.json.
    for variant in ("cu118", "cu121", "cu124", "cu126", "cu128", "cu129", "cu130"):
        path = f"index/pytorch-wheel-indexes/{variant}.json"
        rows = [{"package": r["package"], "version": r["version"]} for r in load(shared, path)
                if r["package"] == "torch" and r["version"].endswith("+" + variant)]
        save(here, path, every(rows, 4), None)

    torch_locks = []
    for entry in load(shared, "index/lockfile-harvest/merged/torch.json"):
        deps = entry.get("requires_dist_from_poetry") or {}
        if "+" in entry["version"] or "nvidia-cuda-runtime-cu12" not in deps:
            continue
        torch_locks.append({"version": entry["version"],
                            "requires_dist_from_poetry": {"nvidia-cuda-runtime-cu12": deps["nvidia-cuda-runtime-cu12"]}})
    save(here, "index/lockfile-harvest/merged/torch.json", torch_locks, None)

    flash = []
    for entry in load(shared, "index/lockfile-harvest/merged/flash-attn.json"):
        files = [{"filename": f["filename"], "url": f["url"]} for f in entry["files"]
                 if "Dao-AILab/flash-attention/releases/download" in f.get("url", "")]
        if files:
            flash.append({"version": entry["version"], "files": every(files, 4)})
    save(here, "index/lockfile-harvest/merged/flash-attn.json", flash, None)

    with open(os.path.join(here, "derived.json"), "w") as f:
        json.dump({"by": "tests/data/kb-research/derive.py",
                   "sources": {"index/pytorch-wheel-indexes": "shared/index/pytorch-wheel-indexes/SOURCE.md",
                               "index/lockfile-harvest": "shared/index/lockfile-harvest/SOURCE.md",
                               "kb": "each file's meta"}}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
