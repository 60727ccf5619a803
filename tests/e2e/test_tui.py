"""The interactive patina in a pseudo-terminal against the sandbox: it
opens on the People list, switches tabs, stays responsive while requests
are slow, survives resizes and tiny terminals, restores the terminal on
quit and on SIGHUP, and keeps hostile record text inert."""

import os
import signal
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import PATINA, Sandbox, TempHome, Terminal, patina_env, require_pyte  # noqa: E402

LEAVE_ALTSCREEN = b"\x1b[?1049l"


def first_names(sandbox, entity, n=5):
    rows, _ = sandbox.api("POST", "/%s/search" % entity, {"page_number": 1, "page_size": 200})
    return [r["name"] for r in rows[:n]]


class TuiBasics(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        require_pyte()
        cls.sandbox = Sandbox()

    @classmethod
    def tearDownClass(cls):
        cls.sandbox.stop()

    def start(self, home, cols=100, rows=30, **env):
        term = Terminal([PATINA], patina_env(self.sandbox, home, **env), cols, rows)
        self.addCleanup(term.close)
        return term

    def test_opens_on_people_and_switches_tabs(self):
        people = first_names(self.sandbox, "people")
        companies = first_names(self.sandbox, "companies")
        _, headers = self.sandbox.api("POST", "/people/search", {"page_size": 1})
        total = int(headers["X-PW-TOTAL"])
        with TempHome() as home:
            t = self.start(home)
            t.wait_for(people[0])
            screen = t.wait_for(lambda s: all(n in s for n in people), what="first people")
            self.assertIn("People", screen.splitlines()[0])
            self.assertIn("of {:,}".format(total), screen.splitlines()[0])
            t.send("2")
            t.wait_for(lambda s: all(n in s for n in companies), what="companies")
            self.assertIn("Companies", t.text().splitlines()[0])
            t.send("q")
            self.assertEqual(t.wait_exit(), 0)
            self.assertIn(LEAVE_ALTSCREEN, bytes(t.raw[-200:]))

    def test_cursor_moves_with_j_and_k(self):
        people = first_names(self.sandbox, "people", 3)
        with TempHome() as home:
            # NO_COLOR: the monochrome theme marks the cursor with reverse video
            t = self.start(home, NO_COLOR="1")
            t.wait_for(people[2])

            def cursor_row():
                # rows start on line 3 (title, tabs, column header above)
                for y in range(3, t.rows - 1):
                    if t.screen.buffer[y][0].reverse:
                        return t.line(y)
                return None
            t.wait_for(lambda s: (cursor_row() or "").startswith(people[0] + " "), what="cursor on first row")
            t.send("jj")
            t.wait_for(lambda s: (cursor_row() or "").startswith(people[2] + " "), what="cursor on third row")
            t.send("k")
            t.wait_for(lambda s: (cursor_row() or "").startswith(people[1] + " "), what="cursor on second row")

    def test_resize_and_too_small(self):
        people = first_names(self.sandbox, "people", 1)
        with TempHome() as home:
            t = self.start(home, 80, 24)
            t.wait_for(people[0])
            t.resize(15, 4)
            t.wait_for("too", what="too-small notice")
            t.resize(120, 40)
            t.wait_for(people[0])
            self.assertIn("People", t.text().splitlines()[0])

    def test_eight_colour_terminal_folds_the_theme(self):
        people = first_names(self.sandbox, "people", 2)
        with TempHome() as home:
            t = self.start(home, TERM="pyte-8color")
            t.wait_for(people[1])
            basic = {"default", "black", "red", "green", "brown", "blue", "magenta", "cyan", "white"}
            title = t.screen.buffer[0][2]
            cursor = t.screen.buffer[3][1]
            # 256-colour entries became basic colours, and the cursor stands out
            self.assertIn(title.bg, basic - {"default"})
            self.assertIn(cursor.bg, basic - {"default"})
            self.assertNotEqual(cursor.bg, t.screen.buffer[4][1].bg)

    def test_sighup_restores_the_terminal(self):
        people = first_names(self.sandbox, "people", 1)
        with TempHome() as home:
            t = self.start(home)
            t.wait_for(people[0])
            os.kill(t.pid, signal.SIGHUP)
            t.wait_exit()
            self.assertIn(LEAVE_ALTSCREEN, bytes(t.raw[-200:]))


class TuiSlowNetwork(unittest.TestCase):
    """With every request taking 2 s, keys are still answered at once."""

    @classmethod
    def setUpClass(cls):
        require_pyte()
        cls.sandbox = Sandbox("--latency", "2000")

    @classmethod
    def tearDownClass(cls):
        cls.sandbox.stop()

    def test_keys_answered_while_fetch_pending(self):
        with TempHome() as home:
            t = Terminal([PATINA], patina_env(self.sandbox, home))
            self.addCleanup(t.close)
            t.wait_for("Loading")
            worst = 0.0
            for key, title in (("2", "Companies"), ("3", "Leads"), ("1", "People"), ("4", "Opportunities")):
                start = time.monotonic()
                t.send(key)
                t.wait_for(lambda s, title=title: title in s.splitlines()[0], timeout=1.5,
                           what=title + " in the title")
                worst = max(worst, time.monotonic() - start)
            # every switch was drawn long before any 2 s answer could arrive
            self.assertLess(worst, 1.0)
            self.assertIn("Loading", t.text())
            t.send("q")
            self.assertEqual(t.wait_exit(timeout=3), 0)


class TuiHostileData(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        require_pyte()
        cls.sandbox = Sandbox("--hostile")

    @classmethod
    def tearDownClass(cls):
        cls.sandbox.stop()

    def test_record_text_cannot_drive_the_terminal(self):
        with TempHome() as home:
            t = Terminal([PATINA], patina_env(self.sandbox, home), 140, 40)
            self.addCleanup(t.close)
            t.wait_for(lambda s: " of " in s.splitlines()[0], what="a loaded list")
            t.pump(0.5)
            clears_at_start = bytes(t.raw).count(b"\x1b[2J")
            # cells, not strings: a wide character fills two cells
            border_col = next(x for x in range(t.cols) if t.screen.buffer[5][x].data == "\u2502")
            for key in "123456":
                t.send(key)
                t.wait_for(lambda s: " of " in s.splitlines()[0], what="list %s" % key)
                # walk the rows and the detail of each: hostile text everywhere
                for _ in range(4):
                    t.send("jjjjjjjj")
                    t.pump(0.2)
                    # wide, combining and RTL text never pushes the panes apart
                    for y in range(3, t.rows - 1):
                        self.assertEqual(t.screen.buffer[y][border_col].data, "\u2502",
                                         "row %d misaligned:\n%s" % (y, t.text()))
                t.send("\tjjjjj\x06\x06\t")  # into the detail, down, page, back
                t.pump(0.3)
            t.send("q")
            t.wait_exit()
            raw = bytes(t.raw)
            self.assertNotIn(b"\x1b]", raw, "an OSC sequence (title, clipboard) reached the terminal")
            self.assertNotIn(b"\xc2\x9d", raw)
            self.assertNotIn(b"\x07", raw)
            self.assertNotIn(b"\x1bP", raw)
            # no clear screen beyond curses' own at start-up
            self.assertEqual(raw.count(b"\x1b[2J"), clears_at_start)


    def test_a_100_kb_description_scrolls(self):
        for entity, key, label in (("people", "1", "Person"), ("companies", "2", "Company"),
                                   ("opportunities", "4", "Opportunity")):
            rows, _ = self.sandbox.api("POST", "/%s/search" % entity, {"page_size": 200})
            big = [i for i, r in enumerate(rows)
                   if isinstance(r.get("details"), str) and len(r["details"]) > 50000]
            if big:
                break
        self.assertTrue(big, "the hostile sandbox has no 100 KB details in a first page")
        row = big[0]
        with TempHome() as home:
            t = Terminal([PATINA], patina_env(self.sandbox, home), 140, 40)
            self.addCleanup(t.close)
            t.send(key)
            t.wait_for(lambda s: " of " in s.splitlines()[0] and label in s, what="list")
            t.send("#%d\r" % (row + 1))
            t.wait_for("%s #%d" % (label, rows[row]["id"]))
            t.send("\tz")          # the detail, maximized
            screens = set()
            for _ in range(30):
                t.send("\x06")     # page down
                t.pump(0.05)
                screens.add(t.text())
            self.assertGreater(len(screens), 20, "the long text did not scroll")
            t.send("G")
            t.pump(0.3)
            self.assertFalse(t.exited())
            t.send("q")
            self.assertEqual(t.wait_exit(), 0)
            self.assertNotIn(b"\x1b]", bytes(t.raw))


class TuiClipboardAndBrowser(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        require_pyte()
        cls.sandbox = Sandbox()

    @classmethod
    def tearDownClass(cls):
        cls.sandbox.stop()

    def test_copy_value_and_url_with_osc52_and_open_in_browser(self):
        import base64
        rows, _ = self.sandbox.api("POST", "/people/search", {"page_number": 1, "page_size": 1})
        account, _ = self.sandbox.api("GET", "/account")
        person = rows[0]
        url = "https://app.copper.com/companies/%d/app#/contact/%d" % (account["id"], person["id"])
        with TempHome() as home:
            opened = os.path.join(home, "opened")
            browser = os.path.join(home, "browser.sh")
            with open(browser, "w") as f:
                f.write("#!/bin/sh\nprintf '%%s' \"$1\" > '%s'\n" % opened)
            os.chmod(browser, 0o755)
            t = Terminal([PATINA], patina_env(self.sandbox, home, BROWSER=browser), 120, 30)
            self.addCleanup(t.close)
            t.wait_for("Person #%d" % person["id"])
            t.send("\t")   # the detail pane; the first field (Name) is selected
            t.send("y")
            t.wait_for("Copied the value")
            want = b"\x1b]52;c;" + base64.b64encode(person["name"].encode()) + b"\x07"
            self.assertIn(want, bytes(t.raw))
            t.send("Y")
            t.wait_for("Copied the record's address")
            self.assertIn(b"\x1b]52;c;" + base64.b64encode(url.encode()) + b"\x07", bytes(t.raw))
            t.send("o")
            t.wait_for("Opened " + url[:40])
            with open(opened) as f:
                self.assertEqual(f.read(), url)


if __name__ == "__main__":
    unittest.main(verbosity=2)
