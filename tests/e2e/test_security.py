"""Security properties, end to end: where the token may go, what a hostile
server or a hostile file system can make patina do, and what other
processes can read of it."""

import os
import resource
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import (PATINA, TOKEN, Sandbox, TempHome, Terminal, patina_env,  # noqa: E402
                     require_pyte, run_patina)

PROXY_VARIABLES = ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy",
                   "ALL_PROXY")


def built_with_asan():
    with open(PATINA, "rb") as f:
        return b"__asan_init" in f.read()


def memory_guard(env):
    """A patina that regresses must not take the machine's memory with it:
    AddressSanitizer stops it at 2 GB of RSS (it reserves terabytes of
    address space, so RLIMIT_AS cannot be used there); without it, the
    address space is limited."""
    if built_with_asan():
        env["ASAN_OPTIONS"] = (env.get("ASAN_OPTIONS", "") + ":hard_rss_limit_mb=2048").lstrip(":")
        return None
    return lambda: resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))


def run_measured(args, env, timeout=120):
    """Runs patina; returns (exit code, stdout, stderr, peak RSS in MiB),
    the peak as the kernel accounts it for the child (wait4)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([PATINA, *args], env=env, stdin=subprocess.DEVNULL, stdout=out,
                                stderr=err, preexec_fn=memory_guard(env))
        deadline = time.monotonic() + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.02)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return (proc.returncode, out.read().decode(errors="replace"),
                err.read().decode(errors="replace"), usage.ru_maxrss / 1024.0)


class Listener:
    """A TCP socket on 127.0.0.1 that counts the connections and bytes it
    receives and never answers: a stand-in for a proxy or a foreign host."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.url = "http://127.0.0.1:%d" % self.port
        self.connections = 0
        self.received = b""
        self.lock = threading.Lock()
        self.stopping = False
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            if self.stopping:
                conn.close()
                return
            with self.lock:
                self.connections += 1
            threading.Thread(target=self._drain, args=(conn,), daemon=True).start()

    def _drain(self, conn):
        conn.settimeout(5)
        try:
            while True:
                data = conn.recv(65536)
                if not data:
                    break
                with self.lock:
                    self.received += data
        except OSError:
            pass
        conn.close()

    def close(self):
        self.stopping = True
        # wake accept() so the thread ends
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
        except OSError:
            pass
        self.sock.close()
        self.thread.join(5)


def with_proxies(env, url):
    for name in PROXY_VARIABLES:
        env[name] = url
    env.pop("no_proxy", None)
    env.pop("NO_PROXY", None)
    return env


class TokenStaysOnThisMachine(unittest.TestCase):
    """Plain http carries the token in clear text: only to this machine,
    never through a proxy (fetch/http.c: http_url_allowed, CURLOPT_NOPROXY
    and the socket callback)."""

    def setUp(self):
        self.listener = Listener()
        self.addCleanup(self.listener.close)

    def test_a_name_that_looks_like_loopback_is_refused_before_any_request(self):
        # every request patina might make would reach the listener: the
        # proxy variables point at it, and so does the port of the URL
        with TempHome() as home:
            url = "http://127.0.0.1.evil.example:%d/developer_api/v1" % self.listener.port
            env = with_proxies(patina_env(None, home, COPPER_API_URL=url), self.listener.url)
            r = run_patina(["--check"], env, timeout=30)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("plain http to a host that is not a loopback address", r.stderr)
        self.assertNotIn(TOKEN, r.stdout + r.stderr)
        self.assertEqual((self.listener.connections, self.listener.received), (0, b""))

    def test_plain_http_to_loopback_never_goes_through_a_proxy(self):
        sandbox = Sandbox()
        self.addCleanup(sandbox.stop)
        with TempHome() as home:
            env = with_proxies(patina_env(sandbox, home), self.listener.url)
            r = run_patina(["--check"], env, timeout=60)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Signed in as", r.stdout)
        self.assertEqual(self.listener.connections, 0, "patina connected to the proxy")
        self.assertEqual(self.listener.received, b"")
        self.assertNotIn(TOKEN.encode(), self.listener.received)


