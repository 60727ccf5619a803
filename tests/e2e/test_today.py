"""Today (0, or set start-view = today), end to end: the sections are the
searches the request log shows, their counts the sandbox's totals; x, s and
u are one partial PUT each (after one read), nothing sent twice after a
lost answer, a colleague's change never overwritten."""

import datetime
import os
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import PATINA, Sandbox, TempHome, Terminal, patina_env, require_pyte  # noqa: E402

API = "/developer_api/v1"
DAY = 86400


def midnight_utc(ts):
    return ts - ts % DAY


class TodayCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        require_pyte()
        cls.sb = Sandbox()
        cls.me = cls.sb.api("GET", "/users/me")[0]["id"]

    @classmethod
    def tearDownClass(cls):
        cls.sb.stop()

    def make_task(self, name, due):
        task, _ = self.sb.api("POST", "/tasks", {"name": name, "assignee_id": self.me,
                                                   "due_date": due, "status": "Open"})
        return task

    def start(self, home, start_view=True, cols=160, rows=50):
        if start_view:
            cfg = os.path.join(home, "config", "patina")
            os.makedirs(cfg, mode=0o700)
            with open(os.path.join(cfg, "config"), "w") as f:
                f.write("set start-view = today\n")
            os.chmod(os.path.join(cfg, "config"), 0o600)
        t = Terminal([PATINA], patina_env(self.sb, home, NO_COLOR="1", TZ="UTC"), cols, rows)
        self.addCleanup(t.close)
        return t

    def section_searches(self):
        """The sections' searches in the log, in the order sent."""
        return [e for e in self.sb.log() if e["method"] == "POST" and e["path"].endswith("/search")
                and "assignee_ids" in (e["body"] or {})]

    def replay(self, entry):
        """The same search again: its records and X-PW-TOTAL."""
        rows, h = self.sb.api("POST", entry["path"][len(API):], entry["body"])
        return rows, int(h["X-PW-TOTAL"])

    def wait_loaded(self, t):
        """Every section's count is in the title bar."""
        t.wait_for(lambda s: all(w in s.splitlines()[0] for w in
                                 ("overdue", "due today", "upcoming", "closing", "untouched")),
                   timeout=40, what="every section")

    def requests_since(self, mark):
        return [e for e in self.sb.log()[mark:] if not e["path"].endswith("/_sandbox/log")]


