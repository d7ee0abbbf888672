#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes the C++ source that embeds kb/*.toml, so that mlstack carries its
knowledge base inside the binary and works offline.

Each file is embedded twice:
- its text, byte for byte (`embedded_files()`: what the kb's tests compare
  with kb/, and what a --kb directory's file replaces);
- its rows, already parsed (`embedded_documents()`): the loader reads the
  built-in kb from these arrays and parses no TOML at run time. Parsing the
  398 kB of kb/ with toml++ took ~14 ms of every `check` and `plan`.

The rows are read here by a reader of the TOML the kb uses (arrays of tables
whose fields are strings, integers, booleans and arrays of those), which keeps
the line and column of every row and value for findings; Python's tomllib
then parses the same text and the two must agree, so a file that leaves that
subset, or a reader bug, fails the build with the file and line instead of
embedding something else.

The build runs it (CMakeLists.txt: a custom command that depends on every
kb/*.toml), so the generated file lives in the build tree and is never
committed:   scripts/embed_kb.py [--kb-dir DIR] OUTPUT.cpp   (DIR: kb/ by default)
"""
import pathlib
import re
import sys
import tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent
KB_DIR = ROOT / "kb"
DELIMITER = "mlstack_kb"

BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
INTEGER = re.compile(r"[+-]?(0|[1-9](_?[0-9])*)")
ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}


class KbSyntaxError(Exception):
    pass


class Reader:
    """The kb's TOML subset, with positions (1-based line and column, as toml++ gives them)."""

    def __init__(self, path, text):
        self.path = path
        self.text = text
        self.pos = 0
        self.line = 1
        self.line_start = 0

    def fail(self, message, at=None):
        line, column = at or self.here()
        raise KbSyntaxError(f"{self.path}:{line}:{column}: {message}")

    def here(self):
        return self.line, self.pos - self.line_start + 1

    def peek(self):
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def advance(self, count=1):
        for _ in range(count):
            if self.text[self.pos] == "\n":
                self.line += 1
                self.line_start = self.pos + 1
            self.pos += 1

    def skip_blanks(self, newlines):
        """Spaces, tabs and comments; newlines too when `newlines` (inside an array)."""
        while self.pos < len(self.text):
            c = self.text[self.pos]
            if c in " \t" or (newlines and c in "\r\n"):
                self.advance()
            elif c == "#":
                while self.pos < len(self.text) and self.text[self.pos] != "\n":
                    self.advance()
            else:
                return

    def end_of_line(self):
        self.skip_blanks(False)
        if self.peek() == "\r":
            self.advance()
        if self.peek() not in ("\n", ""):
            self.fail("expected the end of the line")
        if self.peek() == "\n":
            self.advance()

    def key(self):
        if self.peek() == '"':
            return self.basic_string()
        match = BARE_KEY.match(self.text, self.pos)
        if not match:
            self.fail("expected a key")
        self.advance(match.end() - self.pos)
        return match.group(0)

    def basic_string(self):
        self.advance()  # "
        out = []
        while True:
            c = self.peek()
            if c in ("", "\n"):
                self.fail("unterminated string")
            self.advance()
            if c == '"':
                return "".join(out)
            if c != "\\":
                out.append(c)
                continue
            e = self.peek()
            if e in ESCAPES:
                self.advance()
                out.append(ESCAPES[e])
            elif e in ("u", "U"):
                digits = 4 if e == "u" else 8
                code = self.text[self.pos + 1:self.pos + 1 + digits]
                if len(code) != digits or not all(ch in "0123456789abcdefABCDEF" for ch in code):
                    self.fail("bad unicode escape")
                self.advance(1 + digits)
                out.append(chr(int(code, 16)))
            else:
                self.fail("unknown escape")

    def literal_string(self):
        self.advance()  # '
        end = self.text.find("'", self.pos)
        newline = self.text.find("\n", self.pos)
        if end < 0 or (0 <= newline < end):
            self.fail("unterminated string")
        value = self.text[self.pos:end]
        self.advance(end + 1 - self.pos)
        return value

    def value(self):
        """A value as (kind, payload, line, column); arrays hold values."""
        line, column = self.here()
        c = self.peek()
        if c == '"':
            if self.text.startswith('"""', self.pos):
                self.fail("multi-line strings are outside the kb's TOML (the build's reader does not read them)")
            return ("string", self.basic_string(), line, column)
        if c == "'":
            if self.text.startswith("'''", self.pos):
                self.fail("multi-line strings are outside the kb's TOML (the build's reader does not read them)")
            return ("string", self.literal_string(), line, column)
        if c == "[":
            self.advance()
            elements = []
            while True:
                self.skip_blanks(True)
                if self.peek() == "]":
                    self.advance()
                    return ("array", elements, line, column)
                elements.append(self.value())
                if elements[-1][0] == "array":
                    self.fail("nested arrays are outside the kb's TOML")
                self.skip_blanks(True)
                if self.peek() == ",":
                    self.advance()
                elif self.peek() != "]":
                    self.fail("expected , or ] in an array")
        for word, flag in (("true", True), ("false", False)):
            if self.text.startswith(word, self.pos):
                self.advance(len(word))
                return ("boolean", flag, line, column)
        match = INTEGER.match(self.text, self.pos)
        if match and (match.end() == len(self.text) or self.text[match.end()] in " \t\r\n,]#"):
            self.advance(match.end() - self.pos)
            return ("integer", int(match.group(0).replace("_", "")), line, column)
        self.fail("expected a string, integer, boolean or array (floats, dates and inline tables are outside "
                  "the kb's TOML)")

    def document(self):
        """{table: (line, column, [row])}, row = (line, column, {key: value})."""
        tables = {}
        row = None
        while True:
            self.skip_blanks(True)
            if self.pos >= len(self.text):
                return tables
            line, column = self.here()
            if self.text.startswith("[[", self.pos):
                self.advance(2)
                self.skip_blanks(False)
                name = self.key()
                self.skip_blanks(False)
                if not self.text.startswith("]]", self.pos):
                    self.fail("expected ]]")
                self.advance(2)
                self.end_of_line()
                row = (line, column, {})
                tables.setdefault(name, (line, column, []))[2].append(row)
                continue
            if self.peek() == "[":
                self.fail("a [table] is outside the kb's TOML: every table is an array of tables ([[name]])")
            if row is None:
                self.fail("a key before the first [[table]]")
            key = self.key()
            if key in row[2]:
                self.fail(f"duplicate key `{key}`", (line, column))
            self.skip_blanks(False)
            if self.peek() != "=":
                self.fail("expected = after the key (dotted keys are outside the kb's TOML)")
            self.advance()
            self.skip_blanks(False)
            row[2][key] = self.value()
            self.end_of_line()


def plain(value):
    """The value as tomllib gives it."""
    kind, payload = value[0], value[1]
    return [plain(v) for v in payload] if kind == "array" else payload


def read(path, text):
    tables = Reader(path, text).document()
    mine = {name: [{k: plain(v) for k, v in row[2].items()} for row in rows] for name, (_, _, rows) in tables.items()}
    try:
        theirs = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise KbSyntaxError(f"{path}: invalid TOML: {error}")
    if mine != theirs:
        raise KbSyntaxError(f"{path}: the build's reader and tomllib read this file differently; embed_kb.py "
                            "reads arrays of tables whose fields are strings, integers, booleans and arrays of those")
    return tables


def literal(data):
    """A C++ string literal of `data` (bytes; octal escapes are never longer than three digits)."""
    out = []
    for byte in data:
        c = chr(byte)
        if 32 <= byte < 127 and c not in '"\\?':
            out.append(c)
        else:
            out.append("\\%03o" % byte)
    return '"' + "".join(out) + '"'


class Strings:
    """One file's strings, each kept once, as {offset, size} into a pool of UTF-8 bytes: the
    arrays then hold numbers only, which a position-independent binary relocates nothing for."""

    def __init__(self):
        self.pool = bytearray()
        self.offsets = {}

    def add(self, text):
        data = text.encode("utf-8")
        if data not in self.offsets:
            self.offsets[data] = len(self.pool)
            self.pool += data
        return "{%d, %d}" % (self.offsets[data], len(data))

    def literal_lines(self):
        """The pool as adjacent C++ literals of 100 bytes at most."""
        pool = bytes(self.pool)
        chunks = [pool[i:i + 100] for i in range(0, len(pool), 100)] or [b""]
        return ["    " + literal(chunk) for chunk in chunks]


def render_document(index, tables):
    """The arrays of one file, in the loader's order: tables and a row's fields
    sorted by name (toml++'s tables are ordered maps), rows as written."""
    strings = Strings()
    table_lines, row_lines, field_lines, element_lines = [], [], [], []

    def value_init(value):
        kind, payload = value[0], value[1]
        if kind == "string":
            return "{KbValue::k_string, false, 0, %s, 0, 0}" % strings.add(payload)
        if kind == "integer":
            return "{KbValue::k_integer, false, %dLL, {}, 0, 0}" % payload
        if kind == "boolean":
            return "{KbValue::k_boolean, %s, 0, {}, 0, 0}" % ("true" if payload else "false")
        first = len(element_lines)
        for element in payload:
            element_lines.append("    " + value_init(element) + ",")
        return "{KbValue::k_array, false, 0, {}, %d, %d}" % (first, len(payload))

    for name in sorted(tables):
        line, column, rows = tables[name]
        first_row = len(row_lines)
        for row_line, row_column, fields in rows:
            first_field = len(field_lines)
            for key in sorted(fields):
                value = fields[key]
                field_lines.append("    {%s, %d, %d, %s}," % (strings.add(key), value[2], value[3], value_init(value)))
            row_lines.append("    {%d, %d, true, %d, %d}," % (row_line, row_column, first_field,
                                                              len(field_lines) - first_field))
        table_lines.append("    {%s, %d, %d, true, %d, %d}," % (strings.add(name), line, column, first_row,
                                                                len(row_lines) - first_row))

    def array(kind, symbol, lines):
        if not lines:
            return [f"constexpr std::span<const {kind}> {symbol};"]
        return [f"constexpr {kind} {symbol}[] = {{"] + lines + ["};"]

    out = [f"constexpr char k_chars_{index}[] ="] + strings.literal_lines() + [
        ";", f"constexpr std::string_view k_strings_{index}(k_chars_{index}, sizeof k_chars_{index} - 1);"]
    out += array("KbTable", f"k_tables_{index}", table_lines)
    out += array("KbRow", f"k_rows_{index}", row_lines)
    out += array("KbField", f"k_fields_{index}", field_lines)
    out += array("KbValue", f"k_elements_{index}", element_lines)
    return out


def render(kb_dir) -> str:
    files = sorted(kb_dir.resolve().glob("*.toml"))
    lines = [
        "// SPDX-License-Identifier: MIT",
        "// Generated by scripts/embed_kb.py from kb/*.toml at build time.",
        "// One raw string literal per file keeps each file's text contiguous and",
        "// byte for byte; the arrays below hold the same files' rows, parsed.",
        '#include "kb/embedded.h"',
        "",
        "#if defined(__GNUC__)",
        '#pragma GCC diagnostic ignored "-Woverlength-strings"',
        "#endif",
        "",
        "namespace mlstack::kb {",
        "namespace {",
        "",
        "using detail::KbDocument;",
        "using detail::KbField;",
        "using detail::KbRow;",
        "using detail::KbTable;",
        "using detail::KbValue;",
        "",
    ]
    names = []
    for index, path in enumerate(files):
        text = path.read_text(encoding="utf-8")
        if f"){DELIMITER}\"" in text:
            sys.exit(f"{path}: contains the raw-string delimiter {DELIMITER}")
        display = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
        try:
            tables = read(display, text)
        except KbSyntaxError as error:
            sys.exit(f"embed_kb.py: {error}")
        lines.append(f"constexpr std::string_view k_file_{index} = R\"{DELIMITER}({text}){DELIMITER}\";")
        lines.append("")
        lines += render_document(index, tables)
        lines.append("")
        names.append((path.name, index))
    lines.append("constexpr EmbeddedFile k_files[] = {")
    for name, index in names:
        lines.append(f'    {{"{name}", k_file_{index}}},')
    lines.append("};")
    lines.append("")
    lines.append("constexpr EmbeddedDocument k_documents[] = {")
    for name, index in names:
        lines.append(f'    {{"{name}", {{k_strings_{index}, k_tables_{index}, k_rows_{index}, k_fields_{index}, '
                     f'k_elements_{index}}}}},')
    lines.append("};")
    lines.append("")
    lines.append("}  // namespace")
    lines.append("")
    lines.append("std::span<const EmbeddedFile> embedded_files() { return k_files; }")
    lines.append("std::span<const EmbeddedDocument> embedded_documents() { return k_documents; }")
    lines.append("")
    lines.append("}  // namespace mlstack::kb")
    return "\n".join(lines) + "\n"


def main() -> int:
    args = sys.argv[1:]
    kb_dir = KB_DIR
    if len(args) == 3 and args[0] == "--kb-dir":
        kb_dir = pathlib.Path(args[1])
        args = args[2:]
    if len(args) != 1:
        print("usage: embed_kb.py [--kb-dir DIR] OUTPUT.cpp", file=sys.stderr)
        return 2
    output = pathlib.Path(args[0])
    text = render(kb_dir)
    # Rewrite only when the text changed, so an unchanged kb/ rebuilds nothing.
    if not output.exists() or output.read_text(encoding="utf-8") != text:
        output.parent.mkdir(parents=True, exist_ok=True)
        tmp = output.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
