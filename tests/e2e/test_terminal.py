"""patina as a citizen of the terminal, in the pty: every frame wrapped in
synchronized output (DEC mode 2026) and the modes it turns on (mouse SGR
1006, bracketed paste) turned off on quit and on C-z; mouse clicks on rows,
tabs, board cards and form fields, the wheel, double clicks, Shift left to
the terminal, `set mouse = off`; pastes inserted as text, never run as
keys, joined (and said so) in a one-line prompt, kept as lines in long
text."""

import os
import re
import signal
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import (PATINA, Sandbox, TempHome, Terminal, patina_env, require_pyte,  # noqa: E402
                     run_patina)

API = "/developer_api/v1"
SYNC_BEGIN, SYNC_END = b"\x1b[?2026h", b"\x1b[?2026l"
MOUSE_ON, MOUSE_OFF = b"\x1b[?1000h\x1b[?1006h", b"\x1b[?1006l\x1b[?1000l"
PASTE_ON, PASTE_OFF = b"\x1b[?2004h", b"\x1b[?2004l"


def press(x, y, button=0):
    """A click at 0-based column x, line y (SGR 1006: press and release)."""
    return ("\x1b[<%d;%d;%dM\x1b[<%d;%d;%dm" % (button, x + 1, y + 1, button, x + 1, y + 1)).encode()


def wheel(x, y, down=True):
    return ("\x1b[<%d;%d;%dM" % (65 if down else 64, x + 1, y + 1)).encode()


def paste(text):
    return b"\x1b[200~" + text.encode() + b"\x1b[201~"


class TerminalCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        require_pyte()
        cls.sb = Sandbox()
        rows, _ = cls.sb.api("POST", "/people/search", {"page_number": 1, "page_size": 20})
        cls.people = [r["name"] for r in rows]

    @classmethod
    def tearDownClass(cls):
        cls.sb.stop()

    def start(self, home, cols=100, rows=30, config=None, **env):
        if config is not None:
            d = os.path.join(home, "config", "patina")
            os.makedirs(d, exist_ok=True)
            with open(os.path.join(d, "config"), "w") as f:
                f.write(config)
            os.chmod(os.path.join(d, "config"), 0o600)
        t = Terminal([PATINA], patina_env(self.sb, home, NO_COLOR="1", **env), cols, rows)
        self.addCleanup(t.close)
        t.wait_for(self.people[2])
        return t

    def cursor_row(self, t):
        """The list row in reverse video (NO_COLOR: the monochrome theme)."""
        for y in range(3, t.rows - 1):
            if t.screen.buffer[y][0].reverse:
                return t.line(y)
        return ""

    def status(self, t):
        return t.line(t.rows - 1)


