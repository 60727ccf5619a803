"""Memory safety beyond the sanitizers: a subset of patina under valgrind
reports no leaks and no memory errors. Runs when the binary is not built
with AddressSanitizer (the two do not mix): in CI, the distcheck pass."""

import os
import shutil
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import PATINA, Sandbox, TempHome, Terminal, patina_env, require_pyte  # noqa: E402

VALGRIND = ["valgrind", "--quiet", "--leak-check=full", "--show-leak-kinds=definite,indirect",
            "--errors-for-leak-kinds=definite,indirect", "--error-exitcode=99",
            "--track-fds=no"]


def reason_to_skip():
    if not shutil.which("valgrind"):
        return "valgrind is not installed (apt-get install valgrind)"
    libs = subprocess.run(["ldd", PATINA], capture_output=True, text=True).stdout
    if "libasan" in libs:
        return "this patina is built with AddressSanitizer, which valgrind cannot run"
    return None


@unittest.skipIf(reason_to_skip(), reason_to_skip() or "")
class Valgrind(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.sb = Sandbox()

    @classmethod
    def tearDownClass(cls):
        cls.sb.stop()

    def test_check_has_no_leaks(self):
        with TempHome() as home:
            r = subprocess.run(VALGRIND + [PATINA, "--check"], env=patina_env(self.sb, home),
                               capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr[-3000:])
        self.assertIn("Signed in as", r.stdout)

    def test_a_browsing_session_has_no_leaks(self):
        require_pyte()
        with TempHome() as home:
            log = os.path.join(home, "valgrind.log")
            t = Terminal(["/usr/bin/env"] + VALGRIND + ["--log-file=" + log, PATINA],
                         patina_env(self.sb, home), 120, 36)
            self.addCleanup(t.close)
            t.wait_for(" of ", timeout=120)
            for keys in ("2", "jjj", "\t", "r", "\t", "4", "/A", "\r", "?", "?", "b", "l", "b"):
                t.send(keys)
                t.pump(0.5)
            t.send("q")
            status = t.wait_exit(timeout=120)
            with open(log) as f:
                report = f.read()
            self.assertEqual(status, 0, report[-3000:])


if __name__ == "__main__":
    unittest.main(verbosity=2)
