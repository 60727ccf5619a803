#!/usr/bin/env python3
"""check_layers.py SRCDIR - refuses an include that runs up the layers.

patina's folders are its layers, lowest first:

    util -> config -> copper -> fetch   (the transport)
                             -> model   (pure: no curses, libcurl or threads)
                             -> mirror  (the local mirror: SQLite, zlib)
    ui (and ui/views), cli  -> main.c

A file may include its own folder and the folders below it, never one
above or beside it (fetch and model do not see each other; ui and cli do
not see each other). Views never include ui/app.h: they talk to the
application through events (ui/events.h), so no loop of calls can form.
System headers are checked too: curses only in ui/, libcurl only in
fetch/, threads only in fetch/, util/ (the disk writer) and mirror/ (its
worker), SQLite and zlib only in mirror/.

Prints every violation as file:line: message and exits 1 if there is any.
"""
import os
import re
import sys

ALLOWED = {
    "util": {"util"},
    "config": {"util", "config"},
    "copper": {"util", "config", "copper"},
    "fetch": {"util", "config", "copper", "fetch"},
    "model": {"util", "config", "copper", "model"},
    "ui": {"util", "config", "copper", "fetch", "model", "ui"},
    "cli": {"util", "config", "copper", "fetch", "model", "cli"},
}
# the local mirror: between copper and the front ends, beside fetch and model
ALLOWED["mirror"] = {"util", "config", "copper", "mirror"}
ALLOWED["ui"] |= {"mirror"}
ALLOWED["cli"] |= {"mirror"}
SYSTEM = {
    # header -> the layers that may include it
    "curses.h": {"ui"}, "ncurses.h": {"ui"}, "ncursesw/curses.h": {"ui"}, "term.h": {"ui"},
    "curl/curl.h": {"fetch"},
    "pthread.h": {"fetch", "util"},
}
SYSTEM["pthread.h"] |= {"mirror"}
SYSTEM["sqlite3.h"] = {"mirror"}
SYSTEM["zlib.h"] = {"mirror"}
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def layer_of(rel):
    parts = rel.split("/")
    return parts[0] if len(parts) > 1 else None


def main(src):
    problems = []
    files = 0
    for root, _, names in os.walk(src):
        for name in sorted(names):
            if not name.endswith((".c", ".h")):
                continue
            path = os.path.join(root, name)
            rel = os.path.relpath(path, src)
            layer = layer_of(rel)
            if layer is None:  # main.c and generated files at the top
                continue
            if layer not in ALLOWED:
                problems.append("%s: a folder that is no layer (%s)" % (rel, layer))
                continue
            files += 1
            in_views = rel.startswith("ui/views/")
            with open(path, encoding="utf-8", errors="replace") as f:
                for lineno, line in enumerate(f, 1):
                    m = INCLUDE.match(line)
                    if not m:
                        continue
                    quote, target = m.groups()
                    where = "%s:%d" % (rel, lineno)
                    if quote == "<":
                        allowed = SYSTEM.get(target)
                        if allowed is not None and layer not in allowed:
                            problems.append("%s: <%s> belongs to %s, not %s" % (
                                where, target, " and ".join(sorted(allowed)), layer))
                        continue
                    if target == "config.h":  # autoconf's, everyone's
                        continue
                    to = layer_of(target)
                    if to is None:
                        problems.append('%s: "%s" has no layer: write "folder/%s"' % (
                            where, target, target))
                    elif to not in ALLOWED[layer]:
                        problems.append("%s: %s includes %s, a layer above or beside it" % (
                            where, layer, target))
                    elif in_views and target == "ui/app.h":
                        problems.append("%s: a view includes ui/app.h; post an event "
                                        "(ui/events.h) instead" % where)
    for p in problems:
        print(p)
    print("check-layers: %d files, %d problems" % (files, len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "src"))