class Frames(TerminalCase):
    def test_every_frame_is_synchronized_and_the_modes_end_on_quit(self):
        with TempHome() as home:
            t = self.start(home)
            t.send("jjk")
            t.wait_for(lambda s: self.cursor_row(t).startswith(self.people[1]), what="cursor")
            raw = bytes(t.raw)
            self.assertIn(MOUSE_ON, raw)
            self.assertIn(PASTE_ON, raw)
            # begin and end alternate, and no frame is left open
            marks = re.findall(rb"\x1b\[\?2026([hl])", raw)
            self.assertGreater(len(marks), 4)
            self.assertEqual(marks, [b"h", b"l"] * (len(marks) // 2))
            # the screen's bytes are all inside the marks
            last_end = raw.rfind(SYNC_END)
            self.assertNotIn(b"\x1b[", raw[last_end + len(SYNC_END):])
            t.send("q")
            self.assertEqual(t.wait_exit(), 0)
            tail = bytes(t.raw[last_end:])
            self.assertIn(MOUSE_OFF, tail)
            self.assertIn(PASTE_OFF, tail)

    def test_mouse_off_in_the_config(self):
        with TempHome() as home:
            t = self.start(home, config="set mouse = off\n")
            self.assertNotIn(MOUSE_ON, bytes(t.raw))
            self.assertIn(PASTE_ON, bytes(t.raw))
            y = 3 + 2
            t.send(press(2, y))
            t.send("j")  # a key after the click: the click did nothing
            t.wait_for(lambda s: self.cursor_row(t).startswith(self.people[1]), what="j alone")

    def test_suspend_turns_the_modes_off_and_back_on(self):
        # C-z stops only a process group that a shell could continue (the
        # kernel ignores it in an orphaned one): a small job-control shell
        # runs patina in a group of its own, says when it stopped, and
        # continues it on a line of input
        with TempHome() as home:
            t = Terminal([sys.executable, "-c", JOB_SHELL, PATINA],
                         patina_env(self.sb, home, NO_COLOR="1"), 100, 30)
            self.addCleanup(t.close)
            t.wait_for(self.people[2])
            mark = len(t.raw)
            t.send(b"\x1a")  # C-z
            t.wait_for(lambda s: b"[stopped]" in bytes(t.raw[mark:]), what="patina stopped")
            gone = bytes(t.raw[mark:])
            self.assertIn(MOUSE_OFF, gone)
            self.assertIn(PASTE_OFF, gone)
            self.assertIn(b"\x1b[?1049l", gone)  # the shell's screen back
            mark = len(t.raw)
            t.send(b"fg\n")
            t.wait_for(lambda s: MOUSE_ON in bytes(t.raw[mark:]) and self.people[2] in s,
                       what="the screen and the modes back")
            t.send("j")
            t.wait_for(lambda s: self.cursor_row(t).startswith(self.people[1]), what="keys again")
            t.send("q")
            self.assertEqual(t.wait_exit(), 0)


JOB_SHELL = r"""
import os, signal, sys
signal.signal(signal.SIGTTOU, signal.SIG_IGN)
pid = os.fork()
if pid == 0:
    os.setpgid(0, 0)
    os.tcsetpgrp(0, os.getpgrp())
    signal.signal(signal.SIGTTOU, signal.SIG_DFL)
    os.execv(sys.argv[1], [sys.argv[1]])
try:
    os.setpgid(pid, pid)
except OSError:
    pass
os.tcsetpgrp(0, pid)
while True:
    _, st = os.waitpid(pid, os.WUNTRACED)
    if not os.WIFSTOPPED(st):
        sys.exit(os.waitstatus_to_exitcode(st))
    os.tcsetpgrp(0, os.getpgrp())
    os.write(1, b"[stopped]")
    sys.stdin.readline()
    os.tcsetpgrp(0, pid)
    os.kill(-pid, signal.SIGCONT)
"""


class Mouse(TerminalCase):
    def test_click_a_row_then_double_click_opens_it(self):
        with TempHome() as home:
            t = self.start(home, cols=160, rows=30)
            # rows start on screen line 3: the fifth person is on line 7
            t.send(press(3, 7))
            t.wait_for(lambda s: self.cursor_row(t).startswith(self.people[4]), what="row 5")
            # a double click on another row: the cursor goes there and the
            # detail pane has the focus (the list's cursor is no longer in
            # reverse video but underlined)
            t.send(press(3, 9) * 2)
            t.wait_for(lambda s: not self.cursor_row(t) and
                       t.screen.buffer[9][0].underscore and self.people[6] in t.line(9),
                       what="row 7 opened")

    def test_wheel_scrolls_the_list_under_the_pointer(self):
        with TempHome() as home:
            t = self.start(home)
            t.send(wheel(5, 10))
            t.wait_for(lambda s: self.cursor_row(t).startswith(self.people[3]), what="3 down")
            t.send(wheel(5, 10, down=False))
            t.wait_for(lambda s: self.cursor_row(t).startswith(self.people[0]), what="3 up")

    def test_shift_click_is_the_terminals(self):
        with TempHome() as home:
            t = self.start(home)
            t.send(press(3, 7, button=4))  # Shift + left button
            t.send("j")
            t.wait_for(lambda s: self.cursor_row(t).startswith(self.people[1]), what="j alone")

    def test_click_a_tab(self):
        with TempHome() as home:
            t = self.start(home)
            tabs = t.line(1)
            x = tabs.index("Companies")
            t.send(press(x, 1))
            t.wait_for(lambda s: "Companies" in s.splitlines()[0], what="the Companies tab")

    def test_click_a_form_field_and_double_click_edits_it(self):
        with TempHome() as home:
            t = self.start(home)
            t.send("e")
            t.wait_for("Esc leave", timeout=20)
            screen = t.text().splitlines()
            y = next(i for i, ln in enumerate(screen) if ln.lstrip(" \u25cf").startswith("Title"))
            t.send(press(5, y) * 2)
            t.wait_for(lambda s: self.status(t).startswith("Title"), what="the Title prompt")
            t.send(b"\x1b")

    def test_click_a_board_card(self):
        deals, _ = self.sb.api("GET", "/pipelines")
        with TempHome() as home:
            t = self.start(home, cols=200, rows=40)
            t.send("4")  # the deal opens in the Opportunities tab's pane
            t.wait_for(lambda s: "Opportunities" in t.line(0) and "Stage" in s, what="deals")
            t.send("b")
            t.wait_for(lambda s: "Board:" in s and "deal" in s, timeout=20, what="the board")
            t.wait_for(lambda s: "loading" not in s, timeout=20, what="the columns")
            # the second card of the second column (cards from line 6, two lines each)
            screen = t.text().splitlines()
            width = 200 // min(len(deals[0]["stages"]), 200 // 26)
            name = screen[2 + 4 + 2][width:width + 20].strip()
            self.assertTrue(name, "no second card in the second column:\n" + t.text())
            name = name.lstrip("\u2714\u2718\u2298\u2713\u2026 ")[:12]
            t.send(press(width + 2, 2 + 4 + 2) * 2)  # a double click opens the deal
            t.wait_for(lambda s: "Board:" not in s and "Opportunities" in t.line(0) and
                       any(name in ln[100:] for ln in s.splitlines()[2:6]),
                       what="the deal %r opened" % name)


class Colour(TerminalCase):
    """A theme in #rrggbb: as written on a 24-bit terminal (COLORTERM and
    the TERM's -direct entry, here pyte-direct), the nearest of 256 on a
    256-colour one, basic colours on an 8-colour one; the high-contrast
    theme; NO_COLOR the monochrome theme whatever the theme says."""

    def run_theme(self, home, theme, **env):
        t = Terminal([PATINA], patina_env(self.sb, home, **env), 100, 30)
        self.addCleanup(t.close)
        t.wait_for(self.people[2])
        cell = t.screen.buffer[0][3]  # the title bar
        return cell.fg, cell.bg, t

    def config(self, home, theme):
        d = os.path.join(home, "config", "patina")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "config"), "w") as f:
            f.write("set theme = %s\n" % os.path.join(os.environ.get("TOP_SRCDIR", "."),
                                                      "themes", theme + ".theme"))

    def test_truecolor_256_8_and_none(self):
        with TempHome() as home:
            self.config(home, "dusk")
            fg, bg, _ = self.run_theme(home, "dusk", COLORTERM="truecolor")
            self.assertEqual((fg, bg), ("f0f0f0", "1f3b57"))
            # no COLORTERM: pyte-256color, the nearest palette entry (237, grey #3a3a3a)
            fg, bg, _ = self.run_theme(home, "dusk")
            self.assertEqual(bg, "3a3a3a")
            _, bg, _ = self.run_theme(home, "dusk", TERM="pyte-8color")
            self.assertEqual(bg, "black")
            _, bg, t = self.run_theme(home, "dusk", NO_COLOR="1", COLORTERM="truecolor")
            self.assertEqual(bg, "default")
            self.assertTrue(t.screen.buffer[0][3].reverse)

    def test_high_contrast(self):
        with TempHome() as home:
            self.config(home, "high-contrast")
            fg, bg, t = self.run_theme(home, "high-contrast")
            self.assertEqual((fg, bg), ("black", "white"))
            cursor = t.screen.buffer[3][0]
            self.assertEqual(cursor.bg, "brown")  # yellow, as pyte names it
            self.assertTrue(cursor.bold)


