"""Trust, end to end: what patina shows or reports is true, and nothing
crashes it. Each case here is a defect found by trying patina as a new user
would (issue #11); the item number is in the test's docstring."""

import base64
import os
import signal
import sys
import termios
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import (PATINA, Sandbox, TempHome, Terminal, patina_env, require_pyte,  # noqa: E402
                     run_patina)
import json  # noqa: E402
from test_edit import Form  # noqa: E402

API = "/developer_api/v1"


class Trust(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        require_pyte()
        cls.sb = Sandbox()

    @classmethod
    def tearDownClass(cls):
        cls.sb.stop()

    def start(self, home, cols=160, rows=45, **env):
        env.setdefault("NO_COLOR", "1")
        t = Terminal([PATINA], patina_env(self.sb, home, **env), cols, rows)
        self.addCleanup(t.close)
        return t

    def first(self, entity, **body):
        body.setdefault("page_size", 200)
        rows, headers = self.sb.api("POST", "/%s/search" % entity, body)
        return rows, int(headers["X-PW-TOTAL"])

    def log(self, method=None, path=None):
        return [e for e in self.sb.log()
                if (method is None or e["method"] == method)
                and (path is None or e["path"].startswith(API + path))]

    def alive(self, t, what):
        t.pump(0.3)
        self.assertFalse(t.exited(), "patina died (%s); screen:\n%s" % (what, t.text()))

    # ---- crashes ---------------------------------------------------------

    def test_board_survives_widening_after_scrolling_right(self):
        """#1: b, 40x20, l eight times, 200x40 overflowed the columns."""
        with TempHome() as home:
            t = self.start(home, 100, 30)
            t.wait_for(" of ")
            t.send("b")
            t.wait_for("Board: ")
            t.wait_for("open deal", timeout=30)
            t.resize(40, 20)
            t.pump(0.3)
            t.send("l" * 8)
            t.pump(0.3)
            t.resize(200, 40)
            t.wait_for("Board: ")
            self.alive(t, "board widened")
            t.resize(30, 12)
            t.resize(220, 50)
            t.wait_for("open deal")
            self.alive(t, "board resized again")

    def resize_storm(self, t, what):
        for cols, rows in ((200, 50), (24, 8), (160, 45), (30, 6), (120, 40), (21, 5), (160, 45)):
            t.resize(cols, rows)
            t.pump(0.05)
        self.alive(t, what)

    def test_every_view_survives_a_resize_storm_at_its_far_end(self):
        """#1: every "first visible" index, walked to the far end, then the
        terminal grows and shrinks."""
        with TempHome() as home:
            t = self.start(home)
            t.wait_for(" of ")
            t.send("G")                         # the list, at its last row
            t.wait_for("1,5")
            self.resize_storm(t, "list")
            t.send("\tz.G")                     # the detail, maximized, at its end
            t.pump(0.3)
            self.resize_storm(t, "detail")
            t.send("z\t?G")                     # the help, at its end
            t.wait_for("In prompts")
            self.resize_storm(t, "help")
            t.send("?e")                        # the form, at its last field
            t.wait_for("Edit Person")
            t.send("G")
            self.resize_storm(t, "form")
            t.send("\x1b")
            t.send("b")                         # the board, at the last column
            t.wait_for("Board: ")
            t.send("l" * 12 + "G")
            self.resize_storm(t, "board")
            t.wait_for("Board: ")

    def test_a_crash_leaves_the_terminal_usable(self):
        """#3: a fatal signal restores the screen and the tty modes before
        the process dies."""
        with TempHome() as home:
            t = self.start(home)
            t.wait_for(" of ")
            self.assertFalse(termios.tcgetattr(t.fd)[3] & termios.ICANON)  # curses' raw mode
            before = len(t.raw)
            os.kill(t.pid, signal.SIGSEGV)
            t.wait_exit(timeout=20)
            after = bytes(t.raw[before:])
            self.assertIn(b"\x1b[?1049l", after)   # left the alternate screen
            self.assertIn(b"\x1b[?25h", after)     # the cursor is back
            lflag = termios.tcgetattr(t.fd)[3]
            self.assertTrue(lflag & termios.ICANON and lflag & termios.ECHO)

    def test_c_s_typed_while_starting_does_not_freeze_the_screen(self):
        """Found by the TUI soak: a C-s (XOFF) that reaches the terminal
        before curses starts stopped its output, and patina's first write
        blocked for good. The user's flow control is back after quitting."""
        with TempHome() as home:
            t = self.start(home)
            self.assertTrue(termios.tcgetattr(t.fd)[0] & termios.IXON)
            t.send("\x13")                      # before patina has set the terminal up
            t.wait_for(" of ", timeout=30)
            self.assertFalse(termios.tcgetattr(t.fd)[0] & termios.IXON)
            t.send("q")
            self.assertEqual(t.wait_exit(), 0)
            self.assertTrue(termios.tcgetattr(t.fd)[0] & termios.IXON)

    def test_the_redraw_key_redraws_while_a_prompt_is_open(self):
        """Found by the TUI soak: C-l did nothing while typing in a prompt,
        so a screen garbled by another program stayed garbled."""
        with TempHome() as home:
            t = self.start(home)
            t.wait_for(" of ")
            t.send("/abc")
            t.wait_for("Search: abc")
            t.pump(0.3)
            before = len(t.raw)
            t.send("\x0c")
            t.wait_for(lambda s: len(t.raw) > before + 500, what="a whole redraw")
            self.assertIn("Search: abc", t.text())      # still typing, nothing inserted
            t.send("d")
            t.wait_for("Search: abcd")

    # ---- saying something false -----------------------------------------

    def edit_title(self, home, rec, title, **env):
        """Opens the form on a person (the first row) and types a title."""
        t = self.start(home, 140, 50, TZ="UTC", **env)
        t.wait_for(rec["name"][:20])
        t.send("e")
        t.wait_for("Enter change")
        form = Form(t)
        form.set("Title", title)
        t.wait_for("1 change")
        return t, form

    def test_a_lost_answer_to_a_save_is_checked_not_guessed(self):
        """#4: a PUT whose answer was lost after the server applied it was
        reported "Not saved", and on a flaky link went out four times."""
        rows, _ = self.first("people")
        rec = rows[0]
        with TempHome() as home:
            title = "Lost Answer %d" % int(time.time())
            t, form = self.edit_title(home, rec, title)
            self.sb.clear_log()
            # the server carries the PUT out, then the answer never comes
            self.sb.control("POST", "/_sandbox/fail_next", {
                "count": 1, "method": "PUT", "path_prefix": "/people", "after": True})
            form.save()
            t.wait_for("Saved Person #%d (its answer was lost" % rec["id"])
            self.assertNotIn("Not saved", t.text())
            self.assertEqual(len(self.log("PUT")), 1)
            now, _ = self.sb.api("GET", "/people/%d" % rec["id"])
            self.assertEqual(now["title"], title)
            # the pane shows what the server has
            t.wait_for(lambda s: any(title in ln and "│" not in ln[:3] for ln in s.splitlines()),
                       what="the saved title in the pane")

    def test_a_save_that_did_not_happen_says_so_and_keeps_the_change(self):
        """#4: a 503 to a PUT: re-read, not applied, said so; sent once."""
        rows, _ = self.first("people")
        rec = rows[1]
        with TempHome() as home:
            t = self.start(home, 140, 50, TZ="UTC")
            t.wait_for(rec["name"][:20])
            t.send("je")
            t.wait_for("Enter change")
            form = Form(t)
            form.set("Title", "Never Sent Twice")
            self.sb.clear_log()
            self.sb.control("POST", "/_sandbox/fail_next", {
                "count": 1, "status": 503, "method": "PUT", "path_prefix": "/people"})
            form.save()
            t.wait_for("Not saved, your changes are kept: the record still has its old values")
            self.assertIn("1 change", t.text())          # the form stays, the change kept
            self.assertEqual(len(self.log("PUT")), 1)      # never sent again on its own
            self.assertEqual(len(self.log("GET", "/people/%d" % rec["id"])), 2)  # check, re-read
            t.send("\x1b\r")                               # leave, discarding
            t.wait_for("Changes discarded")

    def test_a_list_field_adds_and_removes_items_and_names_what_it_drops(self):
        """#12: a list could only be replaced whole, silently dropping items."""
        rows, _ = self.first("people")
        rec = next(r for r in rows[2:] if len(r.get("emails") or []) >= 2)
        before = [e["email"] for e in rec["emails"]]
        added = "added.%d@example.com" % int(time.time())
        with TempHome() as home:
            t = self.start(home, 140, 50, TZ="UTC")
            t.wait_for(rec["name"][:20])
            t.send("/" + rec["name"] + "\r")
            t.wait_for(lambda s: "1 match" in s or rec["name"] in s.splitlines()[2], what="the record")
            t.send("e")
            t.wait_for("Enter change")
            form = Form(t)
            form.set("Emails", "-= no.such@example.com")
            t.wait_for("'no.such@example.com' is not on the list")
            t.send("\x15\x1b")
            form.set("Emails", "+= " + added)
            t.wait_for("1 change")
            self.assertNotIn("saving removes", t.text())
            form.save()
            t.wait_for("Saved")
            now, _ = self.sb.api("GET", "/people/%d" % rec["id"])
            self.assertEqual([e["email"] for e in now["emails"]], before + [added])
            # retyping the list without two of them names those two
            t.send("e")
            t.wait_for("Enter change")
            form.set("Emails", before[0])
            t.wait_for("Emails: saving removes %s" % before[1])
            self.assertIn(added, t.text())

    def test_an_editor_file_that_cannot_be_written_changes_nothing(self):
        """#20: a full $TMPDIR silently cleared a field edited with E."""
        rows, _ = self.first("people")
        rec = rows[0]
        with TempHome() as home:
            tmp = os.path.join(home, "tmp")
            os.makedirs(tmp)
            # a file in this directory cannot be written: a full disk
            limits = os.path.join(home, "editor")
            with open(limits, "w") as f:
                f.write("#!/bin/sh\necho edited > \"$1\"\n")
            os.chmod(limits, 0o755)
            t = self.start(home, 140, 50, TZ="UTC", TMPDIR="/proc/self", EDITOR=limits)
            t.wait_for(rec["name"][:20])
            t.send("e")
            t.wait_for("Enter change")
            form = Form(t)
            form.goto("Title")
            t.send("E")
            t.wait_for("nothing changed")
            self.assertIn("Cannot create a file for $EDITOR", t.text())
            self.assertNotIn("1 change", t.text())

    def test_an_editor_in_a_quoted_path_with_spaces_works(self):
        """#21: $EDITOR with a quoted path holding spaces (and an argument)
        runs, as git runs it: sh -c '$EDITOR "$1"'."""
        rows, _ = self.first("people")
        rec = rows[0]
        with TempHome() as home:
            d = os.path.join(home, "my tools")
            os.makedirs(d)
            ed = os.path.join(d, "my editor")
            with open(ed, "w") as f:
                f.write("#!/bin/sh\n[ \"$1\" = --flag ] && shift\necho 'From My Editor' > \"$1\"\n")
            os.chmod(ed, 0o755)
            t = self.start(home, 140, 50, TZ="UTC", EDITOR="'%s' --flag" % ed, VISUAL="")
            t.wait_for(rec["name"][:20])
            t.send("e")
            t.wait_for("Enter change")
            form = Form(t)
            form.goto("Title")
            t.send("E")
            t.wait_for("1 change")
            t.wait_for("From My Editor")

    def test_reload_rereads_the_record_in_the_pane(self):
        """#5: R re-read the list but the open record kept its old values."""
        rows, _ = self.first("people")
        rec = rows[0]
        with TempHome() as home:
            t = self.start(home)
            t.wait_for(rec["name"][:20])
            title = "Head of Rereading %d" % int(time.time())
            self.sb.control("POST", "/_sandbox/mutate/people/%d" % rec["id"], {"title": title})
            t.send("R")
            t.wait_for(title)
            # a record followed from elsewhere is re-read by itself
            t.send("\t")
            self.sb.clear_log()
            title2 = title + " again"
            self.sb.control("POST", "/_sandbox/mutate/people/%d" % rec["id"], {"title": title2})
            t.send("R")
            t.wait_for(title2)
            self.assertEqual(len(self.log("GET", "/people/%d" % rec["id"])), 1)

    def test_an_old_record_says_how_old_and_r_reads_it_again(self):
        """#5: show when a record was fetched if it is older than a few
        minutes (here one, by the show-age-after setting)."""
        rows, _ = self.first("people")
        with TempHome() as home:
            cfg = os.path.join(home, "config", "patina")
            os.makedirs(cfg)
            with open(os.path.join(cfg, "config"), "w") as f:
                f.write("set show-age-after = 60\n")
            os.chmod(os.path.join(cfg, "config"), 0o600)
            t = self.start(home)
            t.wait_for(rows[0]["name"][:20])
            self.assertNotIn("min ago", t.text())
            t.wait_for("read 1 min ago (R reads it again)", timeout=75)
            t.send("\tR")
            t.wait_for(lambda s: "min ago" not in s, what="the age gone after R")

    def test_a_failed_timeline_is_shown_as_a_failure(self):
        """#9: a 405 on activities/search was retried four times and shown
        as 'No activities.'"""
        rows, _ = self.first("opportunities")
        with TempHome() as home:
            t = self.start(home)
            t.wait_for(" of ")
            t.send("4")
            t.wait_for(rows[0]["name"][:20])
            self.sb.clear_log()
            # four, as many as patina used to send: all but one are left over
            self.sb.control("POST", "/_sandbox/fail_next", {
                "count": 4, "status": 405, "path_prefix": "/activities/search"})
            t.send("\ta")
            t.wait_for("The timeline could not be read: HTTP 405")
            self.assertNotIn("No activities", t.text())
            self.assertEqual(len(self.log("POST", "/activities/search")), 1)
            self.sb.control("POST", "/_sandbox/fail_next", {"clear": True})

    def test_a_created_record_is_opened_and_counted(self):
        """#10: after + created a record the header still said "of 318"."""
        _, total = self.first("projects")
        name = "Trust Project %d" % int(time.time())
        with TempHome() as home:
            t = self.start(home)
            t.wait_for(" of ")
            t.send("5")
            t.wait_for("of {:,}".format(total))
            t.send("+")
            t.wait_for("New Project")
            t.wait_for("Enter change")
            form = Form(t)
            form.set("Name", name)
            form.save()
            t.wait_for("Created Project")
            t.wait_for("of {:,}".format(total + 1))
            t.wait_for(lambda s: any(name in ln and "Project #" in ln for ln in s.splitlines()),
                       what="the new record in the detail pane")

    def test_an_empty_search_empties_the_pane_and_its_actions(self):
        """#11: an empty search left the old record in the pane, and e
        edited it."""
        rows, _ = self.first("people")
        with TempHome() as home:
            t = self.start(home)
            t.wait_for(rows[0]["name"][:20])
            t.send("/zzzqqqxxx\r")
            t.wait_for("No records match")
            t.wait_for("No record selected.")
            self.assertNotIn(rows[0]["name"][:20], t.text())
            t.send("e")
            t.wait_for("No record here")
            self.assertNotIn("Edit Person", t.text())

    def test_greater_than_is_strict_and_at_least_is_not(self):
        """#7: value>12000 returned the deals worth exactly 12,000."""
        rows, _ = self.first("opportunities", sort_by="monetary_value")
        # a whole value with deals below and above it
        deal = next(r for r in rows[len(rows) // 2:] if isinstance(r.get("monetary_value"), int))
        v = deal["monetary_value"]

        def found(term):
            with TempHome() as home:
                r = run_patina(["find", "opportunities", term, "--format", "ndjson", "--limit", "100000"],
                               patina_env(self.sb, home))
            self.assertEqual(r.returncode, 0, r.stderr)
            return {json.loads(ln)["id"] for ln in r.stdout.splitlines()}
        self.assertNotIn(deal["id"], found("value>%d" % v))
        self.assertIn(deal["id"], found("value>=%d" % v))
        self.assertNotIn(deal["id"], found("value<%d" % v))
        self.assertIn(deal["id"], found("value<=%d" % v))

    def test_record_keys_act_on_the_list_row(self):
        """#14: r a y Y o did nothing in the list."""
        rows, _ = self.first("people")
        rec = rows[2]
        with TempHome() as home:
            t = self.start(home)
            t.wait_for(rows[0]["name"][:20])
            t.send("jj")
            t.pump(0.3)
            before = len(t.raw)
            t.send("Y")
            t.wait_for("Copied the record's address")
            osc = bytes(t.raw[before:])
            start = osc.index(b"\x1b]52;c;") + 7
            url = base64.b64decode(osc[start:osc.index(b"\a", start)]).decode()
            self.assertTrue(url.endswith("/contact/%d" % rec["id"]), url)
            t.send("a")
            t.wait_for(lambda s: "Loading the activity" not in s and
                       ("by " in s or "No activities" in s), what="the row's timeline")

    def test_a_refused_token_says_what_to_do_in_80_columns(self):
        """#14: at 80 columns the 401 message was cut before its advice."""
        with TempHome() as home:
            t = self.start(home, 80, 24, COPPER_API_TOKEN="not-the-token")
            t.wait_for("check the API token and its user's email")

    def test_help_lists_each_key_once(self):
        """#14: the help showed "R, R" and "b, q, Esc, b"."""
        with TempHome() as home:
            t = self.start(home, 160, 200)
            t.wait_for(" of ")
            t.send("?")
            t.wait_for("In prompts")
            text = t.text()
            self.assertNotIn("R, R", text)
            self.assertNotIn("b, q, Esc, b", text)
            self.assertIn("b, q, Esc", text)


    def test_help_wraps_at_80_columns_and_the_finder_lists_only_its_keys(self):
        """At 80 columns the help cut long descriptions; in the finder it
        listed j and q, which are typed into the query there."""
        with TempHome() as home:
            t = self.start(home, 80, 40)
            t.wait_for(" of ")
            t.send("?")
            t.wait_for("Everywhere")
            words = " ".join(ln.strip() for ln in t.text().splitlines()).split()
            said = "Go to Today: your tasks due, deals closing this month, records untouched"
            self.assertIn(said, " ".join(words))
            t.send("G")
            t.wait_for("In the finder")
            lines = t.text().splitlines()
            finder = lines[next(i for i, ln in enumerate(lines) if "In the finder" in ln):]
            down = next(ln for ln in finder if "move-down" in ln)
            self.assertEqual(down.split("move-down")[0].strip(), "Down, C-n, Tab")
            cancel = next(ln for ln in finder if " cancel " in ln)
            self.assertEqual(cancel.split("cancel")[0].strip(), "Esc")

if __name__ == "__main__":
    unittest.main(verbosity=2)
