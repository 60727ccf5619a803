#!/usr/bin/env python3
"""tui_soak.py - the full-screen application driven by random keys, typing,
resizes and a misbehaving server until SOAK_SECONDS have passed.

    /usr/bin/python3 tests/soak/tui_soak.py      (what `make soak` runs)

Why: the tests drive each path once, in the order a person would. Crashes
found by trying patina as a new user would (a board scrolled right and then
widened, a resize storm at a view's far end) came from orders nobody wrote a
test for. Here every key the default keymap binds is pressed in random
orders, in every view, with text typed into whatever prompt is open, the
terminal resized now and then, and the sandbox switching between clean,
slow, faulty (5xx, dropped, cut and malformed answers), rate-limited and
hostile (control characters, escape sequences, huge strings) between
sessions.

Run it on a sanitizer build: `./autogen.sh --enable-sanitizers` (ASan and
UBSan). Sanitizer reports go to files (log_path), not to the screen.

A session fails when patina dies of a signal, writes a sanitizer report,
exits with a status other than 0 after being asked to quit, exits on its
own, or stops drawing: after each burst of keys, C-l (redraw) must bring
output within STALL_LIMIT seconds. Each failure prints the seed, the
session's number and the last keys sent, so it can be replayed.

Environment:
  PATINA        the binary (default: the build's src/patina)
  SOAK_SECONDS  how long to go on (default 600)
  SOAK_SEED     seed of the choices (default: the time); printed
  SOAK_LOAD     busy loops beside it (default: none; the TUI is the
                timing-sensitive half, so load is opt-in here)
  SOAK_LOG_DIR  where a failed session's every key is saved (default: the
                temporary directory), as patina-tui-soak-SEED-N.json
  SOAK_REPLAY   such a file: runs that one session again, keys at their
                times, and prints how it ended and the screen
"""

import collections
import glob
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import termios
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.environ.get("TOP_SRCDIR") or os.path.dirname(os.path.dirname(HERE))
os.environ.setdefault("TOP_SRCDIR", TOP)
os.environ.setdefault("PATINA", os.path.join(TOP, "src", "patina"))
os.environ.setdefault("SANDBOX", os.path.join(TOP, "tests", "sandbox", "copper_sandbox.py"))
sys.path.insert(0, os.path.join(TOP, "tests", "e2e"))
sys.path.insert(0, HERE)

import harness  # noqa: E402
import soaklib  # noqa: E402
from harness import PATINA, Sandbox, TempHome, Terminal, patina_env  # noqa: E402

SECONDS = float(os.environ.get("SOAK_SECONDS") or "600")
SEED = int(os.environ.get("SOAK_SEED") or str(int(time.time())))
LOAD = int(os.environ.get("SOAK_LOAD") or "0")
SESSION_KEYS = (150, 600)   # keys per session, at random between
STALL_LIMIT = 20.0          # seconds a redraw may take (sanitizers, load)
KEYMAP = os.path.join(TOP, "keymaps", "default.keys")
LOG_DIR = os.environ.get("SOAK_LOG_DIR") or tempfile.gettempdir()
REPLAY = os.environ.get("SOAK_REPLAY")

SPECIAL = {
    "Up": "\x1b[A", "Down": "\x1b[B", "Right": "\x1b[C", "Left": "\x1b[D",
    "PageUp": "\x1b[5~", "PageDown": "\x1b[6~", "Home": "\x1b[H", "End": "\x1b[F",
    "Enter": "\r", "Esc": "\x1b", "Tab": "\t", "BackTab": "\x1b[Z", "Space": " ",
    "Backspace": "\x7f", "Delete": "\x1b[3~", "Insert": "\x1b[2~", "Hash": "#",
    "F1": "\x1bOP", "F2": "\x1bOQ", "F3": "\x1bOR", "F4": "\x1bOS",
}

# What a hurried person types into a prompt: filters with operators, names,
# dates, list verbs, numbers with suffixes, and junk.
TYPED = [
    "an", "owner:me", "value>10k", "value<=12000", "stage:Qual", "status:open", "tag:vip",
    "close<eom", "+= soak@example.com", "-= nobody@example.com", "today", "+2w",
    "12,500", "10k", "x" * 300, "\u00e9\u00e8\u4e2d\u6587 \U0001f600", "#1", "12/31/2026",
    "a; b; c", "", " ", "\x1b[31m", "name:\"Jon", "((", "-", "yes", "Sales",
]

