"""cli_lookup: what `patina show` adds to the network time of its request.

`patina show person ID` (warm cache: exactly one request, GET /people/ID,
checked in the sandbox's log) against `curl` of the same request with the
same headers, both against the sandbox answering after LATENCY ms, N runs
each, interleaved (patina, curl, patina, curl...) so that drift in the
machine's load hits both alike. patina's output goes to a pipe, as in a
script: plain text, laid out by the field layout with names resolved from
the cached look-ups. Also `--format json` (the record as is, no look-up)
and `find people an --limit 20` against curl's POST /people/search.

Figures: mean and median wall time of each, the ratio patina/curl of the
medians, and the overhead (median difference) in ms.

Target: patina's median within 1.25x curl's (at 50 ms latency), i.e. the
process start, cache reads and layout cost well under the round trip.

Environment: BENCH_CLI_RUNS (default 30), BENCH_CLI_LATENCY (ms, default 50).
"""

import json
import os
import shutil
import subprocess
import time

from benchlib import (PATINA, Broken, figure, main, mean, median, patina_env, start_sandbox,
                      table, temp_home)

NAME = "cli_lookup"
RUNS = int(os.environ.get("BENCH_CLI_RUNS", "30"))
LATENCY_MS = int(os.environ.get("BENCH_CLI_LATENCY", "50"))
TARGET_RATIO = 1.25
TOKEN, EMAIL = "sandbox-token", "demo@patina.example"


def timed(argv, env=None, stdin=None):
    t = time.perf_counter()
    r = subprocess.run(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=stdin)
    took = (time.perf_counter() - t) * 1000
    if r.returncode != 0:
        raise Broken("%s exited %d: %s" % (" ".join(argv[:4]), r.returncode,
                                           r.stderr.decode(errors="replace")[:300]))
    return took, r.stdout


def curl_argv(sb, method, path, body=None):
    argv = ["curl", "-sS", "-f", "-o", "-", "-X", method,
            "-H", "X-PW-AccessToken: " + TOKEN, "-H", "X-PW-UserEmail: " + EMAIL,
            "-H", "X-PW-Application: developer_api", "-H", "Content-Type: application/json"]
    if body is not None:
        argv += ["--data", json.dumps(body)]
    return argv + [sb.base_url + path]


def compare(label, patina_argv, curl, env):
    """Interleaved runs; returns a table row and the figures."""
    p, c = [], []
    for _ in range(RUNS):
        p.append(timed(patina_argv, env)[0])
        c.append(timed(curl)[0])
    ratio = median(p) / median(c)
    return [label, mean(p), median(p), mean(c), median(c), "%.2fx" % ratio,
            median(p) - median(c)], ratio


def run():
    if not shutil.which("curl"):
        raise Broken("curl is not installed")
    sb, _ = start_sandbox("--latency", str(LATENCY_MS))
    home = temp_home()
    env = patina_env(sb, home)
    people, _ = sb.api("POST", "/people/search", {"page_size": 1, "name": "an"})
    pid = people[0]["id"]
    show = [PATINA, "show", "person", str(pid)]

    # cold, once: fills the cache; then a warm run must make one request
    sb.clear_log()
    cold, _ = timed(show, env)
    cold_requests = len(sb.log())
    timed([PATINA, "find", "people", "an", "--limit", "1"], env)
    sb.clear_log()
    timed(show, env)
    log = sb.log()
    if [(e["method"], e["path"]) for e in log] != [("GET", "/developer_api/v1/people/%d" % pid)]:
        raise Broken("a warm `patina show` made %d requests: %s" % (len(log), log))

    rows = []
    row, ratio = compare("show person ID", show, curl_argv(sb, "GET", "/people/%d" % pid), env)
    rows.append(row)
    row_json, _ = compare("show --format json", show + ["--format", "json"],
                          curl_argv(sb, "GET", "/people/%d" % pid), env)
    rows.append(row_json)
    row_find, ratio_find = compare("find people an --limit 20",
                                   [PATINA, "find", "people", "an", "--limit", "20"],
                                   curl_argv(sb, "POST", "/people/search",
                                             {"name": "an", "page_size": 20, "page_number": 1}), env)
    rows.append(row_find)

    print("sandbox latency %d ms, %d runs of each, interleaved; warm cache (one request);"
          " cold show: %.0f ms, %d requests" % (LATENCY_MS, RUNS, cold, cold_requests))
    table(["command", "patina mean ms", "patina median ms", "curl mean ms", "curl median ms",
           "ratio (median)", "overhead ms"], rows)
    ok = ratio <= TARGET_RATIO
    print("\nshow: patina/curl %.2fx (target <= %.2fx): %s" % (ratio, TARGET_RATIO,
                                                             "ok" if ok else "MISSED"))
    figure(NAME, "show person: patina/curl (median)", "%.2fx" % ratio, "<= %.2fx" % TARGET_RATIO, ok)
    figure(NAME, "show person: overhead ms (median)", row[6], "-", None)
    figure(NAME, "find people: patina/curl (median)", "%.2fx" % ratio_find, "-", None)
    figure(NAME, "cold show: requests", cold_requests, "-", None)


if __name__ == "__main__":
    main(NAME, run, 600)
