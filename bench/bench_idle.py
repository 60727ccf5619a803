"""idle: what an idle patina costs.

patina on the People list (default sandbox, 160x45), left alone in each
of three states, in the same run:

  settled     10 s: everything loaded, nothing in flight, no message shown
  in flight   5 s: the Companies tab opened for the first time, its list
              waiting on requests that take 30 s (fewer than max-parallel, 4)
  queued      5 s: then Leads, Opportunities and Projects opened too: more
              requests than max-parallel, so some wait in patina's queue

For each thread (from /proc/PID/task/*): CPU time as clock ticks
(utime+stime, 1/%d s) and, finer, nanoseconds on the CPU (schedstat);
wake-ups as voluntary context switches; and the bytes patina wrote to the
terminal meanwhile.

Target: nothing beyond timer wake-ups for visible spinners. patina's
spinner is a static glyph (no animation), so the target is no output, no
CPU ticks and only a few context switches: ~0 settled, and while requests
are in flight or queued at most the fetch thread's 1 s poll timeout (about
one a second).
"""

import re
import time

from benchlib import (CLK_TCK, busy, cpu_sample, drain, figure, line, main, quit_patina,
                      read_burst, start_patina, start_sandbox, table, temp_home, wait_screen,
                      settled)

__doc__ = __doc__ % CLK_TCK

NAME = "idle"
IDLE_S = 10.0
BUSY_S = 5.0


def watch(t, seconds):
    """Samples patina's threads, reads (and parses) what it writes for
    seconds, samples again. Returns (per-thread deltas, bytes written)."""
    before = cpu_sample(t.pid)
    end = time.monotonic() + seconds
    nbytes = 0
    while True:
        left = end - time.monotonic()
        if left <= 0:
            break
        chunks = read_burst(t, left, 0.05, left)
        for _, data in chunks:
            t.stream.feed(data)
            nbytes += len(data)
    after = cpu_sample(t.pid)
    out = []
    for tid, a in sorted(after.items()):
        b = before.get(tid)
        if not b:
            continue
        ns = (a["ns"] - b["ns"]) if a["ns"] is not None and b["ns"] is not None else None
        out.append({"tid": tid, "name": a["name"], "ticks": a["ticks"] - b["ticks"],
                    "ms": ns / 1e6 if ns is not None else float("nan"),
                    "vol": a["vol"] - b["vol"], "invol": a["invol"] - b["invol"]})
    return out, nbytes


def run():
    sb, _ = start_sandbox()
    home = temp_home()
    t = start_patina(sb, home, 160, 45)
    wait_screen(t, lambda s: settled(s) and "Owner" in line(s, 2), 30, "the list")
    # settle: every request answered, and no message waiting to expire
    drain(t, 1.0, 10)
    wait_screen(t, lambda s: not busy(s), 10, "nothing loading")

    phases = []
    threads, nbytes = watch(t, IDLE_S)
    phases.append(("settled", threads, nbytes))

    sb.configure(latency=30000)
    t.send("2")
    wait_screen(t, lambda s: busy(s) and "Companies" in line(s, 0), 10, "Companies loading")
    drain(t, 0.5, 2)
    if not busy(t.screen):
        raise RuntimeError("nothing is in flight any more")
    threads, nbytes = watch(t, BUSY_S)
    phases.append(("in flight", threads, nbytes))

    for key, title in (("3", "Leads"), ("4", "Opportunities"), ("5", "Projects")):
        t.send(key)
        wait_screen(t, lambda s, title=title: title in line(s, 0), 10, title)
    drain(t, 0.5, 2)
    m = re.search(r"(\d+) loading", line(t.screen, t.screen.lines - 1))
    queued = int(m.group(1)) if m else 0
    threads, nbytes = watch(t, BUSY_S)
    phases.append(("queued", threads, nbytes))
    sb.configure(latency=0)
    quit_patina(t)

    rows = []
    for phase, threads, nbytes in phases:
        for i, th in enumerate(threads):
            rows.append([phase, "%s (%s)" % (th["name"], "main" if th["tid"] == t.pid else
                                             "thread %d" % i),
                         th["ticks"], th["ms"], th["vol"], th["invol"],
                         nbytes if th["tid"] == t.pid else "-"])
    table(["state", "thread", "CPU ticks", "CPU ms", "wake-ups", "preempted", "bytes out"], rows,
          title="An idle patina (settled %g s, in flight and queued %g s each; wake-ups: "
                "voluntary context switches; preempted: involuntary)" % (IDLE_S, BUSY_S))
    print("\nqueued: the status line showed %d loading (max-parallel is 4)" % queued)

    for phase, threads, nbytes in phases:
        secs = IDLE_S if phase == "settled" else BUSY_S
        ticks = sum(th["ticks"] for th in threads)
        ms = sum(th["ms"] for th in threads)
        wakeups = sum(th["vol"] + th["invol"] for th in threads)
        # settled: nothing; otherwise the fetch thread's 1 s poll timeout
        limit = 2 if phase == "settled" else 2 + int(secs)
        figure(NAME, "%s: CPU ticks in %gs" % (phase, secs), ticks, "0", ticks == 0)
        figure(NAME, "%s: CPU ms in %gs" % (phase, secs), ms, "-", None)
        figure(NAME, "%s: context switches in %gs" % (phase, secs), wakeups, "<= %d" % limit,
               wakeups <= limit)
        figure(NAME, "%s: bytes written" % phase, nbytes, "0", nbytes == 0)


if __name__ == "__main__":
    main(NAME, run, 50)
