"""mirror: the local mirror of an account of 120,000 records of each entity.

The sandbox with --records 120000 (720,000 records), patina allowed 60,000
requests a minute (the sandbox has no rate limit: what is measured is
patina and the sandbox, not Copper's budget), four at once.

  first sync      `patina sync` on an empty mirror: its requests (from the
                  sandbox's log) against the minimum, every entity's
                  ceil(N / 200) pages; and its time
  disk            the mirror's bytes (database and WAL) per record held
  incremental     k changes of each entity (k = 1, 100, 10,000: the
                  sandbox's POST /_sandbox/mutate/{entity}), then `patina
                  sync`: requests per entity against ceil(k / 200) + 1
  deletions       one record of each entity deleted, then `patina sync`:
                  the sweep's requests per entity (those with a window of
                  creation dates; reading everything again would be 600),
                  apart from the changes of the round before read again
                  (those made in the watermark's margin, 30 s)
  finder          right after the first sync, patina in a 140x40
                  pseudo-terminal, the finder open, 20 queries typed first
                  (a session in use: SQLite's cache of the index warm); then
                  200 queries made from the data (names, fragments, emails,
                  phone fragments, accented names, type filters): each
                  typed but its last key, then the last key timed from its
                  write to the chunk after which the screen shows the query
                  and its results (bench_key_latency's method: no parsing
                  while timing). Baseline in the same run: the sqlite3
                  shell running the same FTS query on the same file
                  (.timer on, one process): the floor of a full-text
                  search of this index.
  memory          patina's resident memory (VmRSS, VmHWM) with the finder
                  open on the full mirror, against the mirror's size: the
                  mirror is read, never loaded

Targets: first sync <= 1.05x the minimum; disk < 1.5 KB a record;
incremental <= ceil(k / 200) + 1 per entity; finder p99 < 10 ms; memory
far below the mirror's size.
"""

import glob
import math
import os
import random
import re
import sqlite3
import subprocess
import time
import unicodedata

from benchlib import (Broken, commas, feed_until, figure, line, main, percentile, read_burst,
                      start_sandbox, table, temp_home, vm_status, wait_screen, write_config)
from harness import PATINA, Terminal, patina_env, run_patina

NAME = "mirror"
RECORDS = 120000
ENTITIES = ["people", "companies", "leads", "opportunities", "projects", "tasks"]
QUERIES = 200


def mirror_db(home):
    paths = glob.glob(os.path.join(home, "cache", "patina", "*", "*", "mirror.db"))
    if not paths:
        raise Broken("no mirror.db under %s" % home)
    return paths[0]


def sync(env, what, timeout=1200):
    t = time.monotonic()
    r = run_patina(["sync"], env, timeout=timeout)
    if r.returncode != 0:
        raise Broken("patina sync (%s) failed: %s %s" % (what, r.returncode, r.stderr[-500:]))
    return time.monotonic() - t


def requests_per_entity(sb):
    out = {e: 0 for e in ENTITIES}
    for x in sb.log():
        for e in ENTITIES:
            if x["path"].endswith("/%s/search" % e):
                out[e] += 1
    return out


def first_sync(sb, env, home):
    counts = sb.control("GET", "/_sandbox/health")["records"]
    sb.clear_log()
    took = sync(env, "first")
    per = requests_per_entity(sb)
    minimum = {e: math.ceil(counts[e] / 200) for e in ENTITIES}
    rows = [[e, commas(counts[e]), per[e], minimum[e], "%.3fx" % (per[e] / minimum[e])]
            for e in ENTITIES]
    total, least = sum(per.values()), sum(minimum.values())
    rows.append(["all", commas(sum(counts.values())), total, least, "%.3fx" % (total / least)])
    table(["entity", "records", "requests", "minimum", "ratio"], rows,
          "first sync: %.0f s (%s records a second)" % (took, commas(int(sum(counts.values()) / took))))
    figure(NAME, "first sync requests / minimum", total / least, "<= 1.05", total / least <= 1.05)
    figure(NAME, "first sync time (s)", took, None, None)
    db = mirror_db(home)
    size = sum(os.path.getsize(p) for p in (db, db + "-wal") if os.path.exists(p))
    con = sqlite3.connect(db)
    held = con.execute("SELECT count(*) FROM records").fetchone()[0]
    parts = con.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC").fetchall()
    con.close()
    if held != sum(counts.values()):
        raise Broken("the mirror holds %d records, the server %d" % (held, sum(counts.values())))
    table(["part", "bytes", "per record"], [[n, commas(b), "%.0f" % (b / held)] for n, b in parts[:6]]
          + [["file (with WAL)", commas(size), "%.0f" % (size / held)]], "disk")
    figure(NAME, "disk bytes/record", size / held, "< 1536", size / held < 1536)
    return counts


