"""startup: time to the first rows painted, and the requests a start makes.

The sandbox answers every request after 50 ms. Five pairs of runs, each a
cold start (empty XDG_CACHE_HOME) then a warm start (the same cache), in a
140x40 pseudo-terminal, from the fork of patina to:

  first bytes   the first output (the terminal set up, the frame drawn)
  first rows    the first person's name painted on the list's first row
  settled       nothing loading, owner names and the detail pane shown

The output is read with arrival times and no parsing, then fed to pyte
afterwards (pyte would otherwise add its parse time to what it measures).
Requests come from the sandbox's log; its time stamps (arrival, 1 ms) show
whether a cold start's look-ups overlap: the largest number in flight at
once, taking each to last from its arrival for the 50 ms latency, and the
wall time from the first look-up's arrival to the last one's answer against
the sum of their latencies.

In the same run, one request timed from Python (urllib, a new connection)
is the baseline a warm start is compared with. "settled - answer" is how
long after the last request could have been answered (its arrival + 50 ms)
the screen settled: a few ms when results are handled as they come;
negative when the status line said nothing was loading before the last
answer could have come. A cold run quits only once every look-up answered
is in the cache (waiting up to 3 s), so that the warm run after it
measures a warm start.

Targets: a warm start makes exactly one request and paints its rows within
one request's latency + 30 ms; a cold start's look-ups go concurrently.
"""

import os
import time
import urllib.request

from benchlib import (Broken, busy, drain, figure, line, main, median, quit_patina, read_burst,
                      start_patina, start_sandbox, table, TempHome, on_cleanup)
import harness

NAME = "startup"
LATENCY_MS = 50
SLACK_MS = 30
PAIRS = 5
COLS, ROWS = 140, 40


def baseline_request(sb, n=5):
    """One list request as a minimal client makes it (a new connection each
    time), ms."""
    body = b'{"page_size": 200, "page_number": 1}'
    times = []
    for _ in range(n):
        req = urllib.request.Request(
            sb.base_url + "/people/search", data=body, method="POST",
            headers={"Content-Type": "application/json", "X-PW-AccessToken": harness.TOKEN,
                     "X-PW-UserEmail": harness.EMAIL, "X-PW-Application": "developer_api"})
        t0 = time.monotonic()
        with urllib.request.urlopen(req, timeout=30) as resp:
            resp.read()
        times.append((time.monotonic() - t0) * 1000)
    return times


def run_once(sb, home, first_name, first_id):
    sb.clear_log()
    wall0 = time.time()
    t0 = time.monotonic()
    t = start_patina(sb, home, COLS, ROWS)
    chunks = read_burst(t, 10.0, 0.3, 8.0)
    if not chunks:
        raise Broken("patina wrote nothing within 10 s")
    needle = first_name[:20]

    def rows_painted(s):
        return line(s, 3).startswith(needle)

    def settled(s):
        text = "\n".join(line(s, y) for y in range(s.lines))
        return (rows_painted(s) and not busy(s) and "Owner" in text and
                "Person #%d" % first_id in text)

    marks = {}
    # one pass: feed chunk by chunk, note when each predicate first holds
    for i, (ts, data) in enumerate(chunks):
        t.raw.extend(data)
        t.stream.feed(data)
        if "rows" not in marks and rows_painted(t.screen):
            marks["rows"] = ts
        if "settled" not in marks and settled(t.screen):
            marks["settled"] = ts
    if "settled" not in marks:
        # a pause longer than the quiet window: go on reading, parsing as we go
        end = time.monotonic() + 15
        while time.monotonic() < end and "settled" not in marks:
            more = read_burst(t, 0.2, 0.05, 2.0)
            for ts, data in more:
                t.raw.extend(data)
                t.stream.feed(data)
                if "rows" not in marks and rows_painted(t.screen):
                    marks["rows"] = ts
                if "settled" not in marks and settled(t.screen):
                    marks["settled"] = ts
    if "rows" not in marks:
        raise Broken("the first rows never showed; screen:\n" + t.text())
    # Before quitting, every look-up answered must be in the cache, or the
    # next (warm) start would ask again: a settled-looking screen is not
    # enough (see "settled - answer").
    cached_at = float("nan")
    end = time.monotonic() + 3.0
    while time.monotonic() < end:
        lookups = [e for e in sb.log() if not e["path"].endswith("/people/search")]
        if cache_files(home) >= len(lookups):
            cached_at = (time.monotonic() - t0) * 1000
            break
        drain(t, 0.05, 1)
    code = quit_patina(t)
    if code != 0:
        raise Broken("patina exited with %s" % code)
    log = sb.log()
    return {
        "first": (chunks[0][0] - t0) * 1000,
        "rows": (marks["rows"] - t0) * 1000,
        "settled": (marks["settled"] - t0) * 1000 if "settled" in marks else float("nan"),
        "cached": cached_at,
        "log": log,
        "wall0": wall0,
    }


def cache_files(home):
    n = 0
    for _, _, files in os.walk(os.path.join(home, "cache")):
        n += sum(1 for f in files if f.endswith(".json"))
    return n


def overlap(entries, latency_s):
    """Largest number of requests in flight at once at the sandbox, each
    taken to last latency_s from its arrival."""
    events = []
    for e in entries:
        events.append((e["ts"], 1))
        events.append((e["ts"] + latency_s - 1e-4, -1))
    events.sort()
    cur = best = 0
    for _, d in events:
        cur += d
        best = max(best, cur)
    return best


