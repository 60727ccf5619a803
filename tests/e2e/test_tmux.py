"""patina inside a real tmux (Debian's tmux), as TERM=tmux-256color and
TERM=screen-256color: the screen read back with capture-pane, keys sent
with send-keys, a paste with paste-buffer -p (tmux brackets it only when
patina asked for bracketed paste), and the modes tmux sees on and off
(#{mouse_sgr_flag}: tmux forwards clicks in SGR form; #{alternate_on}).
Clicks themselves are the pty tests' (test_terminal.py): send-keys cannot
make one."""

import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import PATINA, Sandbox, TempHome, patina_env  # noqa: E402

TMUX = shutil.which("tmux")


@unittest.skipUnless(TMUX, "tmux is not installed (apt-get install tmux)")
class InTmux(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.sb = Sandbox()
        rows, _ = cls.sb.api("POST", "/people/search", {"page_number": 1, "page_size": 20})
        cls.people = [r["name"] for r in rows]

    @classmethod
    def tearDownClass(cls):
        cls.sb.stop()

    def tmux(self, *args, check=True):
        return subprocess.run([TMUX, "-S", self.socket, *args], capture_output=True, text=True,
                              check=check, timeout=20)

    def start(self, home, term):
        d = tempfile.mkdtemp(prefix="patina-tmux-")
        self.addCleanup(shutil.rmtree, d, True)
        self.socket = os.path.join(d, "socket")
        env = patina_env(self.sb, home)
        env.pop("TERMINFO", None)  # the system's tmux-256color and screen-256color
        env.pop("TERM", None)
        script = os.path.join(d, "run")
        with open(script, "w") as f:
            f.write("#!/bin/sh\n")
            for k, v in env.items():
                f.write("export %s='%s'\n" % (k, v.replace("'", "'\\''")))
            f.write("exec '%s'\n" % PATINA)
        os.chmod(script, 0o700)
        self.tmux("-f", "/dev/null", "new-session", "-d", "-x", "120", "-y", "40", script)
        self.addCleanup(self.tmux, "kill-server", check=False)
        self.tmux("set-option", "-g", "default-terminal", term)
        self.tmux("set-option", "-g", "remain-on-exit", "on")
        # the first window was made before default-terminal: run it again,
        # with what patina writes to the pane kept (pipe-pane)
        self.output = os.path.join(d, "output")
        self.tmux("respawn-pane", "-k", "-t", "0", script)
        self.tmux("pipe-pane", "-o", "-t", "0", "cat >> '%s'" % self.output)

    def screen(self):
        return self.tmux("capture-pane", "-p", "-t", "0").stdout

    def flag(self, name):
        return self.tmux("display", "-p", "-t", "0", "#{%s}" % name).stdout.strip()

    def wait_for(self, predicate, what, timeout=20):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            text = self.screen()
            if predicate(text):
                return text
            time.sleep(0.1)
        self.fail("timed out waiting for %s; pane:\n%s" % (what, self.screen()))

    def detail_shows(self, name):
        # wide layout: the detail pane's title is on its first line, right of the list
        return lambda s: len(s.splitlines()) > 2 and name in s.splitlines()[2][60:]

    def run_flow(self, term):
        with TempHome() as home:
            self.start(home, term)
            self.wait_for(lambda s: self.people[2] in s, "the list")
            self.assertEqual(self.tmux("display", "-p", "-t", "0", "#{pane_start_command}")
                             .returncode, 0)
            self.assertEqual(self.flag("alternate_on"), "1")
            self.assertEqual(self.flag("mouse_sgr_flag"), "1")
            self.tmux("send-keys", "-t", "0", "j")
            self.wait_for(self.detail_shows(self.people[1]), "j moved")
            # a paste: bracketed by tmux because patina asked for it, so the
            # q in it is text, and the two lines are joined
            self.tmux("send-keys", "-t", "0", "/")
            self.wait_for(lambda s: s.rstrip().splitlines()[-1].startswith("Search"), "search")
            self.tmux("set-buffer", "zz\nq")
            self.tmux("paste-buffer", "-p", "-t", "0")
            self.wait_for(lambda s: "Pasted 2 lines as one" in s, "the joined paste")
            self.assertIn("zz q", self.screen().rstrip().splitlines()[-1])
            self.tmux("send-keys", "-t", "0", "Escape")
            self.tmux("send-keys", "-t", "0", "q")
            self.wait_for(lambda s: self.flag("pane_dead") == "1", "patina to quit")
            # the modes went off as patina left, after its last frame
            with open(self.output, "rb") as f:
                out = f.read()
            tail = out[out.rfind(b"\x1b[?2026l"):]
            for off in (b"\x1b[?1006l\x1b[?1000l", b"\x1b[?2004l", b"\x1b[?1049l"):
                self.assertIn(off, tail)

    def test_tmux_256color(self):
        self.run_flow("tmux-256color")

    def test_screen_256color(self):
        self.run_flow("screen-256color")


if __name__ == "__main__":
    unittest.main(verbosity=2)