class Reauth(TerminalCase):
    """A token refused mid-session (401): the requests wait, token-command
    runs again once, or a prompt takes a new token that is never shown;
    what waited goes out again, each request once more; Esc gives up."""

    def start_refused(self, home, config=None):
        if config:
            d = os.path.join(home, "config", "patina")
            os.makedirs(d, exist_ok=True)
            with open(os.path.join(d, "config"), "w") as f:
                f.write(config)
            os.chmod(os.path.join(d, "config"), 0o600)
        t = Terminal([PATINA], patina_env(self.sb, home, NO_COLOR="1",
                                          COPPER_API_TOKEN="not-the-token"), 100, 30)
        self.addCleanup(t.close)
        return t

    def test_a_new_token_typed_in_the_prompt_and_the_work_resumes(self):
        with TempHome() as home:
            self.sb.clear_log()
            t = self.start_refused(home)
            t.wait_for("401: check the API token and its user's email; new token")
            refused = [e for e in self.sb.log() if e["status"] == 401]
            self.assertTrue(refused)
            t.send("sandbox-")
            t.send(paste("token"))
            t.wait_for("(hidden)")
            t.send("\r")
            t.wait_for(self.people[2], timeout=20)
            t.wait_for("Copper took the new token")
            raw = bytes(t.raw)
            self.assertNotIn(b"sandbox-token", raw)
            self.assertNotIn(b"not-the-token", raw)
            # what was refused went again once: a 401 and a 200 per request
            log = self.sb.log()
            for e in refused:
                same = [x for x in log if (x["method"], x["path"], x["body"]) ==
                        (e["method"], e["path"], e["body"])]
                self.assertEqual(sorted(x["status"] for x in same), [200, 401], same)

    def test_token_command_runs_again_once(self):
        with TempHome() as home:
            runs = os.path.join(home, "runs")
            self.sb.clear_log()
            t = self.start_refused(home, 'set token-command = "echo run >> %s; echo sandbox-token"\n'
                                   % runs)
            t.wait_for(self.people[2], timeout=20)
            t.wait_for("token-command gave a new one")
            with open(runs) as f:
                self.assertEqual(f.read(), "run\n")
            self.assertNotIn(b"sandbox-token", bytes(t.raw))

    def test_a_refused_token_twice_then_esc_gives_up(self):
        with TempHome() as home:
            t = self.start_refused(home, "set token-command = \"echo still-wrong\"\n")
            t.wait_for("401: check the API token and its user's email; new token")
            t.send("wrong-again\r")
            t.wait_for("401 again: check the token")
            t.send(b"\x1b")
            # the list says it could not be read, never "no records" (the
            # status line goes on to the errors of what waited)
            t.wait_for(lambda s: "Copper refused the credentials" in t.line(3), what="the error")
            self.assertNotIn("No records", t.text())