# (name, knobs, extra sandbox arguments)
PROFILES = [
    ("clean", dict(latency=0, jitter=0, error_rate=0, drop_rate=0, truncate_rate=0,
                   malformed_rate=0, rate_limit=0), ()),
    ("slow", dict(latency=30, jitter=300, error_rate=0, drop_rate=0, truncate_rate=0,
                  malformed_rate=0, rate_limit=0), ()),
    ("faults", dict(latency=2, jitter=40, error_rate=0.1, drop_rate=0.04, truncate_rate=0.04,
                    malformed_rate=0.04, rate_limit=0), ()),
    ("rate-limited", dict(latency=0, jitter=10, error_rate=0, drop_rate=0, truncate_rate=0,
                          malformed_rate=0, rate_limit=30, rate_window=5), ()),
    ("hostile", dict(latency=0, jitter=0, error_rate=0, drop_rate=0, truncate_rate=0,
                     malformed_rate=0, rate_limit=0), ("--hostile",)),
]

SIZES = [(80, 24), (100, 30), (160, 45), (40, 12), (20, 6), (220, 60), (60, 40)]


def default_keys():
    """Every key the default keymap binds, as bytes to send."""
    keys = set()
    with open(KEYMAP, encoding="utf-8") as f:
        for line in f:
            words = line.split()
            if len(words) >= 4 and words[0] == "bind":
                keys.add(words[2])
    out = []
    for k in sorted(keys):
        if k in SPECIAL:
            out.append(SPECIAL[k])
        elif re.fullmatch(r"C-[a-z]", k):
            out.append(chr(ord(k[2]) - 96))
        elif len(k) == 1:
            out.append(k)
    return out


