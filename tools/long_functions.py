#!/usr/bin/env python3
"""long_functions.py [MAX] - functions of src/ longer than MAX lines (120).

A function is a definition starting in column 0 and ending at the first
"}" in column 0 after it; tables (initialised arrays) are not functions.
Prints file:line name length for each, longest first; exit 1 if any."""
import os
import re
import sys

MAX = int(sys.argv[1]) if len(sys.argv) > 1 else 120
START = re.compile(r'^[A-Za-z_][\w \*]*?\b(\w+)\s*\([^;]*$')
found = []
for root, _, names in os.walk("src"):
    for name in names:
        if not name.endswith(".c"):
            continue
        path = os.path.join(root, name)
        lines = open(path, encoding="utf-8", errors="replace").read().split("\n")
        i = 0
        while i < len(lines):
            m = START.match(lines[i])
            if m and not lines[i].rstrip().endswith(";") and "=" not in lines[i]:
                j = i + 1
                while j < len(lines) and lines[j] != "{" and not lines[j].startswith("{"):
                    if lines[j].rstrip().endswith(";"):
                        break
                    j += 1
                if j < len(lines) and lines[j].startswith("{"):
                    k = j + 1
                    while k < len(lines) and lines[k] != "}":
                        k += 1
                    n = k - i + 1
                    if n > MAX:
                        found.append((n, "%s:%d %s" % (path, i + 1, m.group(1))))
                    i = k
            i += 1
for n, where in sorted(found, reverse=True):
    print("%s %d lines" % (where, n))
sys.exit(1 if found else 0)
