"""Start-up request economy: a cold start fetches each look-up once,
concurrently; a warm start (look-ups cached on disk) sends exactly one
request, the first page of the list."""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import PATINA, Sandbox, TempHome, Terminal, patina_env, require_pyte  # noqa: E402


class Startup(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        require_pyte()
        cls.sb = Sandbox()
        cls.rows, _ = cls.sb.api("POST", "/people/search", {"page_size": 1})

    @classmethod
    def tearDownClass(cls):
        cls.sb.stop()

    def run_once(self, home):
        rows = self.rows
        t = Terminal([PATINA], patina_env(self.sb, home), 140, 40)
        self.addCleanup(t.close)
        t.wait_for(rows[0]["name"][:20])
        t.wait_for("Person #%d" % rows[0]["id"])
        # settled: nothing in flight, owner names and layout labels shown
        t.wait_for(lambda s: "loading" not in s.splitlines()[-1] and "Owner" in s, what="settled")
        t.send("q")
        self.assertEqual(t.wait_exit(), 0)
        return [(e["method"], e["path"].replace("/developer_api/v1", "")) for e in self.sb.log()]

    def test_cold_then_warm(self):
        with TempHome() as home:
            self.sb.clear_log()  # the log must hold patina's requests only
            cold = self.run_once(home)
            self.sb.clear_log()
            warm = self.run_once(home)
        print("\ncold start: %d requests: %s" % (len(cold), sorted(p for _, p in cold)))
        print("warm start: %d requests: %s" % (len(warm), sorted(p for _, p in warm)))
        # the list goes out first, and each look-up exactly once. The first
        # requests go out together (max-parallel, 4 by default) and reach
        # the sandbox's log in the order they arrive, which is a race: the
        # list must be among them, not queued behind the look-ups.
        self.assertIn(("POST", "/people/search"), cold[:4])
        self.assertEqual(len(cold), len(set(cold)), "a look-up was fetched twice")
        for needed in ("/account", "/users/me", "/users/search", "/field_layouts/by_entity/people"):
            self.assertIn(needed, [p for _, p in cold])
        self.assertEqual(warm, [("POST", "/people/search")])


if __name__ == "__main__":
    unittest.main(verbosity=2)
