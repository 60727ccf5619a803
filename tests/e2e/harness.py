"""Shared helpers for patina's end-to-end tests.

Runs the real patina binary in a pseudo-terminal against the Copper API
sandbox and reads the screen through pyte (Debian's python3-pyte, which
belongs to /usr/bin/python3). Waits are on screen content, never sleeps of
a fixed length, so the tests are quick and not flaky.

Environment (set by `make check`): PATINA, SANDBOX, PYTHON3, TOP_SRCDIR.
"""

import atexit
import fcntl
import json
import os
import pty
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time
import unittest
import urllib.request

try:
    import pyte
except ImportError:  # pragma: no cover - reported, not hidden
    pyte = None

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.environ.get("TOP_SRCDIR", os.path.dirname(os.path.dirname(HERE)))
PATINA = os.environ.get("PATINA", os.path.join(TOP, "src", "patina"))
SANDBOX = os.environ.get("SANDBOX", os.path.join(TOP, "tests", "sandbox", "copper_sandbox.py"))
PYTHON = os.environ.get("PYTHON3", sys.executable)
TOKEN = "sandbox-token"
EMAIL = "demo@patina.example"


def require_pyte():
    if pyte is None:
        raise unittest.SkipTest(
            "python3-pyte is missing for %s: apt-get install python3-pyte "
            "(./autogen.sh installs it)" % sys.executable)


_LOG_NAMES = {}


def _log_name():
    """test_module.Class[.test_method].N.jsonl for the sandbox being started."""
    import inspect
    where = os.path.splitext(os.path.basename(sys.argv[0]))[0]
    for frame in inspect.stack()[2:]:
        owner = frame.frame.f_locals.get("self") or frame.frame.f_locals.get("cls")
        if owner is not None and frame.function not in ("__init__",):
            cls = owner if isinstance(owner, type) else type(owner)
            where += "." + cls.__name__
            if frame.function.startswith("test"):
                where += "." + frame.function
            break
    n = _LOG_NAMES[where] = _LOG_NAMES.get(where, 0) + 1
    return "%s.%d.jsonl" % (where, n)


