#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Reference for the import scanner's tests: prints the imports that Python's
own ast module finds in each file named on stdin (one path per line).

Output, one line per imported name, tab-separated:
    path  line  level  module  name  lazy
where `name` is empty for `import a.b`, and lazy is 1 when the statement is
inside a function body. A file that ast cannot parse prints
    path  SYNTAX-ERROR
This runs on the test's own inputs (the standard library), never on a
project under analysis.
"""
import ast
import sys


def emit(out, path, node, level, module, name, lazy):
    out.write(f"{path}\t{node.lineno}\t{level}\t{module}\t{name}\t{1 if lazy else 0}\n")


def walk(tree, path, out):
    # An explicit stack rather than ast.NodeVisitor: generated code can nest
    # deeper than Python's recursion limit allows a recursive visitor.
    stack = [(tree, False)]
    while stack:
        node, lazy = stack.pop()
        if isinstance(node, ast.Import):
            for alias in node.names:
                emit(out, path, node, 0, alias.name, "", lazy)
        elif isinstance(node, ast.ImportFrom):
            for alias in node.names:
                emit(out, path, node, node.level or 0, node.module or "", alias.name, lazy)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            # Decorators run at definition time; the body only when called.
            stack.extend((child, lazy) for child in node.decorator_list)
            stack.extend((child, True) for child in node.body)
            continue
        stack.extend((child, lazy) for child in ast.iter_child_nodes(node))


def main():
    out = sys.stdout
    for path in sys.stdin.read().splitlines():
        if not path:
            continue
        try:
            with open(path, "rb") as f:
                tree = ast.parse(f.read(), filename=path)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            out.write(f"{path}\tSYNTAX-ERROR\n")
            continue
        walk(tree, path, out)


if __name__ == "__main__":
    main()
