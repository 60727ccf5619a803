"""soaklib.py - what the two soaks share: a loaded machine, core dumps
allowed, and a clean stop on SIGTERM or SIGHUP."""

import resource
import signal
import subprocess


class BusyLoops:
    """n shell busy loops, this process's children, stopped however it ends."""

    def __init__(self, n):
        self.n = n
        self.procs = []

    def start(self):
        for _ in range(self.n):
            self.procs.append(subprocess.Popen(["sh", "-c", "while :; do :; done"],
                                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                               stderr=subprocess.DEVNULL))

    def stop(self):
        for p in self.procs:
            if p.poll() is None:
                p.kill()
            p.wait()
        self.procs = []


def allow_core():
    """Core dumps on (as preexec_fn, or for this process and its children)."""
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
    except (ValueError, OSError):
        pass


def stop_on_signals(name):
    """SIGTERM and SIGHUP end the soak through SystemExit, so it tidies up
    (busy loops, sandboxes) and prints what it has."""
    def on_signal(signum, frame):
        raise SystemExit("%s: stopped by signal %d" % (name, signum))
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