class HostileAnswers(unittest.TestCase):
    """An answer's cost is bounded before it is paid: its size once decoded
    (fetch/http.h HTTP_MAX_BODY), its depth and number of values before it
    is parsed (util/json.h); such an answer is an error that is not asked
    for again (copper/api.c APIE_TOO_LARGE)."""

    @classmethod
    def setUpClass(cls):
        cls.sb = Sandbox()
        cls.home = tempfile.TemporaryDirectory(prefix="patina-e2e-")
        cls.env = patina_env(cls.sb, cls.home.name)
        code, _, err, cls.honest_peak = run_measured(["--check"], dict(cls.env))
        assert code == 0, err

    @classmethod
    def tearDownClass(cls):
        cls.sb.stop()
        cls.home.cleanup()

    def clear_rules(self):
        """What patina did not take of a fail_next rule must not reach the
        next test."""
        self.sb.control("POST", "/_sandbox/fail_next", {"clear": True})

    def check_refused(self, bomb, why, **extra):
        self.sb.clear_log()
        # two bombs: a retry would get the second one
        self.sb.control("POST", "/_sandbox/fail_next",
                        dict(extra, count=2, path_prefix="/users/me", bomb=bomb))
        self.addCleanup(self.clear_rules)
        code, out, err, peak = run_measured(["--check"], dict(self.env))
        asked = [e for e in self.sb.log() if e["path"].endswith("/users/me")]
        print("\n%s bomb %s: peak %.1f MiB (an honest --check: %.1f MiB)"
              % (bomb, extra, peak, self.honest_peak))
        self.assertEqual(code, 4, err)
        self.assertIn("GET /users/me", err)
        self.assertIn(why, err)
        self.assertIn("not asked for again", err.replace("nor asked", "not asked"))
        self.assertNotIn("Signed in", out)
        self.assertEqual(len(asked), 1, "a refused answer was asked for again")
        self.assertLess(peak, self.honest_peak + 48, "the answer cost %.0f MiB" % peak)

    def test_check_fails_on_answers_of_the_wrong_shape(self):
        for path, body, words in (("/users/me", [{"id": 1, "name": "List"}],
                                   "expected an object but the answer is a list"),
                                  ("/account", "Acme", "expected an object but the answer is a string")):
            self.sb.control("POST", "/_sandbox/fail_next", {"count": 2, "path_prefix": path,
                                                            "body": body})
            self.addCleanup(self.clear_rules)
            r = run_patina(["--check"], self.env)
            self.assertEqual(r.returncode, 4, r.stderr)  # as for any protocol error
            self.assertIn("GET %s: HTTP 200: %s" % (path, words), r.stderr)
            self.assertNotIn("Signed in", r.stdout)

    def test_61_kb_that_decode_to_60_mib_of_values(self):
        # the answer that once cost 5 GB: under the old 64 MiB cap
        self.check_refused("values", "more than 8 MiB once decoded")

    def test_7_mib_of_values_under_the_size_cap(self):
        self.check_refused("values", "holds more than 524288 values", bomb_mb=7)

    def test_256_mib_of_white_space(self):
        self.check_refused("size", "more than 8 MiB once decoded")

    def test_arrays_nested_500_deep(self):
        self.check_refused("deep", "nests deeper than 64 levels")


def core_limit(pid):
    """The soft core size limit of a process, from /proc/PID/limits
    (readable by anyone, whatever the process's dumpable flag)."""
    with open("/proc/%d/limits" % pid) as f:
        for line in f:
            if line.startswith("Max core file size"):
                return line[len("Max core file size"):].split()[0]
    return None


class SecretsStayInProcess(unittest.TestCase):
    """Once patina holds a token, it writes no core file and other
    processes cannot read its memory; programs it starts do not inherit
    the token (config/settings.c)."""

    @classmethod
    def setUpClass(cls):
        cls.sb = Sandbox()

    @classmethod
    def tearDownClass(cls):
        cls.sb.stop()

    def test_token_command_runs_without_the_token_variables(self):
        with TempHome() as home:
            dump = os.path.join(home, "token-command.env")
            cfg = os.path.join(home, "config", "patina", "config")
            os.makedirs(os.path.dirname(cfg))
            with open(cfg, "w") as f:
                f.write("set token-command = 'env > %s; echo %s'\n" % (dump, TOKEN))
            # empty, so that the command runs (a token given otherwise wins)
            env = patina_env(self.sb, home, COPPER_API_TOKEN="", COPPER_ACCESS_TOKEN="")
            r = run_patina(["--check"], env)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("Signed in as", r.stdout)
            with open(dump) as f:
                names = [line.split("=", 1)[0] for line in f.read().splitlines()]
        self.assertIn("COPPER_USER_EMAIL", names)
        self.assertNotIn("COPPER_API_TOKEN", names)
        self.assertNotIn("COPPER_ACCESS_TOKEN", names)

    def test_a_running_patina_writes_no_core_and_is_not_dumpable(self):
        # as root, every /proc/PID entry belongs to root anyway: patina runs
        # as nobody, and a non-dumpable process's entries still go to root
        as_user = 65534 if os.getuid() == 0 else os.getuid()
        with TempHome() as home:
            env = patina_env(self.sb, home)
            # AddressSanitizer sets the core limit to 0 itself: let it not,
            # so that the limit seen is patina's doing
            env["ASAN_OPTIONS"] = (env.get("ASAN_OPTIONS", "") + ":disable_coredump=0").lstrip(":")
            kw = {}
            if os.getuid() == 0:
                for root, dirs, files in os.walk(home):
                    for name in [root] + [os.path.join(root, n) for n in dirs + files]:
                        os.chown(name, as_user, as_user)
                kw = {"user": as_user, "group": as_user, "extra_groups": []}
            hard = resource.getrlimit(resource.RLIMIT_CORE)[1]
            # slow answers keep patina running while it is looked at
            self.sb.configure(latency=3000)
            self.addCleanup(self.sb.configure, latency=0)
            proc = subprocess.Popen(
                [PATINA, "--check"], env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_CORE, (hard, hard)), **kw)
            seen = []
            try:
                deadline = time.monotonic() + 20
                while proc.poll() is None and time.monotonic() < deadline:
                    try:
                        limit = core_limit(proc.pid)
                        owner = os.stat("/proc/%d/status" % proc.pid).st_uid
                    except OSError:
                        break
                    seen.append((limit, owner))
                    if limit == "0" and owner == 0:
                        break
                    time.sleep(0.02)
            finally:
                out, err = proc.communicate(timeout=60)
        self.assertEqual(proc.returncode, 0, err)
        self.assertTrue(seen, "patina ended before it could be looked at")
        print("\ncore limit and /proc owner of a running patina (uid %d): %s" % (as_user, seen[-1]))
        self.assertEqual(seen[-1][0], "0", "patina may write a core file holding the token")
        self.assertEqual(seen[-1][1], 0, "patina is dumpable: its memory is readable by uid %d"
                         % as_user)


