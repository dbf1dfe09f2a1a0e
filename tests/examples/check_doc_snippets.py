#!/usr/bin/env python3
"""Checks that the code and outputs a Markdown page shows are those of compiled examples.

A fenced block right after a marker comment must equal what the marker names:
  <!-- snippet: examples/api/rank_files.cpp [rank] -->   the lines between the two
      `// [rank]` (or `/* [rank] */`) marker lines of the file, dedented;
  <!-- snippet: examples/api/rank_files.cpp -->          the whole file;
  <!-- output: examples/api/rank_files.expected -->      the whole file (an expected output).
ctest compiles the examples and compares their outputs with the .expected files
(tests/examples/tests.cmake), so a page that passes this check shows code that compiles
and outputs it really prints. Usage: check_doc_snippets.py ROOT PAGE.md...
"""
import re
import sys
import textwrap
from pathlib import Path

MARKER = re.compile(r"<!--\s*(snippet|output):\s*(\S+)(?:\s+\[([\w-]+)\])?\s*-->")
REGION = r"^\s*(?://|/\*)\s*\[{name}\]\s*(?:\*/)?\s*$"


def region(text, name, where):
    pattern = re.compile(REGION.format(name=re.escape(name)))
    lines = text.splitlines()
    marks = [i for i, line in enumerate(lines) if pattern.match(line)]
    if len(marks) != 2:
        raise ValueError(f"{where}: expected two [{name}] marker lines, found {len(marks)}")
    return textwrap.dedent("\n".join(lines[marks[0] + 1 : marks[1]])) + "\n"


def fenced_block_after(lines, start, where):
    """The content of the first fenced block at or after line `start` (blank lines allowed)."""
    i = start
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i >= len(lines) or not lines[i].startswith("```"):
        raise ValueError(f"{where}: the marker is not followed by a fenced code block")
    end = i + 1
    while end < len(lines) and not lines[end].startswith("```"):
        end += 1
    if end >= len(lines):
        raise ValueError(f"{where}: the code block never closes")
    return "".join(line + "\n" for line in lines[i + 1 : end])


def check(root, page):
    lines = (root / page).read_text(encoding="utf-8").splitlines()
    problems, count = [], 0
    for n, line in enumerate(lines, start=1):
        m = MARKER.search(line)
        if not m:
            continue
        kind, path, name = m.groups()
        where = f"{page}:{n}"
        count += 1
        try:
            source = (root / path).read_text(encoding="utf-8")
            wanted = region(source, name, path) if name else source
            shown = fenced_block_after(lines, n, where)
        except (OSError, ValueError) as e:
            problems.append(f"{where}: {e}")
            continue
        if shown != wanted:
            shown_lines, wanted_lines = shown.splitlines(), wanted.splitlines()
            k = next((k for k, (a, b) in enumerate(zip(shown_lines, wanted_lines)) if a != b),
                     min(len(shown_lines), len(wanted_lines)))
            got = shown_lines[k] if k < len(shown_lines) else "(end of block)"
            exp = wanted_lines[k] if k < len(wanted_lines) else "(end of block)"
            what = f"{path} [{name}]" if name else path
            problems.append(f"{where}: the {kind} block differs from {what} at its line {k + 1}:\n"
                            f"    page: {got}\n    file: {exp}")
    return problems, count


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    root = Path(sys.argv[1])
    problems, total = [], 0
    for page in sys.argv[2:]:
        p, count = check(root, page)
        problems += p
        total += count
        if count == 0:
            problems.append(f"{page}: no snippet or output marker found")
    for p in problems:
        print(p)
    print(f"{total} blocks checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