class Columns(TerminalCase):
    """The user's columns: from the config (an unknown one named with its
    file and line), typed in the list (C) and remembered across runs; the
    Value column shows its currency whole."""

    def header(self, t):
        return t.line(2).split()

    def test_config_then_typed_then_remembered(self):
        with TempHome() as home:
            t = self.start(home, config="set columns.people = email name owner\n")
            t.wait_for(lambda s: self.header(t)[:3] == ["Email", "Name", "Owner"], what="columns")
            self.sb.clear_log()
            t.send("|")
            t.wait_for(lambda s: self.status(t).startswith("Columns"), what="the prompt")
            self.assertIn("email name owner", self.status(t))
            t.send(b"\x15" + b"name phone:16 company\r")
            t.wait_for(lambda s: self.header(t)[:3] == ["Name", "Phone", "Company"],
                       what="the typed columns")
            t.wait_for("(remembered)")
            self.assertEqual(self.sb.log(), [], "columns cost no request")
            t.send("q")
            t.wait_exit()
            t2 = self.start(home)
            t2.wait_for(lambda s: self.header(t2)[:3] == ["Name", "Phone", "Company"],
                        what="the remembered columns")

    def test_an_unknown_column_in_the_config_names_file_and_line(self):
        with TempHome() as home:
            d = os.path.join(home, "config", "patina")
            os.makedirs(d)
            with open(os.path.join(d, "config"), "w") as f:
                f.write("# mine\nset columns.people = name fax\n")
            r = run_patina([], patina_env(self.sb, home))
            self.assertEqual(r.returncode, 2)
            self.assertIn("config:2: columns.people: unknown column 'fax' for People (known: "
                          "name, company, title, email, phone, owner)", r.stderr)

    def test_a_typo_typed_changes_nothing(self):
        with TempHome() as home:
            t = self.start(home)
            t.send("|")
            t.wait_for(lambda s: self.status(t).startswith("Columns"), what="the prompt")
            t.send(b"\x15name emial\r")
            t.wait_for("Columns unchanged: unknown column 'emial'")
            self.assertEqual(self.header(t)[:2], ["Name", "Company"])

    def test_the_value_column_shows_its_currency(self):
        with TempHome() as home:
            rows, _ = self.sb.api("POST", "/opportunities/search", {"page_size": 30})
            t = self.start(home, cols=160, rows=40)
            t.send("4")
            t.wait_for(lambda s: "Stage" in t.line(2), what="deals")
            first = rows[0]
            unit = first["monetary_unit"]
            t.wait_for(lambda s: any(ln.startswith(first["name"][:12]) and unit in ln
                                     for ln in s.splitlines()), what="value with its currency")