class Session:
    """One run of patina from start to quit."""

    def __init__(self, soak, number, sb, profile, home, asan_dir):
        self.soak, self.number, self.sb, self.profile = soak, number, sb, profile
        self.rng = soak.rng
        self.sent = collections.deque(maxlen=40)
        self.log = []  # every key and resize, with its time, for a replay
        self.started = time.monotonic()
        # a q or C-c sent since patina last caught up with the keys (an
        # exit then was asked for: patina may read keys a burst late)
        self.asked_to_quit = False
        cols, rows = self.rng.choice(SIZES[:4])
        editor = os.path.join(home, "editor.sh")
        with open(editor, "w") as f:
            f.write("#!/bin/sh\nprintf 'soak edit\\n' >> \"$1\"\n")
        os.chmod(editor, 0o755)
        env = patina_env(sb, home, TZ="UTC", EDITOR=editor, VISUAL=editor, BROWSER="true",
                         ASAN_OPTIONS="log_path=%s/asan:detect_leaks=1:halt_on_error=1" % asan_dir,
                         UBSAN_OPTIONS="log_path=%s/ubsan:print_stacktrace=1:halt_on_error=1" % asan_dir)
        if self.rng.random() < 0.3:
            env["NO_COLOR"] = "1"
        self.t = Terminal([PATINA], env, cols, rows)

    def send(self, keys, what=None):
        self.sent.append(what or keys)
        self.log.append((round(time.monotonic() - self.started, 3), keys))
        if "q" in keys or "\x03" in keys:
            self.asked_to_quit = True
        self.t.send(keys)

    def burst(self, n):
        keys = self.soak.keys
        for _ in range(n):
            r = self.rng.random()
            if r < 0.08:
                self.send(self.rng.choice(TYPED) + self.rng.choice(["\r", "\t", "\x1b", ""]))
            elif r < 0.1:
                cols, rows = self.rng.choice(SIZES)
                self.sent.append("<resize %dx%d>" % (cols, rows))
                self.log.append((round(time.monotonic() - self.started, 3), [cols, rows]))
                self.t.resize(cols, rows)
            elif r < 0.11:
                self.send("\x03\x03" if self.rng.random() < 0.5 else "\x1b" * 3)
            else:
                k = self.rng.choice(keys)
                if k == "q" and self.rng.random() < 0.9:
                    k = "\x1b"  # quit only now and then: sessions should last
                self.send(k)
            if self.asked_to_quit:
                # let patina take it (or not: q leaves a modal view) before
                # more keys, so an exit later is not put down to it. Once
                # it has left curses (the tty is canonical again) it is on
                # its way out: stopping the fetch thread and the writer may
                # take a while on a slow link.
                self.responsive(quiet=1.0)
                if not self.t.exited() and self.canonical():
                    left = time.monotonic()
                    try:
                        self.t.wait_exit(30)
                        self.soak.exit_times.append(time.monotonic() - left)
                    except AssertionError:
                        pass
                if self.t.exited():
                    return
                self.asked_to_quit = False
            self.t.pump(self.rng.choice([0, 0, 0.005, 0.02, 0.1]))
            if self.t.exited():
                return

    def save_log(self, seed, profile, knobs, args):
        path = os.path.join(LOG_DIR, "patina-tui-soak-%d-%d.json" % (seed, self.number))
        with open(path, "w") as f:
            json.dump({"profile": profile, "knobs": knobs, "sandbox_args": list(args),
                       "size": [self.t.cols, self.t.rows], "keys": self.log}, f)
        return path

    def replay(self, keys):
        """Sends a saved session's keys and resizes at their times."""
        for at, k in keys:
            while time.monotonic() - self.started < at:
                self.t.pump(0.005)
            if isinstance(k, list):
                self.t.resize(*k)
            else:
                self.send(k)
            if self.t.exited():
                return

    def canonical(self):
        try:
            return bool(termios.tcgetattr(self.t.fd)[3] & termios.ICANON)
        except termios.error:
            return False

    def responsive(self, quiet=0.3):
        """C-l redraws the whole screen: some output must come, and then
        stop once patina has caught up with the keys sent (so an exit after
        this is not one asked for before it)."""
        self.t.pump(0.05)
        self.t.send("\x0c")
        end = time.monotonic() + STALL_LIMIT
        answered = False
        while time.monotonic() < end and not self.t.exited():
            got = self.t.pump(quiet)
            if answered and not got:
                return True
            answered |= got > 0
        return answered or self.t.exited()

    def quit(self):
        """Esc out of whatever is open (a prompt, a form: discarding its
        changes, a modal view), then q."""
        for _ in range(12):
            if self.t.exited():
                break
            text = self.t.text()
            if "Discard your changes?" in text:
                self.send("\r")
            elif "? [" in text.splitlines()[-1] or "(y/n" in text:
                self.send("n")  # a question: the cautious answer
            else:
                self.send("\x1b")
                self.t.pump(0.3)
                self.send("q")
            self.responsive()
        try:
            return self.t.wait_exit(20)
        except AssertionError:
            return None

    def run(self, n):
        why = None
        done = 0
        try:
            while done < n and not why:
                step = min(n - done, self.rng.randint(10, 60))
                self.burst(step)
                done += step
                if self.t.exited():
                    st = self.t.exit_status
                    # C-c before the handler is in place (at start) is the default: death
                    asked_ok = os.WIFEXITED(st) and os.WEXITSTATUS(st) == 0 or \
                        os.WIFSIGNALED(st) and os.WTERMSIG(st) == signal.SIGINT
                    if not self.asked_to_quit or not asked_ok:
                        why = "exited on its own (%s)" % describe(st)
                    break
                if not self.responsive():
                    why = "no redraw within %.0f s of C-l%s" % (STALL_LIMIT, stacks(self.t.pid))
                elif not self.t.exited():
                    self.asked_to_quit = False
            if not why and not self.t.exited():
                code = self.quit()
                if code is None:
                    why = "did not quit"
            if not why and self.t.exit_status is not None:
                st = self.t.exit_status
                if os.WIFSIGNALED(st) and not (self.asked_to_quit and os.WTERMSIG(st) == signal.SIGINT):
                    why = "killed by signal %s" % describe(st)
                elif os.waitstatus_to_exitcode(st) != 0:
                    why = "exit %d" % os.waitstatus_to_exitcode(st)
        finally:
            screen = self.t.text()
            self.t.close()
        return why, done, screen


def replay(path):
    """Runs one saved session again (SOAK_REPLAY) and says how it ended."""
    with open(path) as f:
        saved = json.load(f)
    sb = Sandbox("--seed", "3", *saved["sandbox_args"])
    asan_dir = tempfile.mkdtemp(prefix="patina-tui-replay-")
    try:
        sb.configure(**saved["knobs"])
        with TempHome() as home:
            s = Session(Soak(), 0, sb, saved["profile"], home, asan_dir)
            s.t.resize(*saved["size"])
            s.replay(saved["keys"])
            alive = s.responsive()
            st = s.t.exit_status
            print("replayed %d keys: %s" % (len(saved["keys"]), "still running" if not s.t.exited() else
                                            "ended (%s)" % describe(st)))
            print("responsive: %s" % alive)
            print(s.t.text())
            s.t.close()
        for r in Soak().reports(asan_dir):
            print(r)
    finally:
        sb.stop()
        shutil.rmtree(asan_dir, ignore_errors=True)
    return 0