def incremental(sb, env, home):
    con = sqlite3.connect(mirror_db(home))
    ids = {e: [r[0] for r in con.execute("SELECT id FROM records WHERE entity = ?", (i,))]
           for i, e in enumerate(ENTITIES)}
    con.close()
    rng = random.Random(14)
    rows = []
    ok = True
    for k in (1, 100, 10000):
        for e in ENTITIES:
            sb.control("POST", "/_sandbox/mutate/%s" % e, {"ids": rng.sample(ids[e], k),
                                                            "changes": {}})
        sb.clear_log()
        took = sync(env, "%d changes" % k)
        per = requests_per_entity(sb)
        limit = math.ceil(k / 200) + 1
        ok = ok and all(n <= limit for n in per.values())
        rows.append([commas(k)] + [per[e] for e in ENTITIES] + [limit, "%.1f s" % took])
        figure(NAME, "incremental, %s changes: requests per entity (max)" % commas(k),
               max(per.values()), "<= %d" % limit, max(per.values()) <= limit)
    # one deletion each: found by the sweep
    for e in ENTITIES:
        sb.api("DELETE", "/%s/%d" % (e, rng.choice(ids[e])))
    sb.clear_log()
    took = sync(env, "deletions")
    per = requests_per_entity(sb)
    sweep = {e: len([x for x in sb.log() if x["path"].endswith("/%s/search" % e)
                     and "maximum_created_date" in (x["body"] or {})]) for e in ENTITIES}
    rows.append(["1 deleted: all"] + [per[e] for e in ENTITIES] + ["-", "%.1f s" % took])
    rows.append(["  of which sweep"] + [sweep[e] for e in ENTITIES] + ["-", ""])
    table(["changes"] + ENTITIES + ["limit", "time"], rows,
          "incremental syncs: requests per entity (the first is also the count; the round "
          "after 10,000 changes reads again those made in its last 30 s)")
    figure(NAME, "one deletion: sweep requests per entity (max)", max(sweep.values()),
           "< 601 (reading all)", max(sweep.values()) < 601)


def fold(text):
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold())
                   if not unicodedata.combining(c))


def make_queries(sb, rng):
    """200 queries from the data: what a rep types."""
    sample = {}
    for e in ENTITIES:
        body = {"page_size": 200, "page_number": rng.randrange(1, 400)}
        sample[e], _ = sb.api("POST", "/%s/search" % e, body)
    q = []
    people = sample["people"]
    while len(q) < QUERIES:
        kind = len(q) % 8
        r = rng.choice(people)
        name = r.get("name") or "x"
        if kind == 0:
            q.append(name.split()[0][:rng.randrange(1, 4)])                # 1-3 letters
        elif kind == 1:
            w = name.split()
            q.append("%s %s" % (w[0], w[-1][:3]) if len(w) > 1 else w[0])  # first + last prefix
        elif kind == 2:
            emails = r.get("emails") or [{"email": "x@y"}]
            q.append("@" + emails[0]["email"].split("@")[-1].split(".")[0][:6])
        elif kind == 3:
            phones = r.get("phone_numbers") or [{"number": "555-1234"}]
            d = re.sub(r"\D", "", phones[0]["number"])
            q.append("%s-%s" % (d[-7:-4], d[-4:-2]) if len(d) >= 7 else d)
        elif kind == 4:
            accented = [p["name"] for p in people if p.get("name") and p["name"] != fold(p["name"])]
            n = rng.choice(accented) if accented else name
            q.append(fold(n).split()[0])                                 # typed without accents
        elif kind == 5:
            c = rng.choice(sample["companies"])
            q.append("c:" + (c.get("name") or "x").split()[0][:5])
        elif kind == 6:
            o = rng.choice(sample["opportunities"])
            q.append("o: " + (o.get("name") or "x").split()[-1][:6])
        else:
            t = rng.choice(sample["tasks"])
            q.append((t.get("name") or "x").split()[0])
    return [x for x in q if len(x) >= 1][:QUERIES]


def match_expr(query):
    """The finder's main FTS query for the baseline (src/mirror/query.c)."""
    words = [w for w in query.split() if not re.match(r"^(p|c|l|o|pr|t):$", w)]
    words = [re.sub(r"^(p|c|l|o|pr|t):", "", w) for w in words]
    parts = []
    for w in words:
        digits = re.sub(r"\D", "", w)
        if re.fullmatch(r"[\d\-+(). ]+", w) and len(digits) >= 3:
            parts.append('{contact} : "%s"*' % digits)
            continue
        col = "{contact} : " if "@" in w else ""
        parts += ['%s"%s"*' % (col, t) for t in re.split(r"\W+", fold(w)) if t]
    return " AND ".join(parts) or '"a"*'