def short(path):
    return path.replace("/developer_api/v1", "")


def run():
    sb, _ = start_sandbox("--latency", str(LATENCY_MS))
    rows, _ = sb.api("POST", "/people/search", {"page_size": 1})
    first_name, first_id = rows[0]["name"], rows[0]["id"]
    base = baseline_request(sb)
    sb.clear_log()

    runs = []
    for pair in range(PAIRS):
        th = TempHome()
        home = th.__enter__()
        on_cleanup(th.__exit__, None, None, None)
        cold = run_once(sb, home, first_name, first_id)
        warm = run_once(sb, home, first_name, first_id)
        runs.append((cold, warm))

    lat = LATENCY_MS / 1000.0
    out = []
    stale = []
    lags = []
    for n, (cold, warm) in enumerate(runs, 1):
        for kind, r in (("cold", cold), ("warm", warm)):
            log = r["log"]
            first_req = (min(e["ts"] for e in log) - r["wall0"]) * 1000 if log else float("nan")
            last_ans = (max(e["ts"] for e in log) - r["wall0"]) * 1000 + LATENCY_MS \
                if log else float("nan")
            if r["settled"] < last_ans - 5:
                stale.append("%s %d" % (kind, n))
            lags.append(r["settled"] - last_ans)
            out.append(["%s %d" % (kind, n), r["first"], first_req, r["rows"], r["settled"],
                        last_ans, len(log), overlap(log, lat)])
    for row in out:
        row.insert(6, row[4] - row[5])
    table(["start", "first bytes ms", "1st request at ms", "first rows ms", "settled ms",
           "last answer >= ms", "settled - answer", "requests", "max in flight"], out,
          title="Start-up at %d ms a request (times from the fork of patina; request times "
                "from the sandbox log)" % LATENCY_MS)
    slow = [r[0] for r in out if r[6] > 500]
    uncached = ["cold %d" % n for n, (c, _) in enumerate(runs, 1) if c["cached"] != c["cached"]]
    if uncached:
        print("\n%s: not every look-up answered was in the cache 3 s after the screen settled"
              % ", ".join(uncached))
    if slow:
        print("\n%s: the screen settled more than 500 ms after the last answer could have "
              "arrived" % ", ".join(slow))
    if stale:
        print("\n%s: the screen looked settled (nothing loading in the status line) before "
              "the last request could have been answered" % ", ".join(stale))
    print("\nbaseline: one request from Python (new connection each time): median %.1f ms, "
          "of %d" % (median(base), len(base)))

    # the requests of the first cold and warm starts, in order of arrival
    cold, warm = runs[0]
    t_first = min(e["ts"] for e in cold["log"])
    table(["#", "arrived ms", "answered by ms", "method", "path", "status"],
          [[i + 1, (e["ts"] - t_first) * 1000, (e["ts"] - t_first) * 1000 + LATENCY_MS,
            e["method"], short(e["path"]), e["status"]]
           for i, e in enumerate(sorted(cold["log"], key=lambda e: e["ts"]))],
          title="Cold start 1: its requests (arrival at the sandbox; answered after the "
                "latency, at the earliest)")
    print("warm start 1: %s" % ", ".join("%s %s" % (e["method"], short(e["path"]))
                                         for e in warm["log"]))

    # concurrency of the cold starts' look-ups (everything but the list page)
    lk_rows = []
    ok_overlap = True
    for n, (cold, _) in enumerate(runs, 1):
        lookups = [e for e in cold["log"] if not e["path"].endswith("/people/search")]
        if not lookups:
            continue
        span = (max(e["ts"] for e in lookups) + lat - min(e["ts"] for e in lookups)) * 1000
        total = len(lookups) * LATENCY_MS
        conc = overlap(lookups, lat)
        ok_overlap = ok_overlap and conc >= 2 and span < total
        lk_rows.append(["cold %d" % n, len(lookups), conc, span, total, "%.2fx" % (span / total)])
    table(["start", "look-ups", "max in flight", "wall ms", "sum of latencies ms",
           "wall/sum"], lk_rows, title="Cold starts: do the look-ups overlap?")

    warm_rows = median([w["rows"] for _, w in runs])
    cold_rows = median([c["rows"] for c, _ in runs])
    warm_reqs = [len(w["log"]) for _, w in runs]
    cold_reqs = [len(c["log"]) for c, _ in runs]
    limit = LATENCY_MS + SLACK_MS
    figure(NAME, "warm first rows ms (median)", warm_rows, "<= %d" % limit, warm_rows <= limit)
    figure(NAME, "warm requests", max(warm_reqs), "1", all(n == 1 for n in warm_reqs))
    figure(NAME, "warm rows / (1 request + 30 ms)",
           "%.2fx" % (warm_rows / (median(base) + SLACK_MS)), "<= 1x",
           warm_rows <= median(base) + SLACK_MS)
    figure(NAME, "cold first rows ms (median)", cold_rows, "-", None)
    figure(NAME, "cold requests", max(cold_reqs), "-", None)
    figure(NAME, "settled - last answer, max ms", max(lags), "-", None)
    figure(NAME, "cold look-ups max in flight", min(r[2] for r in lk_rows) if lk_rows else 0,
           ">= 2", ok_overlap)


if __name__ == "__main__":
    main(NAME, run, 50)