def stacks(pid):
    """Where a stalled patina's threads are, when gdb is at hand."""
    gdb = shutil.which("gdb")
    if not gdb:
        return ""
    r = subprocess.run([gdb, "-p", str(pid), "-batch", "-ex", "thread apply all bt 25"],
                       capture_output=True, text=True, errors="replace", timeout=120)
    keep = [ln for ln in r.stdout.splitlines() if ln.startswith(("#", "Thread"))]
    return "; threads:\n" + "\n".join("      " + ln for ln in keep)


def describe(status):
    if os.WIFSIGNALED(status):
        return signal.Signals(os.WTERMSIG(status)).name
    return "exit %d" % os.waitstatus_to_exitcode(status)


class Soak:
    def __init__(self):
        self.rng = random.Random(SEED)
        self.keys = default_keys()
        self.sessions = collections.Counter()
        self.keys_sent = 0
        self.exit_times = []  # seconds from leaving the screen to the exit
        self.failures = []
        self.busy = soaklib.BusyLoops(LOAD)

    def reports(self, asan_dir):
        out = []
        for path in sorted(glob.glob(os.path.join(asan_dir, "*"))):
            with open(path, errors="replace") as f:
                out.append("%s:\n%s" % (os.path.basename(path), f.read()[:6000]))
            os.unlink(path)
        return out

    def main(self):
        print("tui soak: %s for %.0f s, %d keys bound, %d busy loop(s), seed %d" % (
            PATINA, SECONDS, len(self.keys), LOAD, SEED), flush=True)
        asan_dir = tempfile.mkdtemp(prefix="patina-tui-soak-")
        sandboxes = {}
        self.busy.start()
        end = time.monotonic() + SECONDS
        number = 0
        try:
            while time.monotonic() < end:
                name, knobs, args = self.rng.choice(PROFILES)
                if args not in sandboxes:
                    sandboxes[args] = Sandbox("--seed", "3", *args)
                sb = sandboxes[args]
                sb.configure(**knobs)
                number += 1
                with TempHome() as home:
                    s = Session(self, number, sb, name, home, asan_dir)
                    n = self.rng.randint(*SESSION_KEYS)
                    why, done, screen = s.run(n)
                    sb.configure(error_rate=0, drop_rate=0, truncate_rate=0, malformed_rate=0,
                                 rate_limit=0)
                self.sessions[name] += 1
                self.keys_sent += done
                reports = self.reports(asan_dir)
                if reports and not why:
                    why = "sanitizer report"
                if why:
                    self.failures.append((number, name, why))
                    print("FAIL session %d (%s, seed %d): %s" % (number, name, SEED, why), flush=True)
                    print("    last keys: %r" % list(s.sent), flush=True)
                    print("    every key: %s (SOAK_REPLAY=that file replays the session)" %
                          s.save_log(SEED, name, knobs, args), flush=True)
                    for line in screen.splitlines():
                        print("    | " + line, flush=True)
                    for r in reports:
                        print(r, flush=True)
                if number % 10 == 0:
                    print("tui soak: %d sessions, %d keys, %d failures, %.0f s left" % (
                        number, self.keys_sent, len(self.failures), max(0, end - time.monotonic())),
                        flush=True)
        finally:
            self.busy.stop()
            for sb in sandboxes.values():
                sb.stop()
            shutil.rmtree(asan_dir, ignore_errors=True)
        return self.summary()

    def summary(self):
        print("\n%-14s %8s" % ("sandbox", "sessions"))
        for name in sorted(self.sessions):
            print("%-14s %8d" % (name, self.sessions[name]))
        if self.exit_times:
            print("\nquits: %d; from leaving the screen to the exit: median %.2f s, max %.2f s" % (
                len(self.exit_times), sorted(self.exit_times)[len(self.exit_times) // 2],
                max(self.exit_times)))
        print("\ntui soak: %d sessions, %d keys, %d failures (seed %d)" % (
            sum(self.sessions.values()), self.keys_sent, len(self.failures), SEED))
        return 1 if self.failures else 0


if __name__ == "__main__":
    if harness.pyte is None:
        sys.exit("tui soak: python3-pyte is missing for %s: apt-get install python3-pyte, and run "
                 "this with /usr/bin/python3" % sys.executable)
    if not os.access(PATINA, os.X_OK):
        sys.exit("tui soak: no patina at %s (build it first)" % PATINA)
    soaklib.stop_on_signals("tui soak")
    soaklib.allow_core()
    if REPLAY:
        sys.exit(replay(REPLAY))
    soak = Soak()
    try:
        status = soak.main()
    except SystemExit as e:
        print(e, file=sys.stderr)
        soak.summary()
        status = 1
    sys.exit(status)