def baseline(db, queries):
    script = ".timer on\n" + "".join(
        "SELECT count(*) FROM (SELECT rowid FROM fts WHERE fts MATCH '%s' ORDER BY rowid DESC "
        "LIMIT 100);\n" % match_expr(q).replace("'", "''") for q in queries)
    r = subprocess.run(["sqlite3", db], input=script, capture_output=True, text=True, timeout=300)
    times = [float(m) * 1000 for m in re.findall(r"Run Time: real ([\d.]+)", r.stdout + r.stderr)]
    if len(times) != len(queries):
        raise Broken("the sqlite3 shell timed %d of %d queries: %s" % (len(times), len(queries),
                                                                       r.stderr[-300:]))
    return times


def finder(sb, env, home):
    rng = random.Random(7)
    queries = make_queries(sb, rng)
    t = Terminal([PATINA], env, 140, 40)
    try:
        wait_screen(t, lambda s: " of " in line(s, 0), 60, "the list")
        time.sleep(3)  # the start's incremental sync
        t.send("'")
        wait_screen(t, lambda s: "Find:" in line(s, 39), 10, "the finder")
        for q in make_queries(sb, random.Random(99))[:20]:  # a session in use
            t.send("\x15" + q)
            wait_screen(t, lambda s: line(s, 39).rstrip().endswith("Find: " + q), 10, "warm-up")
        times = []
        for q in queries:
            t.send("\x15")  # C-u: the prompt empties
            if len(q) > 1:
                t.send(q[:-1])
            wait_screen(t, lambda s: line(s, 39).rstrip().endswith("Find: " + q[:-1].rstrip())
                        or (len(q) == 1 and line(s, 39).rstrip() == "Find:"), 10, "typed")
            time.sleep(0.02)
            t.pump(0.01)
            sent = time.monotonic()
            os.write(t.fd, q[-1].encode())
            chunks = read_burst(t, 2.0, 0.015, 3.0)
            hit, _ = feed_until(t, chunks, lambda s: line(s, 39).rstrip().endswith("Find: " + q)
                                and "result" in line(s, 2))
            if hit is None:
                wait_screen(t, lambda s: "result" in line(s, 2), 5, "results of %r" % q)
                times.append(float("nan"))
                continue
            times.append((chunks[hit][0] - sent) * 1000)
        st = vm_status(t.pid)
        rss = int(st["VmRSS"].split()[0]) * 1024
        hwm = int(st["VmHWM"].split()[0]) * 1024
        t.send("\x1bq")
        t.wait_exit(10)
    finally:
        t.close()
    good = [x for x in times if x == x]
    slow = sorted(((x, q) for x, q in zip(times, queries) if x == x), reverse=True)[:5]
    print("slowest: " + ", ".join("%r %.1f ms" % (q, x) for x, q in slow))
    base = baseline(mirror_db(home), queries)
    table(["", "n", "p50 ms", "p99 ms", "max ms"],
          [["finder: key to results drawn", len(good), percentile(good, 50), percentile(good, 99),
            max(good)],
           ["sqlite3 shell, the same FTS query", len(base), percentile(base, 50),
            percentile(base, 99), max(base)]],
          "finder over %s records (%d queries, e.g. %s)" % (commas(RECORDS * 6), len(queries),
                                                           ", ".join(repr(x) for x in queries[:8])))
    figure(NAME, "finder p50 (ms)", percentile(good, 50), None, None)
    figure(NAME, "finder p99 (ms)", percentile(good, 99), "< 10", percentile(good, 99) < 10)
    figure(NAME, "sqlite3 shell p99 (ms), baseline", percentile(base, 99), None, None)
    size = os.path.getsize(mirror_db(home))
    table(["", "bytes"], [["patina VmRSS", commas(rss)], ["patina VmHWM", commas(hwm)],
                          ["the mirror's file", commas(size)]], "memory with the full mirror")
    figure(NAME, "patina RSS / mirror size", rss / size, "< 0.25 (not loaded)", rss / size < 0.25)


def run():
    sb, started = start_sandbox("--records", str(RECORDS))
    print("sandbox: %d records of each entity, started in %.1f s" % (RECORDS, started))
    home = temp_home()
    write_config(home, "set rate-limit = 60000\nset burst = 100\nset max-parallel = 4\n")
    env = patina_env(sb, home, PATINA_MIRROR="1")
    first_sync(sb, env, home)
    finder(sb, env, home)
    incremental(sb, env, home)


if __name__ == "__main__":
    main(NAME, run, 1500)
