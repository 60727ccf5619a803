#!/usr/bin/env python3
"""soak.py - patina's one-shot commands, run again and again on a loaded
machine, until SOAK_SECONDS have passed.

    python3 tests/soak/soak.py            (what `make soak` runs)

Why: `patina find people an` once died with SIGSEGV on a loaded two-core
machine (1 run in about 120). A crash that rare is found by repetition
under timing noise, not by a test that runs each path once. Each round runs
find (TSV, JSON, pages in parallel, related names), show (warm and cold
cache), url and set --dry-run against the sandbox, with the sandbox's
latency, jitter and faults changing between rounds, and with a --wait so
short that the command stops the fetch thread while requests are in flight
and results are waiting.

Run it on a sanitizer build to make it worth its time: the default build of
`./autogen.sh --enable-sanitizers` (ASan and UBSan), or a separate build
with ThreadSanitizer (README: "Soak test").

A run fails when patina dies of a signal, prints a sanitizer report
(AddressSanitizer, LeakSanitizer, UBSan's "runtime error", ThreadSanitizer),
takes longer than its time limit, or exits with a status that the
sandbox's state of the moment does not explain. Prints the runs and
failures per command, and each sanitizer report once (by its first lines);
exits 1 on any failure, 0 otherwise.

Environment:
  PATINA         the binary (default: the build's src/patina)
  SOAK_SECONDS   how long to go on (default 600)
  SOAK_LOAD      busy loops started beside it, one per core by default
                 (os.cpu_count()); 0 for none. They are this script's
                 children, stopped when it ends, however it ends.
  SOAK_SEED      seed of the choices (default: the time); printed, so a
                 failing sequence can be run again
Core dumps are allowed (RLIMIT_CORE raised) for patina; where they go is
the system's core_pattern.
"""

import collections
import os
import random
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.environ.get("TOP_SRCDIR") or os.path.dirname(os.path.dirname(HERE))
os.environ.setdefault("TOP_SRCDIR", TOP)
os.environ.setdefault("PATINA", os.path.join(TOP, "src", "patina"))
os.environ.setdefault("SANDBOX", os.path.join(TOP, "tests", "sandbox", "copper_sandbox.py"))
sys.path.insert(0, os.path.join(TOP, "tests", "e2e"))
sys.path.insert(0, HERE)

import soaklib  # noqa: E402
from harness import PATINA, Sandbox, TempHome, patina_env  # noqa: E402

SECONDS = float(os.environ.get("SOAK_SECONDS") or "600")
LOAD = int(os.environ.get("SOAK_LOAD") or str(os.cpu_count() or 1))
SEED = int(os.environ.get("SOAK_SEED") or str(int(time.time())))
RUN_LIMIT = 90  # seconds one command may take (sanitizers and load are slow)

SANITIZER_MARKS = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
                   "WARNING: ThreadSanitizer", "ThreadSanitizer:", "AddressSanitizer:")

# The sandbox's states between rounds: (name, knobs, exit codes a command may have).
# Under faults a command may fail (4) or give up on the rate limit (5); under
# a tight --wait it stops incomplete (5); it must never crash.
PROFILES = [
    ("clean", dict(latency=0, jitter=0, error_rate=0, drop_rate=0, truncate_rate=0,
                   malformed_rate=0, rate_limit=0), None),
    ("jitter", dict(latency=2, jitter=40, error_rate=0, drop_rate=0, truncate_rate=0,
                    malformed_rate=0, rate_limit=0), None),
    ("faults", dict(latency=1, jitter=20, error_rate=0.15, drop_rate=0.05, truncate_rate=0.05,
                    malformed_rate=0.05, rate_limit=0), {0, 1, 4, 5}),
    ("rate-limited", dict(latency=0, jitter=10, error_rate=0, drop_rate=0, truncate_rate=0,
                          malformed_rate=0, rate_limit=25, rate_window=3), {0, 5}),
]