class Links(TerminalCase):
    """OSC 8 links to patina's own web addresses (numbers only) in `show`
    and `find` on a terminal; none in a pipe; no request made for them;
    none for the server's URLs."""

    def run_tty(self, home, args):
        t = Terminal([PATINA] + args, patina_env(self.sb, home), 200, 50)
        self.addCleanup(t.close)
        self.assertEqual(t.wait_exit(30), 0, t.text())
        return bytes(t.raw)

    def test_show_and_find_link_their_records(self):
        rows, _ = self.sb.api("POST", "/people/search", {"page_size": 1})
        person = rows[0]
        account, _ = self.sb.api("GET", "/account")
        url = "https://app.copper.com/companies/%d/app#/contact/%d" % (account["id"], person["id"])
        with TempHome() as home:
            env = patina_env(self.sb, home)
            # the links cost no request: a terminal and a pipe ask the same
            # (once the cache is warm)
            run_patina(["find", "people", person["name"]], env)
            self.sb.clear_log()
            run_patina(["find", "people", person["name"]], env)
            piped = sorted(e["path"] for e in self.sb.log())
            self.sb.clear_log()
            self.run_tty(home, ["find", "people", person["name"]])
            self.assertEqual(sorted(e["path"] for e in self.sb.log()), piped)
            raw = self.run_tty(home, ["show", "person", str(person["id"])])
            self.assertIn(("\x1b]8;;%s\x1b\\" % url).encode(), raw)
            raw = self.run_tty(home, ["find", "people", person["name"]])
            self.assertIn(("\x1b]8;;%s\x1b\\" % url).encode(), raw)
            self.assertIn(("\x1b]8;;\x1b\\").encode(), raw)
            # every link is patina's own: the account's and the records' numbers
            for link in re.findall(rb"\x1b\]8;;([^\x1b]+)\x1b", raw):
                self.assertRegex(link.decode(), r"^https://app\.copper\.com/companies/\d+/app#/"
                                 r"contact/\d+$")
            # a pipe: no links
            r = run_patina(["find", "people", person["name"]], env)
            self.assertNotIn("\x1b]8", r.stdout)


class Paste(TerminalCase):
    def test_a_paste_into_search_is_text_and_lines_are_joined(self):
        with TempHome() as home:
            t = self.start(home)
            t.send("/")
            t.wait_for(lambda s: self.status(t).startswith("Search"), what="the search prompt")
            t.send(paste("Ada\r\nq\n"))
            t.wait_for(lambda s: "Ada q" in self.status(t) or "Pasted 2 lines" in s,
                       what="the joined paste")
            self.assertFalse(t.exited())
            t.wait_for(lambda s: "Pasted 2 lines as one" in s, what="the message")

    def test_a_paste_outside_a_prompt_never_runs_as_keys(self):
        with TempHome() as home:
            t = self.start(home)
            self.sb.clear_log()
            t.send(paste("qjjjj2"))
            t.wait_for("Pasted text goes into a prompt")
            self.assertFalse(t.exited())
            self.assertTrue(self.cursor_row(t).startswith(self.people[0]))
            self.assertIn("People", t.line(0))

    def test_a_paste_into_long_text_keeps_its_lines(self):
        with TempHome() as home:
            t = self.start(home)
            self.sb.clear_log()
            t.send("e")
            t.wait_for("Esc leave", timeout=20)
            screen = t.text().splitlines()
            y = next(i for i, ln in enumerate(screen) if ln.lstrip(" \u25cf").startswith("Description"))
            t.send(press(5, y) * 2)
            t.wait_for(lambda s: self.status(t).startswith("Description"), what="the prompt")
            t.send(b"\x15")  # C-u: empty the field
            t.send(paste("first line\r\nsecond line"))
            t.wait_for(lambda s: "first line\\nsecond line" in self.status(t), what="kept lines")
            t.send("\r")
            t.send("w")
            t.wait_for("Enter or w sends it", timeout=20, what="the preview")
            t.send("w")
            t.wait_for(lambda s: any(e["method"] == "PUT" for e in self.sb.log()), timeout=20,
                       what="the save")
            puts = [e for e in self.sb.log() if e["method"] == "PUT"]
            self.assertEqual(len(puts), 1)
            self.assertEqual(puts[0]["body"].get("details"), "first line\nsecond line")


if __name__ == "__main__":
    unittest.main()
