#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Seeds fuzz_simple_page's corpus: the committed test index's pages (JSON and
HTML) cut to the first 4 KiB, the hand-written fault pages, and small pages
of each PEP's corner (yanked forms, core-metadata forms, entities, <base>)."""
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.join(here, "..", "..", "tests", "data", "index")
# fuzz/run.sh passes the seeds folder of the layer; the target's seeds go in a subfolder of it.
out = os.path.join(sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "corpus-out", "seeds-index"),
                   "fuzz_simple_page")
os.makedirs(out, exist_ok=True)
n = 0
for dirpath, _, files in os.walk(root):
    for f in sorted(files):
        if f in ("index.json", "index.html"):
            with open(os.path.join(dirpath, f), "rb") as src:
                data = src.read(4096)
            n += 1
            with open(os.path.join(out, "page-%04d" % n), "wb") as dst:
                dst.write(data)
extra = [
    b'{"meta":{"api-version":"1.1"},"name":"a","versions":["1.0"],"files":[{"filename":"a-1.0.tar.gz","url":"a-1.0.tar.gz","hashes":{"sha256":"00"},"yanked":"why","core-metadata":{"sha256":"11"},"size":1,"upload-time":"2024-01-01T00:00:00Z"}]}',
    b'{"meta":{"api-version":"2.0"},"files":[]}',
    b'<html><head><base href="https://x/y/"><meta name="pypi:repository-version" content="1.0"></head><a href="a-1.0-py3-none-any.whl#sha256=00" data-yanked data-core-metadata="sha256=11" data-requires-python="&gt;=3.8">a</a>',
    b'<a href=a-1.0.tar.gz>a<a href=\'a-2.0.tar.gz\'>b</a><!-- c --><script>x</script>',
]
for i, data in enumerate(extra):
    with open(os.path.join(out, "corner-%02d" % i), "wb") as dst:
        dst.write(data)
print("fuzz_simple_page corpus: %d files in %s" % (n + len(extra), out))
