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


class Visitor(ast.NodeVisitor):
    def __init__(self, path, out):
        self.path = path
        self.out = out
        self.functions = 0

    def visit_FunctionDef(self, node):
        # Decorators, defaults and annotations run at definition time.
        for child in node.decorator_list:
            self.visit(child)
        self.functions += 1
        for child in node.body:
            self.visit(child)
        self.functions -= 1

    visit_AsyncFunctionDef = visit_FunctionDef

    def emit(self, node, level, module, name):
        lazy = 1 if self.functions else 0
        self.out.write(f"{self.path}\t{node.lineno}\t{level}\t{module}\t{name}\t{lazy}\n")

    def visit_Import(self, node):
        for alias in node.names:
            self.emit(node, 0, alias.name, "")

    def visit_ImportFrom(self, node):
        for alias in node.names:
            self.emit(node, node.level or 0, node.module or "", alias.name)


def main():
    out = sys.stdout
    for path in sys.stdin.read().splitlines():
        if not path:
            continue
        try:
            with open(path, "rb") as f:
                tree = ast.parse(f.read(), filename=path)
        except (SyntaxError, ValueError):
            out.write(f"{path}\tSYNTAX-ERROR\n")
            continue
        Visitor(path, out).visit(tree)


if __name__ == "__main__":
    main()