class FilesOthersControl(unittest.TestCase):
    """Files and directories other users could have written are not
    trusted: the config (config/settings.c), the cache (copper/cache.c),
    the drafts (model/drafts.c)."""

    @classmethod
    def setUpClass(cls):
        cls.sb = Sandbox()
        cls.first, _ = cls.sb.api("POST", "/people/search", {"page_size": 1})
        cls.account, _ = cls.sb.api("GET", "/account")

    @classmethod
    def tearDownClass(cls):
        cls.sb.stop()

    def start(self, home, cols=100):
        """patina, until its first list and the first record's owner are
        on screen and nothing is loading; then q."""
        require_pyte()
        t = Terminal([PATINA], patina_env(self.sb, home), cols, 30)
        self.addCleanup(t.close)
        t.wait_for(self.first[0]["name"][:20])
        t.wait_for(lambda s: "loading" not in s.splitlines()[-1] and "Owner" in s,
                   what="settled")
        return t

    def quit(self, t):
        t.send("q")
        self.assertEqual(t.wait_exit(), 0)

    def test_fifos_in_cache_and_state_do_not_hang_the_start(self):
        with TempHome() as home:
            self.quit(self.start(home))  # a cold start fills the cache
            account_dir = os.path.join(home, "cache", "patina", str(self.account["id"]))
            users = os.path.join(account_dir, "users.json")
            self.assertTrue(os.path.exists(users), os.listdir(account_dir))
            os.unlink(users)
            os.mkfifo(users)
            drafts = os.path.join(home, "state", "patina", "drafts")
            os.makedirs(drafts, mode=0o700, exist_ok=True)
            os.mkfifo(os.path.join(drafts, "people-%d.json" % self.first[0]["id"]))
            self.sb.clear_log()
            self.quit(self.start(home))
            # the FIFO is no entry: the users were asked for again
            self.assertIn("/developer_api/v1/users/search", [e["path"] for e in self.sb.log()])

    def test_a_cache_others_can_write_is_not_used(self):
        with TempHome() as home:
            self.quit(self.start(home))
            base = os.path.join(home, "cache", "patina")
            os.chmod(base, 0o777)
            self.sb.clear_log()
            t = self.start(home, cols=220)
            t.wait_for("the disk cache is not used: %s is writable by other users (mode 0777)" % base)
            self.quit(t)
            asked = [e["path"] for e in self.sb.log()]
            for path in ("/account", "/users/me", "/users/search"):
                self.assertIn("/developer_api/v1" + path, asked)
            # and a one-shot command says so too (on stderr: its output stays clean)
            r = run_patina(["find", "people", "--limit", "1"], patina_env(self.sb, home))
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("patina: warning: the disk cache is not used: %s is writable by other "
                          "users (mode 0777)" % base, r.stderr)

    def test_config_file_writable_by_others_is_refused(self):
        with TempHome() as home:
            marker = os.path.join(home, "token-command-ran")
            cfg = os.path.join(home, "config", "patina", "config")
            os.makedirs(os.path.dirname(cfg))
            with open(cfg, "w") as f:
                f.write("set api-url = http://127.0.0.1:9/developer_api/v1\n"
                        "set token-command = 'touch %s; echo %s'\n" % (marker, TOKEN))
            os.chmod(cfg, 0o664)
            env = patina_env(None, home)
            for k in ("COPPER_API_URL", "COPPER_API_TOKEN"):
                del env[k]
            r = run_patina(["--check"], env)
            self.assertEqual(r.returncode, 2, r.stderr)
            self.assertIn("%s is writable by other users (mode 0664)" % cfg, r.stderr)
            self.assertIn("chmod go-w %s" % cfg, r.stderr)
            self.assertFalse(os.path.exists(marker), "token-command ran")
            os.chmod(cfg, 0o644)
            r = run_patina(["--check"], env)
            self.assertNotIn("writable by other users", r.stderr)
            self.assertTrue(os.path.exists(marker))


if __name__ == "__main__":
    unittest.main(verbosity=2)
