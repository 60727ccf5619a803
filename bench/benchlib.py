"""Shared helpers for patina's benchmarks (bench/bench_*.py).

The benchmarks drive the real patina in a pseudo-terminal against the Copper
API sandbox through the end-to-end tests' harness (tests/e2e/harness.py),
which is imported, not copied. This module adds what a benchmark needs on
top: locating the source and build trees, a hard deadline with clean-up,
timestamped raw reads of the terminal (so that parsing the screen with pyte
is never on the timed path), /proc readings, tables and the summary lines
that bench/run.sh gathers.

Run as a script, it prints run.sh's summary table:
    python3 bench/benchlib.py summary FILE
"""

import os
import re
import select
import signal
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SRCDIR = os.environ.get("BENCH_SRCDIR") or os.path.dirname(HERE)
BUILDDIR = os.environ.get("BENCH_BUILDDIR") or SRCDIR

# The harness reads these when imported.
os.environ.setdefault("TOP_SRCDIR", SRCDIR)
os.environ.setdefault("PATINA", os.path.join(BUILDDIR, "src", "patina"))
os.environ.setdefault("SANDBOX", os.path.join(SRCDIR, "tests", "sandbox", "copper_sandbox.py"))
os.environ.setdefault("PYTHON3", sys.executable)
sys.path.insert(0, os.path.join(SRCDIR, "tests", "e2e"))

import harness  # noqa: E402
from harness import PATINA, Sandbox, TempHome, Terminal, patina_env  # noqa: E402,F401

SUMMARY = os.environ.get("BENCH_SUMMARY")  # run.sh's file of figures


class Broken(Exception):
    """Something broke: the benchmark cannot produce its figures."""


class Deadline(Exception):
    pass


# ---- life cycle -------------------------------------------------------------

_cleanups = []


def on_cleanup(fn, *args):
    """Registers fn(*args) to run when the benchmark ends, however it ends
    (last registered, first run)."""
    _cleanups.append((fn, args))


def _run_cleanups():
    while _cleanups:
        fn, args = _cleanups.pop()
        try:
            fn(*args)
        except Exception as e:  # clean-up must go on
            print("clean-up: %s: %s" % (getattr(fn, "__name__", fn), e), file=sys.stderr)


def _on_alarm(signum, frame):
    raise Deadline("the benchmark ran past its time limit")


def _on_term(signum, frame):
    raise SystemExit("stopped by signal %d" % signum)


def main(name, fn, limit_s):
    """Runs fn() under a deadline of limit_s seconds; always cleans up.
    Exit status: 0 when figures were produced (targets met or not),
    1 when something broke."""
    signal.signal(signal.SIGALRM, _on_alarm)
    signal.signal(signal.SIGTERM, _on_term)
    signal.signal(signal.SIGHUP, _on_term)
    signal.alarm(int(limit_s))
    harness.require_pyte = _require_pyte
    status = 0
    try:
        _require_pyte()
        print("== %s ==" % name)
        fn()
    except Exception as e:  # noqa: BLE001 - reported, with where it broke
        if not isinstance(e, (Broken, Deadline)):
            import traceback
            traceback.print_exc()
        print("%s: BROKEN: %s" % (name, e), file=sys.stderr)
        _sandbox_post_mortem()
        figure(name, "run", "broken", "completes", False)
        status = 1
    except SystemExit as e:
        print("%s: BROKEN: %s" % (name, e), file=sys.stderr)
        figure(name, "run", "stopped", "completes", False)
        status = 1
    finally:
        signal.alarm(0)
        # a second signal must not cut the clean-up short
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
        _run_cleanups()
    sys.exit(status)


def _require_pyte():
    if harness.pyte is None:
        raise Broken("python3-pyte is missing for %s (apt-get install python3-pyte)"
                     % sys.executable)


_sandboxes = []


def start_sandbox(*args):
    """Starts the sandbox (stopped at the end, even if its start is cut
    short by the deadline); returns it and how long it took to start."""
    t = time.monotonic()
    sb = Sandbox.__new__(Sandbox)
    on_cleanup(_stop_sandbox, sb)
    sb.__init__(*args)
    _sandboxes.append(sb)
    return sb, time.monotonic() - t