class Today(TodayCase):
    def test_sections_are_six_searches_and_their_totals(self):
        now = int(time.time())
        today = midnight_utc(now)
        due_today = self.make_task("Salesday: call Ada today", today + 15 * 3600)
        upcoming = self.make_task("Salesday: send Ada the quote", today + 3 * DAY + 10 * 3600)
        with TempHome() as home:
            self.sb.clear_log()
            t = self.start(home)
            # the first screen, without a key: start-view = today
            t.wait_for("Overdue (", timeout=30)
            self.wait_loaded(t)
            searches = self.section_searches()
            kinds = [e["path"].rsplit("/", 2)[1] for e in searches]
            self.assertEqual(sorted(kinds), ["leads", "opportunities", "opportunities", "tasks",
                                             "tasks", "tasks"], kinds)
            for e in searches:
                self.assertEqual(e["body"]["assignee_ids"], [self.me])
                self.assertEqual(e["body"]["page_size"], 100)
            tasks = {}
            for e in searches:
                b = e["body"]
                if "/tasks/" in e["path"]:
                    self.assertEqual(b["statuses"], ["Open"])
                    key = ("overdue" if "minimum_due_date" not in b else
                           "today" if b["minimum_due_date"] == today else "upcoming")
                    tasks[key] = e
            self.assertEqual(tasks["overdue"]["body"]["maximum_due_date"], today - 1)
            self.assertEqual(tasks["today"]["body"]["maximum_due_date"], today + DAY - 1)
            self.assertEqual(tasks["upcoming"]["body"]["minimum_due_date"], today + DAY)
            self.assertEqual(tasks["upcoming"]["body"]["maximum_due_date"], today + 8 * DAY - 1)
            deals = [e for e in searches if "/opportunities/" in e["path"]]
            closing = next(e for e in deals if "minimum_close_date" in e["body"])
            month = datetime.datetime.fromtimestamp(today, datetime.timezone.utc)
            self.assertEqual(closing["body"]["minimum_close_date"],
                             int(month.replace(day=1).timestamp()))
            self.assertEqual(closing["body"]["status_ids"], [0])
            stale = [e for e in searches if "maximum_modified_date" in e["body"]]
            self.assertEqual(len(stale), 2)
            for e in stale:
                self.assertAlmostEqual(e["body"]["maximum_modified_date"], now - 30 * DAY, delta=120)
            # every count on screen is the sandbox's total for that search
            n = {k: self.replay(e)[1] for k, e in tasks.items()}
            n["closing"] = self.replay(closing)[1]
            n["stale"] = sum(self.replay(e)[1] for e in stale)
            self.assertGreaterEqual(n["today"], 1)
            self.assertEqual(t.line(0).split("\u2502 Today")[1].split("  ")[1].strip(),
                             "%d overdue \xb7 %d due today \xb7 %d upcoming \xb7 %d closing \xb7 "
                             "%d untouched 30d+" % (n["overdue"], n["today"], n["upcoming"],
                                                    n["closing"], n["stale"]))
            self.assertIn("Overdue (%d)  owner:me status:open due:overdue" % n["overdue"], t.text())
            mark = len(self.sb.log())
            # down to the tasks made here: their sections, with their filters
            t.send("j" * min(n["overdue"], 100))
            t.wait_for("Due today (%d)  owner:me status:open due:today" % n["today"])
            t.wait_for(due_today["name"])
            t.send("j" * (n["today"] + n["upcoming"] - 1))
            t.wait_for("Upcoming (7 days) (%d)" % n["upcoming"])
            t.wait_for(upcoming["name"])
            # nothing more was asked for while moving
            self.assertEqual(self.requests_since(mark), [])

    def test_complete_snooze_and_undo_one_put_each(self):
        now = int(time.time())
        today = midnight_utc(now)
        task = self.make_task("Salesday: complete me", today + 16 * 3600)
        with TempHome() as home:
            t = self.start(home)
            self.wait_loaded(t)
            overdue = next(self.replay(e)[0] for e in self.section_searches()
                           if "/tasks/" in e["path"] and "minimum_due_date" not in e["body"])
            # the cursor starts on the first overdue task; down to ours
            t.send("j" * len(overdue))
            mark = len(self.sb.log())
            t.send("x")
            t.wait_for("Completed: 1 task", timeout=20)
            t.wait_for("\u2713 completed")
            self.assertIn("0 due today", t.line(0))
            reqs = self.requests_since(mark)
            self.assertEqual([(e["method"], e["path"], e["body"]) for e in reqs],
                             [("GET", "%s/tasks/%d" % (API, task["id"]), None),
                              ("PUT", "%s/tasks/%d" % (API, task["id"]), {"status": "Completed"})])
            done, _ = self.sb.api("GET", "/tasks/%d" % task["id"])
            self.assertEqual(done["status"], "Completed")
            self.assertIsInstance(done["completed_date"], int)
            # u: the opposite update
            mark = len(self.sb.log())
            t.send("u")
            t.wait_for('Undid "Completed": 1 task', timeout=20)
            self.assertIn("1 due today", t.line(0))
            reqs = self.requests_since(mark)
            self.assertEqual([(e["method"], e["body"]) for e in reqs],
                             [("GET", None), ("PUT", {"status": "Open"})])
            # s d: a day later, at the same time of day
            mark = len(self.sb.log())
            t.send("s")
            t.wait_for("d +1 day, w +1 week")
            t.send("d")
            tomorrow = datetime.datetime.fromtimestamp(today + DAY, datetime.timezone.utc)
            t.wait_for("Snoozed to %s: 1 task" % tomorrow.strftime("%Y-%m-%d"), timeout=20)
            reqs = self.requests_since(mark)
            self.assertEqual([(e["method"], e["body"]) for e in reqs],
                             [("GET", None), ("PUT", {"due_date": today + DAY + 16 * 3600})])
            self.assertIn("0 due today", t.line(0))
            self.assertIn("moved", t.text())
            # w: a week on from the new due date, still ahead
            mark = len(self.sb.log())
            t.send("sw")
            week = datetime.datetime.fromtimestamp(today + 8 * DAY, datetime.timezone.utc)
            t.wait_for("Snoozed to %s: 1 task" % week.strftime("%Y-%m-%d"), timeout=20)
            self.assertEqual([e["body"] for e in self.requests_since(mark) if e["method"] == "PUT"],
                             [{"due_date": today + 8 * DAY + 16 * 3600}])
            # t: a typed date; a word that is no day is refused, nothing sent
            mark = len(self.sb.log())
            t.send("st")
            t.wait_for("Snooze to")
            t.send("someday\r")
            t.wait_for("'someday' is not a day")
            self.assertEqual(self.requests_since(mark), [])
            # a day typed: that day, after one read, in one PUT of due_date alone
            mark = len(self.sb.log())
            t.send("st")
            t.wait_for("Snooze to")
            t.send("2027-01-15\r")
            t.wait_for("Snoozed to 2027-01-15: 1 task", timeout=20)
            reqs = self.requests_since(mark)
            self.assertEqual([e["method"] for e in reqs], ["GET", "PUT"])
            self.assertEqual(list(reqs[1]["body"]), ["due_date"])
            self.assertEqual(datetime.date.fromtimestamp(reqs[1]["body"]["due_date"]),
                             datetime.date(2027, 1, 15))
            t.send("u")
            t.wait_for('Undid "Snoozed to 2027-01-15"', timeout=20)
            # u twice more: back to today, as it was
            t.send("u")
            t.wait_for('Undid "Snoozed to %s"' % week.strftime("%Y-%m-%d"), timeout=20)
            t.send("u")
            t.wait_for('Undid "Snoozed to %s"' % tomorrow.strftime("%Y-%m-%d"), timeout=20)
            back, _ = self.sb.api("GET", "/tasks/%d" % task["id"])
            self.assertEqual(back["due_date"], today + 16 * 3600)
            self.assertEqual(back["status"], "Open")

    def test_l_logs_an_activity_on_the_focused_task(self):
        """L on Today's row logs what happened on that task, through the
        one activity form: one POST /activities with the task as parent."""
        today = midnight_utc(int(time.time()))
        task = self.make_task("Salesday: log a call on me", today + 17 * 3600)
        with TempHome() as home:
            t = self.start(home)
            self.wait_loaded(t)
            # down to our task's row (reverse video under NO_COLOR)
            for _ in range(60):
                ys = [y for y in range(t.rows) if task["name"] in t.line(y)]
                if ys and any(t.screen.buffer[ys[0]][x].reverse for x in range(t.cols)):
                    break
                t.send("j")
                t.pump(0.1)
            t.send("L")
            t.wait_for("Log an activity on Task")
            t.wait_for("Enter/i/l: change")
            t.send("jj\r")
            t.wait_for("Details (Markdown")
            t.send("Called about it from Today\r")
            t.wait_for(lambda s: "Details (Markdown" not in s, what="the details taken")
            mark = len(self.sb.log())
            t.send("w")
            t.wait_for("Logged a ")
            posts = [e for e in self.requests_since(mark) if e["method"] != "GET"]
            self.assertEqual([(e["method"], e["path"]) for e in posts], [("POST", API + "/activities")])
            self.assertEqual(posts[0]["body"]["parent"], {"id": task["id"], "type": "task"})
            self.assertEqual(posts[0]["body"]["details"], "Called about it from Today")

    def test_a_lost_answer_is_read_never_sent_again(self):
        today = midnight_utc(int(time.time()))
        task = self.make_task("Salesday: lost answer", today + 9 * 3600)
        with TempHome() as home:
            t = self.start(home)
            self.wait_loaded(t)
            overdue = next(self.replay(e)[0] for e in self.section_searches()
                           if "/tasks/" in e["path"] and "minimum_due_date" not in e["body"])
            t.send("j" * len(overdue))
            t.wait_for(lambda s: any(ln.startswith("Due today") for ln in s.splitlines()),
                       what="due today")
            self.sb.control("POST", "/_sandbox/fail_next", {
                "count": 1, "method": "PUT", "path_prefix": "/tasks", "after": True})
            mark = len(self.sb.log())
            t.send("x")
            # the write happened: read again, it is so, and said so
            t.wait_for("Completed: 1 task", timeout=30)
            reqs = self.requests_since(mark)
            self.assertEqual([(e["method"], e["path"]) for e in reqs],
                             [("GET", "%s/tasks/%d" % (API, task["id"])),
                              ("PUT", "%s/tasks/%d" % (API, task["id"])),
                              ("GET", "%s/tasks/%d" % (API, task["id"]))])
            self.assertEqual(reqs[1]["body"], {"status": "Completed"})

    def test_a_colleagues_change_is_not_overwritten(self):
        today = midnight_utc(int(time.time()))
        task = self.make_task("Salesday: colleague", today + 11 * 3600)
        with TempHome() as home:
            t = self.start(home)
            self.wait_loaded(t)
            overdue = next(self.replay(e)[0] for e in self.section_searches()
                           if "/tasks/" in e["path"] and "minimum_due_date" not in e["body"])
            t.send("j" * len(overdue))
            # a colleague moves the due date meanwhile
            moved = today + 2 * DAY + 11 * 3600
            self.sb.control("POST", "/_sandbox/mutate/tasks/%d" % task["id"], {"due_date": moved})
            mark = len(self.sb.log())
            t.send("sd")
            t.wait_for("1 of 1 task failed and was put back (changed on the server meanwhile",
                       timeout=20)
            self.assertEqual([e["method"] for e in self.requests_since(mark)], ["GET"])
            now, _ = self.sb.api("GET", "/tasks/%d" % task["id"])
            self.assertEqual(now["due_date"], moved)

    def test_keys_on_what_they_do_not_apply_to_send_nothing(self):
        with TempHome() as home:
            t = self.start(home)
            self.wait_loaded(t)
            t.send("G")  # the last line: a lead, or the leads' "more"
            mark = len(self.sb.log())
            t.send("x")
            t.wait_for("x completes a task: this is not one")
            t.send("u")
            t.wait_for("Nothing to undo")
            self.assertEqual(self.requests_since(mark), [])


