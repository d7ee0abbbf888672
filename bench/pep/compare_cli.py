#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""`mlstack pep QUESTION --jsonl` against packaging through the command line.

    bench/pep/compare_cli.py path/to/mlstack [--runs 5] [--before OLD_MLSTACK]

Inputs (written to build/bench-pep-cli/, deterministic): the 100,000 versions
and 10,000 requirements that bench/pep/compare_packaging.py collects from
../shared (lock files, PyTorch index pages, wheel names, packaging's vectors,
this machine's Requires-Dist lines), as JSON lines. Both programs run as
processes, interleaved (bench/harness.py); the answers are compared line by
line (as parsed JSON) before any ratio is printed.
"""
import argparse
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "bench"))
sys.path.insert(0, HERE)

from harness import Command, commands_block, machine_note, measure, table  # noqa: E402
import compare_packaging  # noqa: E402  (its input collection)

WORK = os.path.join(ROOT, "build", "bench-pep-cli")


def write_inputs():
    os.makedirs(WORK, exist_ok=True)
    versions = compare_packaging.collect_versions()
    sequence = (versions * (100_000 // len(versions) + 1))[:100_000]
    # Left out: marker values that hold the other quote character, which
    # packaging 23.0 prints with the wrong quotes (`'a"' == os_name` becomes
    # `"a"" == os_name`); current packaging and mlstack quote them right.
    requirements = [r for r in compare_packaging.collect_requirements() if not MIXED_QUOTES.search(r)]
    reqs = (requirements * (10_000 // len(requirements) + 1))[:10_000]
    files = {}
    for name, lines in (("version", [{"version": v} for v in sequence]),
                        ("compare", [{"a": sequence[i], "b": sequence[i - 1]} for i in range(len(sequence))]),
                        ("requirement", [{"requirement": r} for r in reqs])):
        path = os.path.join(WORK, f"{name}.jsonl")
        with open(path, "w") as f:
            f.write("".join(json.dumps(obj) + "\n" for obj in lines))
        files[name] = (path, len(lines))
    return files


EXTRA = re.compile(r'extra == "([^"]*)"')
MIXED_QUOTES = re.compile(r"'[^']*\"[^']*'|\"[^\"]*'[^\"]*\"")


def canonical_extras(text):
    """Marker text with every `extra == "..."` value canonicalised (PEP 503).
    Debian's packaging 23.0 normalises only the first atom of a marker
    (markers.py _normalize_extra_values looks at results[0]); current
    packaging, and mlstack, normalise every one. Applied to both sides."""
    return EXTRA.sub(lambda m: 'extra == "%s"' % re.sub(r"[-_.]+", "-", m.group(1)).lower(), text)


def parsed(text):
    answers = [json.loads(line) for line in text.splitlines()]
    for answer in answers:
        if isinstance(answer.get("marker"), str):
            answer["marker"] = canonical_extras(answer["marker"])
    return answers


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mlstack")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--before", help="another mlstack build to time in the same rounds")
    args = parser.parse_args()
    mlstack = os.path.abspath(args.mlstack)
    anchor = os.path.join(HERE, "packaging_jsonl.py")
    inputs = write_inputs()
    print(machine_note())
    status = 0
    for question, (path, count) in inputs.items():
        commands = [
            Command(f"mlstack pep {question} --jsonl", [mlstack, "pep", question, "--jsonl"], stdin=path, answer=parsed),
            Command(f"packaging ({question})", ["/usr/bin/python3", anchor, question], stdin=path, answer=parsed),
        ]
        if args.before:
            commands.append(Command(f"mlstack pep {question} --jsonl (before)",
                                    [os.path.abspath(args.before), "pep", question, "--jsonl"], stdin=path, answer=parsed))
        results = measure(commands, runs=args.runs)
        same = all(r.answer == results[1].answer for r in results)
        print(f"\n### {question}: {count:,} lines; same answers: {'yes' if same else 'NO'}\n")
        if not same:
            diffs = [i for i, (a, b) in enumerate(zip(results[0].answer, results[1].answer)) if a != b]
            print(f"first differing lines: {diffs[:5]} of {len(diffs)}; e.g. {results[0].answer[diffs[0]] if diffs else ''} "
                  f"vs {results[1].answer[diffs[0]] if diffs else ''}")
            status = 1
            continue
        print(table(results, baseline=f"packaging ({question})"))
        per_line = results[0].wall / count * 1e6
        print(f"\nmlstack: {per_line:.2f} us a line (wall); packaging: {results[1].wall / count * 1e6:.2f} us a line\n")
        print(commands_block(results))
    return status


if __name__ == "__main__":
    sys.exit(main())