def _stop_sandbox(sb):
    if hasattr(sb, "port"):
        sb.stop()
    elif hasattr(sb, "proc") and sb.proc.poll() is None:
        sb.proc.kill()
        sb.proc.wait()


def _sandbox_post_mortem():
    for sb in _sandboxes:
        code = sb.proc.poll()
        if code is not None:
            err = b""
            try:
                err = sb.proc.stderr.read()
            except (OSError, ValueError):
                pass
            print("the sandbox had exited (status %s): %s"
                  % (code, err.decode(errors="replace")[-2000:]), file=sys.stderr)


def temp_home():
    th = TempHome()
    home = th.__enter__()
    on_cleanup(th.__exit__, None, None, None)
    return home


def start_patina(sb, home, cols, rows, **env):
    t = Terminal([PATINA], patina_env(sb, home, **env), cols, rows)
    on_cleanup(t.close)
    return t


def write_config(home, text):
    d = os.path.join(home, "config", "patina")
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, "config")
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, 0o600)


def quit_patina(term):
    term.send("q")
    try:
        return term.wait_exit(10)
    except AssertionError:
        return None


# ---- reading the terminal ---------------------------------------------------

def read_burst(term, first_timeout, quiet, cap):
    """Reads what patina writes, with the arrival time of each chunk and no
    parsing: waits up to first_timeout s for the first bytes, then reads
    until the terminal has been quiet for quiet s (or cap s in all).
    Returns [(monotonic time, bytes)]. The caller feeds pyte afterwards."""
    fd = term.fd
    chunks = []
    start = time.monotonic()
    while True:
        now = time.monotonic()
        if chunks:
            wait = quiet
            if now - start > cap:
                break
        else:
            wait = first_timeout - (now - start)
            if wait <= 0:
                break
        r, _, _ = select.select([fd], [], [], wait)
        if not r:
            break
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append((time.monotonic(), data))
    return chunks


def feed_until(term, chunks, predicate):
    """Feeds chunks to the screen one by one; returns (index of the chunk
    after which predicate(screen) first held or None, seconds spent in
    pyte). Feeds every chunk either way."""
    hit = None
    parse = 0.0
    for i, (_, data) in enumerate(chunks):
        t = time.perf_counter()
        term.raw.extend(data)
        term.stream.feed(data)
        parse += time.perf_counter() - t
        if hit is None and predicate(term.screen):
            hit = i
    return hit, parse


def drain(term, quiet=0.05, cap=5.0):
    """Reads and parses until quiet; returns bytes read."""
    chunks = read_burst(term, quiet, quiet, cap)
    feed_until(term, chunks, lambda s: False)
    return sum(len(d) for _, d in chunks)


def wait_screen(term, predicate, timeout, what):
    """Waits (parsing as it reads) until predicate(screen) holds."""
    end = time.monotonic() + timeout
    while True:
        if predicate(term.screen):
            return
        left = end - time.monotonic()
        if left <= 0 or term.exited():
            raise Broken("timed out waiting for %s; screen:\n%s" % (what, term.text()))
        term.pump(min(0.05, left))


def line(screen, y):
    """One line of the screen as text, as pyte's screen.display renders it
    (which renders every line, each time it is read: too slow to call per
    chunk of output)."""
    row = screen.buffer[y]
    out = []
    wide = False
    for x in range(screen.columns):
        if wide:
            wide = False
            continue
        ch = row[x].data
        out.append(ch)
        wide = bool(ch) and _wcwidth(ch[0]) == 2
    return "".join(out)


def _wcwidth(c):
    return harness.pyte.screens.wcwidth(c) if harness.pyte else 1


def status_line(screen):
    return line(screen, screen.lines - 1)


def busy(screen):
    s = status_line(screen)
    return "loading" in s or "rate limit" in s


TITLE_RANGE = re.compile(r"(\d[\d,]*)\u2013(\d[\d,]*) of (\d[\d,]*)")


def title_range(screen):
    """(first, last, total) from the title bar's "1–46 of 1,513", or None."""
    m = TITLE_RANGE.search(line(screen, 0))
    if not m:
        return None
    return tuple(int(g.replace(",", "")) for g in m.groups())


def settled(screen):
    return (not busy(screen)) and title_range(screen) is not None


def commas(n):
    return "{:,}".format(n)


# ---- /proc ------------------------------------------------------------------

