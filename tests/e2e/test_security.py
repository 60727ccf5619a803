"""Security properties, end to end: where the token may go, what a hostile
server or a hostile file system can make patina do, and what other
processes can read of it."""

import os
import socket
import sys
import threading
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import TOKEN, Sandbox, TempHome, patina_env, run_patina  # noqa: E402

PROXY_VARIABLES = ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy",
                   "ALL_PROXY")


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


if __name__ == "__main__":
    unittest.main(verbosity=2)