class Soak:
    def __init__(self):
        self.rng = random.Random(SEED)
        self.runs = collections.Counter()
        self.failed = collections.Counter()
        self.reports = {}  # first lines of a sanitizer report -> (command, whole report)
        self.failures = []
        self.busy = soaklib.BusyLoops(LOAD)
        self.has_wait = "--wait" in subprocess.run([PATINA, "find", "--help"], text=True,
                                                   capture_output=True).stdout

    # ---- one run -----------------------------------------------------------

    def run(self, label, args, env, allowed):
        self.runs[label] += 1
        start = time.monotonic()
        try:
            r = subprocess.run([PATINA, *args], env=env, capture_output=True, text=True,
                               errors="replace", timeout=RUN_LIMIT, stdin=subprocess.DEVNULL,
                               preexec_fn=soaklib.allow_core)
        except subprocess.TimeoutExpired:
            self.fail(label, args, "took more than %d s" % RUN_LIMIT, "")
            return None
        took = time.monotonic() - start
        report = sanitizer_report(r.stderr)
        if report:
            key = "\n".join(report.splitlines()[:3])
            self.reports.setdefault(key, (" ".join(args), report))
            self.fail(label, args, "sanitizer report (exit %d)" % r.returncode, report)
        elif r.returncode < 0:
            self.fail(label, args, "killed by signal %d (%s)" % (
                -r.returncode, signal.Signals(-r.returncode).name), r.stderr)
        elif r.returncode not in allowed:
            self.fail(label, args, "exit %d, expected %s (%.1f s)" % (
                r.returncode, sorted(allowed), took), r.stderr)
        return r

    def fail(self, label, args, why, stderr):
        self.failed[label] += 1
        self.failures.append((label, " ".join(args), why))
        print("FAIL %s: patina %s: %s" % (label, " ".join(args), why), flush=True)
        tail = stderr.strip().splitlines()[-25:]
        for line in tail:
            print("    " + line, flush=True)

    # ---- the rounds ----------------------------------------------------------

    def round(self, sb, warm, person, allowed):
        cold = TempHome()
        cold_home = cold.__enter__()
        try:
            envw = patina_env(sb, warm)
            envc = patina_env(sb, cold_home)
            ok = allowed or {0}
            found = (allowed or {0}) | {1}
            wait = "%.2f" % self.rng.choice([0.01, 0.05, 0.2, 0.5])
            commands = [
                ("find", ["find", "people", "an"], envw, found),
                ("find-json", ["find", "people", "an", "--format", "json"], envw, found),
                ("find-pages", ["find", "people", "--limit", "450", "--format", "ndjson"],
                 envw, found),
                ("find-names", ["find", "tasks", "--limit", "60"], envw, found),
                ("find-cold", ["find", "people", "an", "--limit", "40"], envc, found),
                ("show", ["show", "person", str(person)], envw, ok),
                ("show-cold", ["show", "person", str(person)], envc, ok),
                ("url", ["url", "person", str(person)], envw, ok),
                ("set-dry-run", ["set", "person", str(person), "title=Soak %d" %
                                 self.rng.randrange(1000), "--dry-run"], envw, ok),
                # stopped early: the fetcher is stopped with work in flight
                ("find-wait", ["find", "people", "an", "--limit", "450", "--wait", wait],
                 envc, found | {4, 5}),
                ("show-wait", ["show", "person", str(person), "--wait", wait], envc,
                 ok | {4, 5}),
            ]
            if not self.has_wait:  # an older build, for comparison
                commands = [c for c in commands if "--wait" not in c[1]]
            self.rng.shuffle(commands)
            for label, args, env, codes in commands:
                self.run(label, args, env, codes)
        finally:
            cold.__exit__(None, None, None)

    def main(self):
        print("soak: %s for %.0f s, %d busy loop(s), seed %d" % (PATINA, SECONDS, LOAD, SEED),
              flush=True)
        sb = Sandbox("--seed", "3")
        warm_dir = TempHome()
        warm = warm_dir.__enter__()
        try:
            people, _ = sb.api("POST", "/people/search", {"page_size": 1, "name": "an"})
            person = people[0]["id"]
            for args in (["find", "people", "an", "--limit", "1"], ["show", "person", str(person)],
                         ["find", "tasks", "--limit", "5"], ["url", "person", str(person)]):
                self.run("warm-up", args, patina_env(sb, warm), {0})
            self.busy.start()
            end = time.monotonic() + SECONDS
            rounds = 0
            while time.monotonic() < end:
                name, knobs, allowed = self.rng.choice(PROFILES)
                sb.configure(**knobs)
                self.round(sb, warm, person, allowed)
                rounds += 1
                if rounds % 10 == 0:
                    print("soak: %d rounds, %d runs, %d failures, %.0f s left" % (
                        rounds, sum(self.runs.values()), sum(self.failed.values()),
                        max(0, end - time.monotonic())), flush=True)
        finally:
            self.busy.stop()
            warm_dir.__exit__(None, None, None)
            sb.stop()
        return self.summary()

    def summary(self):
        print("\n%-12s %8s %8s" % ("command", "runs", "failures"))
        for label in sorted(self.runs):
            print("%-12s %8d %8d" % (label, self.runs[label], self.failed[label]))
        total, bad = sum(self.runs.values()), sum(self.failed.values())
        print("%-12s %8d %8d" % ("total", total, bad))
        for key, (cmd, report) in self.reports.items():
            print("\nsanitizer report (patina %s):\n%s" % (cmd, report))
        print("\nsoak: %d runs, %d failures, %d distinct sanitizer reports (seed %d)" % (
            total, bad, len(self.reports), SEED))
        return 1 if bad else 0


def sanitizer_report(stderr):
    lines = stderr.splitlines()
    for i, line in enumerate(lines):
        if any(m in line for m in SANITIZER_MARKS):
            return "\n".join(lines[max(0, i - 1):i + 60])
    return None


if __name__ == "__main__":
    if not os.access(PATINA, os.X_OK):
        sys.exit("soak: no patina at %s (build it first)" % PATINA)
    os.environ.setdefault("ASAN_OPTIONS", "detect_leaks=1:abort_on_error=0:halt_on_error=1")
    os.environ.setdefault("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")
    os.environ.setdefault("TSAN_OPTIONS", "halt_on_error=0:second_deadlock_stack=1")
    soaklib.stop_on_signals("soak")
    soak = Soak()
    try:
        status = soak.main()
    except SystemExit as e:
        soak.busy.stop()
        print(e, file=sys.stderr)
        soak.summary()
        status = 1
    sys.exit(status)
