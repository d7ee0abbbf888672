#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""`mlstack env --binaries` and `mlstack check --target sm=61` as users run
them over the shared libraries of a site folder, side by side with `cat` of
the same files (the floor for a tool that reads every byte), warm, through
bench/harness.py (interleaved rounds, median wall and CPU, peak RSS).

Sites:
  cuda   bench/binary/cuda_site.sh's pip-shaped layout of every library of
         /usr/local/cuda/lib64 (hard links, 2.5 GB): the goal's "CUDA libraries"
  torch  Debian's /usr/lib/python3/dist-packages with python3-torch (skipped
         when torch is not installed)

Answers before times: for each library, the number of fatbins mlstack lists
in .nv_fatbin / __nv_relfatbin must equal what an independent walker in this
script counts (ELF section table read with struct, fatbin headers walked),
and every regular shared object of the site must be in mlstack's report.

Usage: bench/binary/compare_cli.py path/to/mlstack [--runs N] [--work DIR] [--before OLD_MLSTACK]
"""
import argparse
import json
import os
import struct
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "bench"))
from harness import Command, cat_command, commands_block, machine_note, measure, table  # noqa: E402

FATBIN_MAGIC = 0xBA55ED50


def fatbin_count(path):
    """Fatbins in .nv_fatbin and __nv_relfatbin, walked from the file alone."""
    with open(path, "rb") as f:
        head = f.read(64)
        if head[:4] != b"\x7fELF" or head[4] != 2:
            return None
        shoff, = struct.unpack_from("<Q", head, 0x28)
        shentsize, shnum, shstrndx = struct.unpack_from("<HHH", head, 0x3A)
        f.seek(shoff)
        table = f.read(shentsize * shnum)
        sections = [struct.unpack_from("<IIQQQQIIQQ", table, i * shentsize) for i in range(shnum)]
        names_offset, names_size = sections[shstrndx][4], sections[shstrndx][5]
        f.seek(names_offset)
        names = f.read(names_size)
        count = 0
        for name, kind, _, _, offset, size, *_ in sections:
            label = names[name:names.index(b"\0", name)].decode()
            if label not in (".nv_fatbin", "__nv_relfatbin") or kind == 8:  # SHT_NOBITS
                continue
            at, end = offset, offset + size
            while end - at >= 16:
                f.seek(at)
                magic, version, header, body = struct.unpack("<IHHQ", f.read(16))
                if magic == 0 and version == 0 and header == 0:
                    at += 8
                    continue
                if magic != FATBIN_MAGIC:
                    break
                count += 1
                at += header + body
        return count


def shared_objects(site):
    """Regular shared-object files of the site (one path per inode)."""
    seen, files = set(), []
    for folder, _, names in os.walk(site):
        for name in sorted(names):
            path = os.path.join(folder, name)
            if ".so" not in name or os.path.islink(path) or not os.path.isfile(path):
                continue
            st = os.stat(path)
            if (st.st_dev, st.st_ino) in seen:
                continue
            seen.add((st.st_dev, st.st_ino))
            files.append(path)
    return sorted(files)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mlstack")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", default="/tmp/mlstack-bench-binary")
    parser.add_argument("--before", help="another mlstack build to time in the same rounds")
    args = parser.parse_args()
    mlstack = os.path.abspath(args.mlstack)
    os.makedirs(args.work, exist_ok=True)
    empty = os.path.join(args.work, "empty-project")
    os.makedirs(empty, exist_ok=True)

    sites = []
    cuda_site = os.path.join(args.work, "cuda-site")
    if os.path.isdir("/usr/local/cuda/lib64"):
        if not os.path.isdir(cuda_site):
            subprocess.run([os.path.join(HERE, "cuda_site.sh"), cuda_site], check=True, stdout=subprocess.DEVNULL)
        sites.append(("cuda", "pip-shaped CUDA 13.0 site (every library of /usr/local/cuda/lib64, hard-linked)", cuda_site))
    if os.path.exists("/usr/lib/python3/dist-packages/torch/version.py"):
        sites.append(("torch", "Debian dist-packages with python3-torch", "/usr/lib/python3/dist-packages"))

    print(machine_note())
    status = 0
    for key, label, site in sites:
        files = shared_objects(site)
        size = sum(os.path.getsize(p) for p in files)
        doc = json.loads(subprocess.run([mlstack, "--format", "json", "env", "--site", site, "--binaries", "--no-tools"],
                                        capture_output=True, text=True).stdout)
        binaries = doc["binaries"]
        reported = {os.path.realpath(entry["path"]): entry for entry in binaries["libraries"]}
        reported.update({os.path.realpath(entry["path"]): entry for entry in binaries.get("modules", [])})
        missing = [p for p in files if os.path.realpath(p) not in reported and not any(
            os.path.samefile(p, q) for q in reported if os.path.exists(q))]
        wrong = []
        for entry in binaries["libraries"]:
            expected = fatbin_count(entry["path"])
            if expected is not None and expected != entry["fatbins"]:
                wrong.append((entry["path"], entry["fatbins"], expected))
        same = not missing and not wrong
        print(f"\n### {label}: {len(files)} shared objects, {size / 1e6:,.0f} MB; {len(binaries['libraries'])} libraries "
              f"and {len(binaries.get('modules', []))} modules reported; fatbin counts equal to the independent walker: "
              f"{'yes' if same else 'NO'}\n")
        if not same:
            print(f"not reported: {missing[:5]}\nfatbin counts differ: {wrong[:5]}")
            status = 1
            continue
        commands = [
            Command("mlstack env --binaries", [mlstack, "env", "--site", site, "--binaries", "--no-tools"], ok_codes=(0, 1, 2)),
            Command("mlstack check --target sm=61", [mlstack, "check", empty, "--site", site, "--target", "sm=61"],
                    ok_codes=(0, 1, 2)),
        ]
        if args.before:
            before = os.path.abspath(args.before)
            commands += [
                Command("mlstack env --binaries (before)", [before, "env", "--site", site, "--binaries", "--no-tools"],
                        ok_codes=(0, 1, 2)),
                Command("mlstack check --target sm=61 (before)", [before, "check", empty, "--site", site, "--target", "sm=61"],
                        ok_codes=(0, 1, 2)),
            ]
        commands.append(cat_command(f"cat of the {len(files)} files", files, workdir=args.work))
        results = measure(commands, runs=args.runs)
        print(table(results, baseline=commands[-1].label))
        cat = results[-1]
        for r in results[:-1]:
            print(f"\n{r.command.label}: {r.wall / cat.wall:.2f}x the wall time of cat (goal <= 0.5x), "
                  f"peak RSS {r.rss_mb:.1f} MB (goal <= 64 MB)")
        print()
        print(commands_block(results))
    return status


if __name__ == "__main__":
    sys.exit(main())