CLK_TCK = os.sysconf("SC_CLK_TCK")


def vm_status(pid):
    out = {}
    with open("/proc/%d/status" % pid) as f:
        for ln in f:
            k, _, v = ln.partition(":")
            out[k] = v.strip()
    return out


def write_calls(pid):
    """write(2)-family calls the process made so far (all threads;
    /proc/PID/io syscw)."""
    with open("/proc/%d/io" % pid) as f:
        for ln in f:
            if ln.startswith("syscw:"):
                return int(ln.split()[1])
    return 0


def rss_bytes(pid):
    return int(vm_status(pid)["VmRSS"].split()[0]) * 1024


def cpu_sample(pid):
    """Per thread: (name, utime+stime ticks, on-CPU ns from schedstat,
    voluntary and involuntary context switches). Threads are keyed by tid."""
    out = {}
    for tid in os.listdir("/proc/%d/task" % pid):
        base = "/proc/%d/task/%s" % (pid, tid)
        try:
            with open(base + "/stat") as f:
                stat = f.read()
            fields = stat[stat.rindex(")") + 2:].split()
            ticks = int(fields[11]) + int(fields[12])
            st = {}
            with open(base + "/status") as f:
                for ln in f:
                    k, _, v = ln.partition(":")
                    st[k] = v.strip()
            try:
                with open(base + "/schedstat") as f:
                    ns = int(f.read().split()[0])
            except OSError:
                ns = None
            out[int(tid)] = {"name": st.get("Name", "?"), "ticks": ticks, "ns": ns,
                             "vol": int(st.get("voluntary_ctxt_switches", 0)),
                             "invol": int(st.get("nonvoluntary_ctxt_switches", 0))}
        except (OSError, ValueError, IndexError):
            continue  # a thread that just ended
    return out


# ---- statistics and output --------------------------------------------------

def percentile(values, p):
    """Nearest-rank percentile of a non-empty list."""
    v = sorted(values)
    if not v:
        return float("nan")
    k = max(0, min(len(v) - 1, int(-(-p * len(v) // 100)) - 1))
    return v[k]


def median(values):
    v = sorted(values)
    if not v:
        return float("nan")
    n = len(v)
    return v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2


def mean(values):
    return sum(values) / len(values) if values else float("nan")


def table(headers, rows, title=None):
    """Prints rows (lists of cells) under headers; numbers right-aligned."""
    cells = [[str(c) for c in headers]] + [[fmt(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    right = [all(_numeric(r[i]) for r in cells[1:]) and len(cells) > 1 for i in range(len(headers))]
    if title:
        print()
        print(title)
    for n, r in enumerate(cells):
        print("  " + "  ".join(c.rjust(w) if right[i] else c.ljust(w)
                               for i, (c, w) in enumerate(zip(r, widths))).rstrip())
        if n == 0:
            print("  " + "  ".join("-" * w for w in widths))


def _numeric(s):
    return bool(re.fullmatch(r"[-+]?[\d,]*\.?\d+( ?[a-zA-Z%/]+)?|[-+]?[\d.]+x|n/a|-", s))


def fmt(c):
    if isinstance(c, float):
        if c != c:
            return "n/a"
        if abs(c) >= 100:
            return "%.0f" % c
        if abs(c) >= 10:
            return "%.1f" % c
        return "%.2f" % c
    return str(c)


def figure(bench, name, value, target, ok):
    """Records one figure for run.sh's summary. ok: True (target met),
    False (missed), None (no target: information)."""
    status = "info" if ok is None else ("ok" if ok else "MISSED")
    if SUMMARY:
        with open(SUMMARY, "a") as f:
            f.write("\t".join(s.replace("\t", " ").replace("\n", " ") for s in
                              (bench, name, fmt(value), str(target), status)) + "\n")


def summary(path):
    rows = []
    try:
        with open(path) as f:
            for ln in f:
                parts = ln.rstrip("\n").split("\t")
                if len(parts) == 5:
                    rows.append(parts)
    except OSError:
        pass
    if not rows:
        print("(no figures)")
        return
    table(["benchmark", "figure", "measured", "target", "status"], rows,
          title="Summary: every figure against its target")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "summary":
        summary(sys.argv[2])
    else:
        print("usage: benchlib.py summary FILE", file=sys.stderr)
        sys.exit(2)
