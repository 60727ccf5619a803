"""Faults and signals, end to end: a network that is slow, erratic,
refusing or rate-limiting must never crash patina, stall its keys, lose an
edit, or push it past its request budget; signals restore the terminal
and keep drafts."""

import os
import random
import signal
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import PATINA, Sandbox, TempHome, Terminal, patina_env, require_pyte  # noqa: E402

LEAVE_ALTSCREEN = b"\x1b[?1049l"
ENTER_ALTSCREEN = b"\x1b[?1049h"
TITLES = ["People", "Companies", "Leads", "Opportunities", "Projects", "Tasks"]


def proc_state(pid):
    with open("/proc/%d/stat" % pid) as f:
        return f.read().rsplit(")", 1)[1].split()[0]


def budget_respected(log, burst=20, rate=150):
    """No window of the log holds more requests than patina's budget allows
    (burst + rate per minute; +1 for the log's millisecond rounding)."""
    ts = sorted(e["ts"] for e in log)
    for i in range(len(ts)):
        for j in range(i, len(ts)):
            if j - i + 1 > burst + rate * (ts[j] - ts[i]) / 60.0 + 1:
                return False
    return True


class ErraticNetwork(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        require_pyte()
        cls.sb = Sandbox("--latency", "150", "--jitter", "400", "--error-rate", "0.25",
                         "--malformed-rate", "0.1", "--truncate-rate", "0.05",
                         "--drop-rate", "0.05", "--fault-seed", "7")

    @classmethod
    def tearDownClass(cls):
        cls.sb.stop()

    def test_browsing_stays_responsive_and_within_budget(self):
        rng = random.Random(3)
        with TempHome() as home:
            t = Terminal([PATINA], patina_env(self.sb, home), 120, 36)
            self.addCleanup(t.close)
            t.pump(0.5)
            self.sb.clear_log()
            worst = 0.0
            for i in range(40):
                tab = rng.randrange(6)
                start = time.monotonic()
                t.send(str(tab + 1))
                t.wait_for(lambda s, tab=tab: TITLES[tab] in s.splitlines()[0], timeout=2,
                           what="tab %s" % TITLES[tab])
                worst = max(worst, time.monotonic() - start)
                t.send(rng.choice(["j", "jjj", "\x06", "\t", "\tj\t", "G", "g"]))
                t.pump(0.05)
                self.assertFalse(t.exited(), "patina died:\n" + t.text())
            # give the retries time to settle, then everything is on screen or explained
            t.pump(3)
            print("\nworst tab switch under faults: %.0f ms" % (worst * 1000))
            self.assertLess(worst, 1.0)
            t.send("q")
            self.assertEqual(t.wait_exit(), 0)
        log = self.sb.log()
        self.assertTrue(budget_respected(log), "more requests than the budget allows")
        self.assertTrue(any(e.get("fault") for e in log), "no fault was injected")

    def calm_api(self, method, path, body=None):
        """The sandbox's own answer without the faults (for the test's needs)."""
        saved = self.sb.control("GET", "/_sandbox/config")
        self.sb.control("POST", "/_sandbox/config", {k: 0 for k in (
            "error_rate", "malformed_rate", "truncate_rate", "drop_rate")})
        try:
            return self.sb.api(method, path, body)
        finally:
            self.sb.control("POST", "/_sandbox/config", {k: saved[k] for k in (
                "error_rate", "malformed_rate", "truncate_rate", "drop_rate")})

    def test_an_edit_survives_a_failing_server(self):
        rows, _ = self.calm_api("POST", "/people/search", {"page_size": 1})
        with TempHome() as home:
            t = Terminal([PATINA], patina_env(self.sb, home, NO_COLOR="1"), 120, 40)
            self.addCleanup(t.close)
            t.wait_for(rows[0]["name"][:20], timeout=30)
            t.wait_for("Person #%d" % rows[0]["id"], timeout=30)
            t.send("e")
            t.wait_for("Enter change", timeout=30)
            t.send("jj\r")
            t.wait_for("Title:")
            t.send("\x15Survivor\r")
            t.wait_for("1 change")
            self.sb.control("POST", "/_sandbox/config", {"error_rate": 1.0})
            t.send("w")
            t.wait_for("will send exactly this")
            t.send("\r")
            t.wait_for("Not saved", timeout=30)
            self.assertIn("1 change", t.text())       # nothing typed is lost
            self.sb.control("POST", "/_sandbox/config", {
                "error_rate": 0, "malformed_rate": 0, "truncate_rate": 0, "drop_rate": 0})
            t.send("w")
            t.wait_for("will send exactly this")
            t.send("\r")
            t.wait_for("Saved ", timeout=30)
        self.sb.control("POST", "/_sandbox/config", {
            "error_rate": 0.25, "malformed_rate": 0.1, "truncate_rate": 0.05, "drop_rate": 0.05})


class RateLimitStorm(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        require_pyte()
        cls.sb = Sandbox("--rate-limit", "12", "--rate-window", "4")

    @classmethod
    def tearDownClass(cls):
        cls.sb.stop()

    def test_slows_down_tells_the_user_and_recovers(self):
        with TempHome() as home:
            t = Terminal([PATINA], patina_env(self.sb, home), 120, 36)
            self.addCleanup(t.close)
            for key in "123456":
                t.send(key)
                t.pump(0.1)
            t.wait_for("rate limit: waiting", timeout=20)
            # keys still work while it waits
            t.send("1")
            t.wait_for(lambda s: "People" in s.splitlines()[0], timeout=1, what="People")
            # and every tab eventually loads
            for key, title in zip("123456", TITLES):
                t.send(key)
                t.wait_for(lambda s, title=title: title in s.splitlines()[0] and " of " in s.splitlines()[0],
                           timeout=60, what=title + " loaded")
            t.send("q")
            self.assertEqual(t.wait_exit(), 0)
        log = self.sb.log()
        n429 = sum(1 for e in log if e["status"] == 429)
        print("\n429 storm: %d requests, %d answered 429" % (len(log), n429))
        self.assertGreater(n429, 0)
        self.assertLess(n429, len(log) / 2, "hammering instead of backing off")
        self.assertTrue(budget_respected(log))


class Trickle(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        require_pyte()
        cls.sb = Sandbox("--trickle", "20000")

    @classmethod
    def tearDownClass(cls):
        cls.sb.stop()

    def test_slow_bodies_load_and_keys_answer_meanwhile(self):
        with TempHome() as home:
            t = Terminal([PATINA], patina_env(self.sb, home), 120, 36)
            self.addCleanup(t.close)
            t.send("2")
            t.wait_for(lambda s: "Companies" in s.splitlines()[0], timeout=1, what="Companies")
            t.send("1")
            t.wait_for(lambda s: " of " in s.splitlines()[0], timeout=60, what="people loaded")


class Signals(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        require_pyte()
        cls.sb = Sandbox("--latency", "300")

    @classmethod
    def tearDownClass(cls):
        cls.sb.stop()

    def test_resize_storm_while_fetching(self):
        rng = random.Random(5)
        with TempHome() as home:
            t = Terminal([PATINA], patina_env(self.sb, home), 120, 36)
            self.addCleanup(t.close)
            for i in range(60):
                t.resize(rng.randrange(10, 200), rng.randrange(3, 60))
                if i % 10 == 0:
                    t.send(str(rng.randrange(1, 7)))
                t.pump(0.01)
            self.assertFalse(t.exited())
            t.resize(100, 30)
            t.send("1")
            t.wait_for(lambda s: "People" in s.splitlines()[0] and " of " in s.splitlines()[0],
                       timeout=20, what="a clean People list at 100x30")
            lines = t.text().splitlines()
            self.assertEqual(len(lines), 30)
            self.assertIn("help", lines[-1])

    def test_ctrl_z_and_fg(self):
        # job control needs a shell: patina run from an interactive bash in
        # the pty, suspended by the terminal's own ^Z, resumed with fg
        with TempHome() as home:
            env = patina_env(self.sb, home, PS1="$ ", HISTFILE="/dev/null")
            t = Terminal(["/bin/bash", "--norc", "--noprofile", "-i"], env, 120, 36)
            self.addCleanup(t.close)
            t.wait_for("$")
            t.send("'%s'\r" % PATINA)
            t.wait_for(" of ", timeout=20)
            before = len(t.raw)
            t.send("\x1a")                       # ^Z
            t.wait_for("Stopped", timeout=5)
            self.assertIn(LEAVE_ALTSCREEN, bytes(t.raw[before:]))   # the shell gets its screen back
            before = len(t.raw)
            t.send("fg\r")
            t.wait_for(lambda s: "People" in s.splitlines()[0], timeout=5, what="patina again")
            self.assertIn(ENTER_ALTSCREEN, bytes(t.raw[before:]))
            t.send("2")
            t.wait_for(lambda s: "Companies" in s.splitlines()[0], timeout=2, what="keys after fg")
            t.send("q")
            t.wait_for("$ ", timeout=5)

    def test_sigint_sigterm_sighup_restore_the_terminal_and_keep_drafts(self):
        rows, _ = self.sb.api("POST", "/people/search", {"page_size": 1})
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            with self.subTest(signal=sig.name), TempHome() as home:
                t = Terminal([PATINA], patina_env(self.sb, home, NO_COLOR="1"), 120, 40)
                self.addCleanup(t.close)
                t.wait_for("Person #%d" % rows[0]["id"], timeout=20)
                t.send("e")
                t.wait_for("Enter change", timeout=20)
                t.send("jj\r")
                t.wait_for("Title:")
                t.send("\x15Kept through %s\r" % sig.name)
                t.wait_for("1 change")
                os.kill(t.pid, sig)
                t.wait_exit()
                self.assertIn(LEAVE_ALTSCREEN, bytes(t.raw[-300:]))
                draft = os.path.join(home, "state", "patina", "drafts", "people-%d.json" % rows[0]["id"])
                with open(draft) as f:
                    self.assertIn("Kept through %s" % sig.name, f.read())


if __name__ == "__main__":
    unittest.main(verbosity=2)