class TodayNavigation(TodayCase):
    def test_zero_shows_it_enter_opens_and_more_lists_the_section(self):
        # more overdue tasks than a section shows
        two_days_ago = midnight_utc(int(time.time())) - 2 * DAY
        for i in range(45):
            self.make_task("Salesday: overdue %02d" % i, two_days_ago + i * 60)
        with TempHome() as home:
            t = self.start(home, start_view=False)
            t.wait_for(" of ")
            t.send("0")
            self.wait_loaded(t)
            self.assertIn(" 0 Today ", t.line(1))
            # ? opens at Today's keys: everything it does is there
            t.send("?")
            t.wait_for("Today (0 shows it)")
            for key, action in (("x", "complete-task"), ("s", "snooze"), ("u", "undo"),
                                ("Enter, l, Right", "open")):
                t.wait_for(lambda s, k=key, a=action: any(
                    ln.split() and ln.strip().startswith(k) and a in ln for ln in s.splitlines()),
                    what="%s %s in the help" % (key, action))
            t.send("q")
            t.wait_for(lambda s: "Today (0 shows it)" not in s, what="the help closed")
            overdue = next(e for e in self.section_searches()
                           if "/tasks/" in e["path"] and "minimum_due_date" not in e["body"])
            rows, total = self.replay(overdue)
            self.assertGreater(total, 100)
            t.send("j" * 100)  # past the 100 shown, to "more"
            t.wait_for("and %d more: Enter lists them all in Tasks" % (total - 100))
            mark = len(self.sb.log())
            t.send("\r")
            t.wait_for("filter owner:me status:open due:overdue", timeout=20)
            t.wait_for("of %s" % "{:,}".format(total))
            search = [e for e in self.sb.log()[mark:] if e["path"].endswith("/tasks/search")
                      and "assignee_ids" in e["body"]]
            self.assertEqual(len(search), 1, search)
            self.assertEqual(search[0]["body"]["maximum_due_date"], overdue["body"]["maximum_due_date"])
            self.assertEqual(search[0]["body"]["page_size"], 200)
            # back to Today costs nothing: it is loaded
            mark = len(self.sb.log())
            t.send("0g")
            t.wait_for("Overdue (")
            t.send("\r")  # the first overdue task, in the Tasks tab's detail
            t.wait_for("Task #%d" % rows[0]["id"], timeout=20)
            self.assertIn(rows[0]["name"], t.text())
            self.assertEqual([e for e in self.sb.log()[mark:] if e["method"] == "POST"
                              and "assignee_ids" in (e["body"] or {})], [])

    def test_start_view_that_names_nothing_is_refused(self):
        with TempHome() as home:
            cfg = os.path.join(home, "config", "patina")
            os.makedirs(cfg, mode=0o700)
            with open(os.path.join(cfg, "config"), "w") as f:
                f.write("set start-view = tomorrow\n")
            os.chmod(os.path.join(cfg, "config"), 0o600)
            t = Terminal([PATINA], patina_env(self.sb, home, NO_COLOR="1"), 100, 30)
            self.addCleanup(t.close)
            self.assertEqual(t.wait_exit(), 2)
            self.assertIn(b"start-view: no view named 'tomorrow'", bytes(t.raw))


if __name__ == "__main__":
    unittest.main(verbosity=2)