class Sandbox:
    """The Copper API sandbox in a child process, on a free port."""

    def __init__(self, *args):
        # PATINA_REQUEST_LOG_DIR: keep every sandbox's request log (JSON
        # lines), named after the test that started it, so two builds can
        # be compared request by request (tools/compare_request_logs.py).
        log_dir = os.environ.get("PATINA_REQUEST_LOG_DIR")
        if log_dir:
            os.makedirs(log_dir, exist_ok=True)
            args = (*args, "--log", os.path.join(log_dir, _log_name()))
        self.proc = subprocess.Popen(
            [PYTHON, SANDBOX, "--port", "0", *args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        line = self.proc.stdout.readline().decode().strip()
        if not line.isdigit():
            err = self.proc.stderr.read().decode(errors="replace")
            self.proc.kill()
            raise RuntimeError("sandbox did not start: %r %s" % (line, err))
        self.port = int(line)
        self.root = "http://127.0.0.1:%d" % self.port
        self.base_url = self.root + "/developer_api/v1"

    def control(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.root + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=30) as resp:
            text = resp.read().decode()
            return json.loads(text) if text else None

    def api(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(
            self.base_url + path, data=data, method=method,
            headers={"Content-Type": "application/json", "X-PW-AccessToken": TOKEN,
                     "X-PW-UserEmail": EMAIL, "X-PW-Application": "developer_api"})
        with urllib.request.urlopen(req, timeout=30) as resp:
            return json.loads(resp.read().decode()), resp.headers

    def log(self):
        return self.control("GET", "/_sandbox/log")

    def clear_log(self):
        self.control("POST", "/_sandbox/log/clear", {})

    def configure(self, **knobs):
        return self.control("POST", "/_sandbox/config", knobs)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stdout.close()
        self.proc.stderr.close()


_TERMINFO = None


def pyte_terminfo():
    """A terminfo entry for what pyte emulates: xterm-256color without the
    capabilities pyte lacks (REP, and scrolling by SU/SD), compiled once into
    a private directory. With the stock entry ncurses uses them and pyte's
    screen would show stale text that a real terminal would not."""
    global _TERMINFO
    if _TERMINFO is None:
        d = tempfile.mkdtemp(prefix="patina-terminfo-")
        atexit.register(shutil.rmtree, d, True)
        # pyte-8color: the same terminal limited to the eight basic colours
        for name, base in (("pyte-256color", "xterm-256color"), ("pyte-8color", "xterm")):
            src = subprocess.run(["infocmp", "-1", base], capture_output=True,
                                 text=True, check=True).stdout
            lines = [ln for ln in src.splitlines()
                     if not ln.strip().startswith(("rep=", "indn=", "rin="))]
            lines[[i for i, ln in enumerate(lines) if not ln.startswith("#")][0]] = \
                "%s|%s as pyte emulates it," % (name, base)
            if name == "pyte-256color":
                _direct(d, lines)
            path = os.path.join(d, name + ".src")
            with open(path, "w") as f:
                f.write("\n".join(lines) + "\n")
            subprocess.run(["tic", "-x", "-o", d, path], check=True, capture_output=True)
        _TERMINFO = d
    return _TERMINFO


def _direct(d, lines):
    """pyte-direct: pyte-256color with 24-bit colour (ncurses' direct
    colour: RGB, 2^24 colours, SGR 38;2;r;g;b), the -direct sibling that
    COLORTERM=truecolor makes patina look for."""
    out = []
    for ln in lines:
        key = ln.strip().split("=")[0].split("#")[0].rstrip(",")
        if key in ("colors", "pairs", "setaf", "setab", "initc", "ccc", "oc"):
            continue
        out.append(ln)
    out[[i for i, ln in enumerate(out) if not ln.startswith("#")][0]] = \
        "pyte-direct|pyte with 24-bit colour,"
    out += ["\tRGB,", "\tcolors#0x1000000,", "\tpairs#0x10000,",
            "\tsetaf=\\E[%?%p1%{8}%<%t3%p1%d%e38;2;%p1%{65536}%/%d;%p1%{256}%/%{255}%&%d;"
            "%p1%{255}%&%d%;m,",
            "\tsetab=\\E[%?%p1%{8}%<%t4%p1%d%e48;2;%p1%{65536}%/%d;%p1%{256}%/%{255}%&%d;"
            "%p1%{255}%&%d%;m,"]
    path = os.path.join(d, "pyte-direct.src")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")
    subprocess.run(["tic", "-x", "-o", d, path], check=True, capture_output=True)


def patina_env(sandbox, home, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("COPPER_")}
    env.update({
        "HOME": home,
        "XDG_CONFIG_HOME": os.path.join(home, "config"),
        "XDG_CACHE_HOME": os.path.join(home, "cache"),
        "XDG_STATE_HOME": os.path.join(home, "state"),
        "TERM": "pyte-256color",
        "TERMINFO": pyte_terminfo(),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "COPPER_API_URL": sandbox.base_url if sandbox else "http://127.0.0.1:9/developer_api/v1",
        "COPPER_API_TOKEN": TOKEN,
        "COPPER_USER_EMAIL": EMAIL,
        # the mirror's sync would add its requests to every test's log: on
        # only where a test asks for it (PATINA_MIRROR="1")
        "PATINA_MIRROR": "0",
    })
    env.pop("NO_COLOR", None)
    env.update(extra)
    return env


class Terminal:
    """patina running in a pseudo-terminal, its screen read through pyte."""

    def __init__(self, argv, env, cols=100, rows=30):
        require_pyte()
        self.cols, self.rows = cols, rows
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.raw = bytearray()
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # child
            try:
                os.execve(argv[0], argv, env)
            finally:
                os._exit(127)
        self._set_size(cols, rows)
        self.exit_status = None

    def _set_size(self, cols, rows):
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

    def pump(self, timeout=0.05):
        """Reads what patina wrote within timeout; returns bytes read."""
        total = 0
        end = time.monotonic() + timeout
        while True:
            left = end - time.monotonic()
            r, _, _ = select.select([self.fd], [], [], max(0.0, left))
            if not r:
                return total
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                return total
            if not data:
                return total
            self.raw.extend(data)
            self.stream.feed(data)
            total += len(data)

    def text(self):
        return "\n".join(line.rstrip() for line in self.screen.display)

    def line(self, y):
        return self.screen.display[y]

    def wait_for(self, predicate, timeout=15.0, what=None):
        """Waits until predicate(text) (or the substring) holds."""
        if isinstance(predicate, str):
            needle = predicate
            predicate = lambda t: needle in t  # noqa: E731
            what = what or repr(needle)
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.pump(0.05)
            if predicate(self.text()):
                return self.text()
            if self.exited():
                break
        raise AssertionError("timed out waiting for %s; screen was:\n%s" % (what, self.text()))

    def send(self, keys):
        if isinstance(keys, str):
            keys = keys.encode()
        os.write(self.fd, keys)

    def resize(self, cols, rows):
        self.cols, self.rows = cols, rows
        self.screen.resize(rows, cols)
        self._set_size(cols, rows)
        os.kill(self.pid, signal.SIGWINCH)

    def exited(self):
        if self.exit_status is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.exit_status = status
        return self.exit_status is not None

    def wait_exit(self, timeout=10.0):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.pump(0.05)
            if self.exited():
                return os.waitstatus_to_exitcode(self.exit_status)
        raise AssertionError("patina did not exit; screen:\n" + self.text())

    def close(self):
        if not self.exited():
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        os.close(self.fd)


class TempHome:
    def __enter__(self):
        # patina may still be writing its cache while a test unwinds
        self.dir = tempfile.TemporaryDirectory(prefix="patina-e2e-", ignore_cleanup_errors=True)
        return self.dir.name

    def __exit__(self, *exc):
        self.dir.cleanup()


def run_patina(args, env, timeout=60, stdin=None):
    return subprocess.run([PATINA, *args], env=env, capture_output=True, text=True,
                          timeout=timeout, stdin=stdin if stdin is not None else subprocess.DEVNULL)
