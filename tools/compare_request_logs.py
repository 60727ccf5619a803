#!/usr/bin/env python3
"""Compares two directories of sandbox request logs (make check with
PATINA_REQUEST_LOG_DIR set, once per build): for each test's log, the same
requests (method, path, query, body) in the same order.

Requests sent concurrently (look-ups at start-up, pages in flight together)
may reach the server in either order from one run to the next, so a log is
also compared as a multiset; the report says which of the two differ.

    tools/compare_request_logs.py BEFORE_DIR AFTER_DIR
Exit status 0 when every log holds the same requests.
"""
import collections
import json
import os
import sys


def requests(path):
    out = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            r = json.loads(line)
            body = r.get("body")
            if isinstance(body, str):
                try:
                    body = json.loads(body)
                except ValueError:
                    pass
            out.append(json.dumps([r.get("method"), r.get("path"), r.get("query"), body],
                                  sort_keys=True))
    return out


def main(before, after):
    names = sorted(set(os.listdir(before)) | set(os.listdir(after)))
    same_order = same_set = differ = 0
    for name in names:
        a = os.path.join(before, name)
        b = os.path.join(after, name)
        if not os.path.exists(a) or not os.path.exists(b):
            print("only in %s: %s" % (before if os.path.exists(a) else after, name))
            differ += 1
            continue
        ra, rb = requests(a), requests(b)
        if ra == rb:
            same_order += 1
        elif collections.Counter(ra) == collections.Counter(rb):
            same_set += 1
        else:
            differ += 1
            ca, cb = collections.Counter(ra), collections.Counter(rb)
            print("%s: %d requests before, %d after" % (name, len(ra), len(rb)))
            for req in (ca - cb):
                print("  only before: %s" % req[:200])
            for req in (cb - ca):
                print("  only after:  %s" % req[:200])
    print("%d logs: %d identical, %d the same requests in another order, %d different"
          % (len(names), same_order, same_set, differ))
    return 1 if differ else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
