"""Activities, end to end (#13, "log what happened"): logging one from any
record's detail, a list row and the board; the timeline, paged as it is
scrolled, filtered by type, with system activities readable; editing and
deleting one's own; `patina log` for the shell. The sandbox's request log
is the proof: one request per action, the exact body, and nothing sent
twice after a lost answer."""

import calendar
import json
import os
import signal
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import PATINA, Sandbox, TempHome, Terminal, patina_env, require_pyte  # noqa: E402

API = "/developer_api/v1"
ENTITIES = ["people", "companies", "leads", "opportunities", "projects", "tasks"]
TITLES = ["People", "Companies", "Leads", "Opportunities", "Projects", "Tasks"]
SINGULAR = ["Person", "Company", "Lead", "Opportunity", "Project", "Task"]
TYPES = {"people": "person", "companies": "company", "leads": "lead",
         "opportunities": "opportunity", "projects": "project", "tasks": "task"}
NOTE, CALL, MEETING = 0, 190711, 190712
ME = 159258


def utc(text):
    return calendar.timegm(time.strptime(text, "%Y-%m-%d %H:%M"))


def writes(log):
    """The requests about activities, as (method, path, body)."""
    return [(e["method"], e["path"][len(API):], e.get("body")) for e in log
            if e["path"].startswith(API + "/activities")]


class ActivityCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        require_pyte()
        cls.sb = Sandbox()

    @classmethod
    def tearDownClass(cls):
        cls.sb.stop()

    def first(self, entity):
        rows, _ = self.sb.api("POST", "/%s/search" % entity, {"page_size": 1})
        return rows[0]

    def start(self, home, key=1, cols=140, rows=50, **env):
        env.setdefault("NO_COLOR", "1")
        env.setdefault("TZ", "UTC")
        t = Terminal([PATINA], patina_env(self.sb, home, **env), cols, rows)
        self.addCleanup(t.close)
        if key != 1:
            t.send(str(key))
        title = TITLES[key - 1]
        t.wait_for(lambda s: title in s.splitlines()[0] and " of " in s.splitlines()[0],
                   timeout=30, what=title + " loaded")
        return t

    def fill(self, t, type_=None, when=None, details=None):
        """Types the activity form's fields; it starts on Type."""
        t.wait_for("Enter/i/l: change")
        if type_ is not None:
            t.send("\r")
            t.wait_for("Type (Tab")
            t.send("\x15" + type_ + "\r")
        else:
            t.send("j")
        if when is not None:
            t.send("\r")
            t.wait_for("When (now")
            t.send("\x15" + when + "\r")
        else:
            t.send("j")
        if details is not None:
            t.send("\r")
            t.wait_for("Details (Markdown")
            t.send("\x15" + details + "\r")
            t.wait_for(lambda s: "Details (Markdown" not in s, what="the details taken")

    def add(self, entity, record, details, when, type_id=NOTE):
        a, _ = self.sb.api("POST", "/activities", {
            "parent": {"id": record["id"], "type": TYPES[entity]},
            "type": {"category": "user", "id": type_id}, "details": details, "activity_date": when})
        return a


class Log(ActivityCase):
    def test_log_from_the_detail_of_every_entity(self):
        """L in each entity's detail pane: the form, then exactly one POST
        with the type, date and details typed."""
        when = "2026-03-18 15:00"
        with TempHome() as home:
            t = self.start(home)
            for key, entity in enumerate(ENTITIES, start=1):
                rec = self.first(entity)
                if key > 1:
                    t.send(str(key))
                t.wait_for(lambda s: TITLES[key - 1] in s.splitlines()[0] and " of " in
                           s.splitlines()[0], timeout=30, what=entity)
                t.wait_for("#%d" % rec["id"])
                t.send("\t")           # the detail pane
                t.send("L")
                t.wait_for("Log an activity on")
                self.sb.clear_log()
                self.fill(t, "meet", when, "Met about **%s**" % entity)
                t.wait_for("Met about %s" % entity)   # rendered, as the timeline will show it
                t.send("w")
                t.wait_for("Logged a Meeting on %s" % SINGULAR[key - 1])
                self.assertEqual(writes(self.sb.log()), [("POST", "/activities", {
                    "parent": {"id": rec["id"], "type": TYPES[entity]},
                    "type": {"category": "user", "id": MEETING},
                    "details": "Met about **%s**" % entity, "activity_date": utc(when)})])
                t.send("\t")           # back to the list

    def test_log_from_a_list_row_shows_in_the_open_timeline(self):
        """L on a list row logs on that row's record, dated now by default;
        the timeline showing it gains the activity without a request."""
        rec = self.first("companies")
        with TempHome() as home:
            t = self.start(home, key=2)
            t.wait_for("#%d" % rec["id"])
            t.send("a")                # the row's timeline, focused
            t.wait_for("Timeline: ")
            t.send("\t")               # back to the list row
            t.send("L")
            t.wait_for("Log an activity on Company")
            self.fill(t, None, None, "Quick one from the list")
            self.sb.clear_log()
            before = int(time.time())
            t.send("w")
            t.wait_for("Logged a Note on")
            after = int(time.time())
            t.wait_for("Quick one from the list")
            log = writes(self.sb.log())
            self.assertEqual(len(log), 1, log)
            method, path, body = log[0]
            self.assertEqual((method, path), ("POST", "/activities"))
            self.assertEqual(body["parent"], {"id": rec["id"], "type": "company"})
            self.assertEqual(body["type"], {"category": "user", "id": NOTE})
            self.assertTrue(before <= body["activity_date"] <= after, body)

    def test_friendly_dates_and_a_refused_one(self):
        """The When field takes yesterday 15:30, -2h, mon 9am; what it does
        not understand is said, and nothing is sent."""
        rec = self.first("people")
        with TempHome() as home:
            t = self.start(home)
            t.wait_for("#%d" % rec["id"])
            t.send("L")
            t.wait_for("Log an activity")
            self.fill(t, "call", "someday soon")
            t.wait_for("'someday soon' is not a date and time")
            t.send("\x15yesterday 15:30\r")
            t.wait_for("yesterday 15:30  \u2192")
            day = time.strftime("%Y-%m-%d", time.gmtime(time.time() - 86400))
            t.wait_for(day + " 15:30")
            self.sb.clear_log()
            t.send("j\rNo answer\r")
            t.send("w")
            t.wait_for("Logged a Phone Call")
            body = writes(self.sb.log())[0][2]
            self.assertEqual(body["activity_date"], utc(day + " 15:30"))
            self.assertEqual(body["type"], {"category": "user", "id": CALL})

    def test_details_in_the_editor(self):
        """E hands the details to $EDITOR (Markdown), and what it leaves is
        sent as it is, without the editor's last newline."""
        rec = self.first("opportunities")
        with TempHome() as home:
            editor = os.path.join(home, "editor.sh")
            with open(editor, "w") as f:
                f.write("#!/bin/sh\nprintf 'Typed in the *editor*\\n\\n- one\\n- two\\n' > \"$1\"\n")
            os.chmod(editor, 0o700)
            t = self.start(home, key=4, EDITOR=editor, VISUAL="")
            t.wait_for("#%d" % rec["id"])
            t.send("L")
            t.wait_for("Log an activity on Opportunity")
            self.sb.clear_log()
            t.send("E")
            t.wait_for("4 lines")
            t.wait_for("\u2022 one")   # a list, rendered
            t.send("w")
            t.wait_for("Logged a Note")
        log = writes(self.sb.log())
        self.assertEqual(len(log), 1, log)
        self.assertEqual(log[0][2]["details"], "Typed in the *editor*\n\n- one\n- two")

    def test_a_lost_answer_is_looked_for_never_sent_twice(self):
        rec = self.first("leads")
        details = "Lost answer %d" % time.time()
        with TempHome() as home:
            t = self.start(home, key=3)
            t.wait_for("#%d" % rec["id"])
            t.send("L")
            t.wait_for("Log an activity on Lead")
            self.fill(t, None, None, details)
            self.sb.control("POST", "/_sandbox/fail_next", {
                "count": 1, "method": "POST", "path_prefix": "/activities", "after": True})
            self.sb.clear_log()
            t.send("w")
            t.wait_for("Logged after all")
        log = writes(self.sb.log())
        self.assertEqual([(m, p) for m, p, _ in log],
                         [("POST", "/activities"), ("POST", "/activities/search")])
        search = log[1][2]
        self.assertEqual(search["parent"], {"id": rec["id"], "type": "lead"})
        self.assertEqual(search["activity_types"], [{"id": NOTE, "category": "user"}])
        made, _ = self.sb.api("POST", "/activities/search", {
            "parent": {"id": rec["id"], "type": "lead"}, "page_size": 200})
        self.assertEqual(len([a for a in made if a["details"] == details]), 1)

    def test_not_logged_after_a_lost_answer_keeps_the_entries(self):
        """A 502 may or may not have been carried out: the search finds
        nothing, the user is told it was not logged, and only their w sends
        it again."""
        rec = self.first("projects")
        details = "Try again %d" % time.time()
        with TempHome() as home:
            t = self.start(home, key=5)
            t.wait_for("#%d" % rec["id"])
            t.send("L")
            t.wait_for("Log an activity on Project")
            self.fill(t, None, None, details)
            self.sb.control("POST", "/_sandbox/fail_next", {
                "count": 1, "method": "POST", "path_prefix": "/activities", "status": 502})
            self.sb.clear_log()
            t.send("w")
            t.wait_for("Not logged, what you typed is kept")
            t.wait_for(details)        # still in the form
            self.assertEqual([(m, p) for m, p, _ in writes(self.sb.log())],
                             [("POST", "/activities"), ("POST", "/activities/search")])
            t.send("w")
            t.wait_for("Logged a Note")
        self.assertEqual([(m, p) for m, p, _ in writes(self.sb.log())],
                         [("POST", "/activities"), ("POST", "/activities/search"),
                          ("POST", "/activities")])
        made, _ = self.sb.api("POST", "/activities/search", {
            "parent": {"id": rec["id"], "type": "project"}, "page_size": 200})
        self.assertEqual(len([a for a in made if a["details"] == details]), 1)

    def test_leaving_asks_before_discarding(self):
        rec = self.first("tasks")
        with TempHome() as home:
            t = self.start(home, key=6)
            t.wait_for("#%d" % rec["id"])
            t.send("L")
            t.wait_for("Log an activity on Task")
            self.fill(t, None, None, "Never mind")
            drafts = os.path.join(home, "state", "patina", "drafts")
            t.wait_for(lambda s: os.path.isdir(drafts) and os.listdir(drafts), what="the draft")
            self.sb.clear_log()
            t.send("\x1b")
            t.wait_for("Discard your changes?")
            t.send("\x1b")             # no: back to the form
            t.wait_for("Enter/i/l: change")
            t.send("q")
            t.wait_for("Discard your changes?")
            t.send("\r")
            t.wait_for("Discarded")
            t.wait_for(lambda s: not os.listdir(drafts), what="the draft removed")
            self.assertEqual(writes(self.sb.log()), [])

    def test_sighup_keeps_the_draft(self):
        rec = self.first("people")
        with TempHome() as home:
            t = self.start(home)
            t.wait_for("#%d" % rec["id"])
            t.send("L")
            t.wait_for("Log an activity")
            self.fill(t, "call", "2026-03-18 15:00")
            t.send("\r")
            t.wait_for("Details (Markdown")
            t.send("typed\\nbut not entered")
            t.wait_for("typed\\nbut not entered")
            os.kill(t.pid, signal.SIGHUP)
            t.wait_exit()
            drafts = os.path.join(home, "state", "patina", "drafts")
            self.assertEqual(os.listdir(drafts), ["activity-people-%d.json" % rec["id"]])
            self.assertEqual(os.stat(os.path.join(drafts, os.listdir(drafts)[0])).st_mode & 0o777,
                             0o600)
            self.sb.clear_log()
            t2 = Terminal([PATINA], patina_env(self.sb, home, NO_COLOR="1", TZ="UTC"), 140, 50)
            self.addCleanup(t2.close)
            t2.wait_for("Unsaved activity to log on person #%d" % rec["id"])
            t2.send("y")
            t2.wait_for("Restored your unsaved activity")
            t2.send("w")
            t2.wait_for("Logged a Phone Call")
            posts = [w for w in writes(self.sb.log()) if w[1] == "/activities"]
            self.assertEqual(posts, [("POST", "/activities", {
                "parent": {"id": rec["id"], "type": "person"},
                "type": {"category": "user", "id": CALL},
                "details": "typed\nbut not entered", "activity_date": utc("2026-03-18 15:00")})])
            t2.wait_for(lambda s: not os.listdir(drafts), what="the draft removed")

    def test_the_board_adds_a_note_through_the_same_form(self):
        with TempHome() as home:
            t = self.start(home)
            t.send("b")
            t.wait_for("Board: ")
            t.wait_for(lambda s: len(s.splitlines()) > 4 and "deal" in s.splitlines()[4],
                       timeout=30, what="columns loaded")
            t.send("N")
            t.wait_for("Log an activity on Opportunity")
            t.wait_for("Details (Markdown")   # a note: straight to what it says
            self.sb.clear_log()
            t.send("From the board\r")
            t.send("w")
            t.wait_for("Logged a Note on Opportunity")
            t.wait_for("Board: ")              # back on the board
            log = writes(self.sb.log())
            self.assertEqual(len(log), 1, log)
            self.assertEqual(log[0][2]["type"], {"category": "user", "id": NOTE})
            self.assertEqual(log[0][2]["parent"]["type"], "opportunity")
            self.assertEqual(log[0][2]["details"], "From the board")

    def test_help_alone_leads_to_every_activity_key(self):
        """? lists the keys of the list, the detail pane and the activity
        form, with what each does: paged through, every one is there."""
        with TempHome() as home:
            t = self.start(home)
            t.send("?")
            t.wait_for("Everywhere")
            seen = ""
            for _ in range(40):
                seen += t.text()
                t.send("\x06")        # C-f: the help's next page
                t.pump(0.2)
            for text in ("L", "log-activity", "Log an activity (a call, a meeting, a note...)",
                         "filter-activity-type", "In the timeline: show only some activity types",
                         "delete", "Delete after asking: the record, a relation, an activity",
                         "In the activity form", "field-editor", "add-note",
                         "Log a note on the deal (the activity form)"):
                self.assertIn(text, seen)


class Timeline(ActivityCase):
    def open_timeline(self, t, rec, clear=True):
        """The record's timeline in the detail pane, maximized; the request
        log starts after its first page (clear)."""
        t.wait_for("#%d" % rec["id"])
        self.sb.clear_log()
        t.send("\taz")
        t.wait_for("Timeline: ")
        if clear:
            self.sb.clear_log()

    def test_pages_as_it_scrolls_and_counts(self):
        rec = self.first("people")
        _, h = self.sb.api("POST", "/activities/search", {
            "parent": {"id": rec["id"], "type": "person"}, "page_size": 1})
        self.assertLess(int(h["X-PW-TOTAL"]), 100)
        for i in range(120 - int(h["X-PW-TOTAL"])):
            self.add("people", rec, "Bulk %03d" % i, utc("2031-01-01 00:00") + i * 60)
        with TempHome() as home:
            t = self.start(home, rows=40)
            self.open_timeline(t, rec, clear=False)
            t.wait_for("Timeline: 120 activities, newest first")   # the count, from the start
            pages = [w[2]["page_number"] for w in writes(self.sb.log())]
            self.assertEqual(pages, [1])
            for _ in range(400):
                t.send("j")
                if "end of the timeline" in t.text():
                    break
                t.pump(0.02)
            t.wait_for("the end of the timeline: all 120 shown")
        searches = [w for w in writes(self.sb.log())]
        self.assertEqual([w[2]["page_number"] for w in searches], [1, 2, 3])
        self.assertTrue(all(w[2]["parent"] == {"id": rec["id"], "type": "person"}
                            for w in searches))

    def test_filter_by_type(self):
        rec = self.first("companies")
        self.add("companies", rec, "A call to filter on", utc("2031-02-01 10:00"), CALL)
        self.add("companies", rec, "A note filtered out", utc("2031-02-01 11:00"), NOTE)
        with TempHome() as home:
            t = self.start(home, key=2)
            self.open_timeline(t, rec)
            t.wait_for("A note filtered out")
            self.sb.clear_log()
            t.send("t")
            t.wait_for("Activity types (")
            t.send("Pho\t")
            t.wait_for("Phone Call")
            t.send("\r")
            t.wait_for("of type Phone Call")
            t.wait_for("A call to filter on")
            self.assertNotIn("A note filtered out", t.text())
            t.send("t")
            t.wait_for("Activity types (")
            t.send("\x15nothing like it\r")
            t.wait_for("No activity type 'nothing like it'")
        log = writes(self.sb.log())
        self.assertEqual(len(log), 1, log)
        self.assertEqual(log[0][2]["activity_types"], [{"id": CALL, "category": "user"}])

    def test_system_activities_read_as_changes(self):
        """A stage change reads "Stage: old -> new", with the pipeline's
        names, never a blank or raw JSON."""
        opps, _ = self.sb.api("POST", "/opportunities/search", {"page_size": 200})
        pipelines, _ = self.sb.api("GET", "/pipelines")
        stages = {s["id"]: s["name"] for p in pipelines for s in p["stages"]}
        for row, opp in enumerate(opps[:60], start=1):
            acts, _ = self.sb.api("POST", "/activities/search", {
                "parent": {"id": opp["id"], "type": "opportunity"}, "page_size": 1})
            if acts and acts[0]["type"]["category"] == "system" and acts[0]["type"]["id"] == 3 \
                    and isinstance(acts[0]["old_value"], dict):
                break
        else:
            self.skipTest("no opportunity whose newest activity is a stage change")
        a = acts[0]
        with TempHome() as home:
            t = self.start(home, key=4)
            t.wait_for("#%d" % opps[0]["id"])
            if row > 1:
                t.send("#%d\r" % row)
            self.open_timeline(t, opp)
            t.wait_for("Pipeline Stage Changed")
            t.wait_for("Stage: %s \u2192 %s" % (stages[a["old_value"]["id"]],
                                                 stages[a["new_value"]["id"]]))
            self.sb.clear_log()
            t.send("e")
            t.wait_for("Copper logged this activity itself")
            t.send("D")
            t.wait_for("Copper logged this activity itself")
            self.assertEqual(writes(self.sb.log()), [])

    def test_edit_ones_own_sends_only_what_changed(self):
        rec = self.first("leads")
        a = self.add("leads", rec, "Before the edit", utc("2031-03-01 09:00"), CALL)
        with TempHome() as home:
            t = self.start(home, key=3)
            self.open_timeline(t, rec)
            t.wait_for("Before the edit")
            t.send("e")
            t.wait_for("Change your activity on Lead")
            t.wait_for("(cannot be changed)")
            t.send("\r")
            t.wait_for("An activity's type cannot be changed")
            t.send("jj\r")
            t.wait_for("Details (Markdown")
            t.send("\x15After *the* edit\r")
            self.sb.clear_log()
            t.send("w")
            t.wait_for("Saved your Phone Call")
            t.wait_for("After the edit")     # in the timeline at once, rendered
            self.assertEqual(writes(self.sb.log()), [
                ("PUT", "/activities/%d" % a["id"], {"details": "After *the* edit"})])
            # nothing changed: nothing sent
            t.send("e")
            t.wait_for("Change your activity")
            t.send("w")
            t.wait_for("Nothing changed: nothing to save")
            t.send("\x1b")
        self.assertEqual(len(writes(self.sb.log())), 1)

    def test_edit_with_a_lost_answer_is_read_back(self):
        rec = self.first("projects")
        a = self.add("projects", rec, "Edit unanswered", utc("2031-03-02 09:00"))
        with TempHome() as home:
            t = self.start(home, key=5)
            self.open_timeline(t, rec)
            t.wait_for("Edit unanswered")
            t.send("e")
            t.wait_for("Change your activity on Project")
            t.send("j\r")
            t.wait_for("When (now")
            t.send("\x152031-03-02 10:30\r")
            self.sb.control("POST", "/_sandbox/fail_next", {
                "count": 1, "method": "PUT", "path_prefix": "/activities", "after": True})
            t.send("w")
            t.wait_for("Saved after all")
            t.wait_for("2031-03-02 10:30")
        log = writes(self.sb.log())
        self.assertEqual([(m, p) for m, p, _ in log],
                         [("PUT", "/activities/%d" % a["id"]), ("POST", "/activities/search")])
        self.assertEqual(log[0][2], {"activity_date": utc("2031-03-02 10:30")})

    def test_others_activities_cannot_be_changed(self):
        opps, _ = self.sb.api("POST", "/opportunities/search", {"page_size": 200})
        users, _ = self.sb.api("POST", "/users/search", {"page_size": 200})
        names = {u["id"]: u["name"] for u in users}
        for row, opp in enumerate(opps[:80], start=1):
            acts, _ = self.sb.api("POST", "/activities/search", {
                "parent": {"id": opp["id"], "type": "opportunity"}, "page_size": 1})
            if acts and acts[0]["type"]["category"] == "user" and acts[0]["user_id"] != ME \
                    and acts[0]["user_id"] in names:
                break
        else:
            self.skipTest("no opportunity whose newest activity is a colleague's")
        with TempHome() as home:
            t = self.start(home, key=4)
            t.wait_for("#%d" % opps[0]["id"])
            if row > 1:
                t.send("#%d\r" % row)
            self.open_timeline(t, opp)
            t.wait_for("by " + names[acts[0]["user_id"]])
            t.send("e")
            t.wait_for("%s logged this activity: only your own" % names[acts[0]["user_id"]])
            t.send("D")
            t.wait_for("%s logged this activity: only your own" % names[acts[0]["user_id"]])
            self.assertEqual(writes(self.sb.log()), [])

    def test_delete_asks_then_one_delete(self):
        rec = self.first("tasks")
        self.add("tasks", rec, "Keep me", utc("2031-04-01 09:00"))
        a = self.add("tasks", rec, "Delete me", utc("2031-04-02 09:00"))
        with TempHome() as home:
            t = self.start(home, key=6)
            self.open_timeline(t, rec)
            t.wait_for("Delete me")
            total = int(t.text().split("Timeline: ")[1].split(" ")[0])
            t.send("D")
            t.wait_for("Delete this Note for good")
            t.send("n")
            t.wait_for("Kept")
            self.assertEqual(writes(self.sb.log()), [])
            t.send("D")
            t.wait_for("Delete this Note for good")
            t.send("y")
            t.wait_for("Deleted the Note on Task")
            t.wait_for("Timeline: %d activit" % (total - 1))
            self.assertNotIn("Delete me", t.text())
            t.wait_for("Keep me")
            self.assertEqual(writes(self.sb.log()), [("DELETE", "/activities/%d" % a["id"], None)])

    def test_delete_with_a_lost_answer_is_looked_for(self):
        rec = self.first("opportunities")
        a = self.add("opportunities", rec, "Gone but unanswered", utc("2031-05-02 09:00"))
        with TempHome() as home:
            t = self.start(home, key=4)
            self.open_timeline(t, rec)
            t.wait_for("Gone but unanswered")
            t.send("D")
            t.wait_for("Delete this Note for good")
            self.sb.control("POST", "/_sandbox/fail_next", {
                "count": 1, "method": "DELETE", "path_prefix": "/activities", "after": True})
            t.send("y")
            t.wait_for("Deleted after all")
            self.assertNotIn("Gone but unanswered", t.text())
        log = writes(self.sb.log())
        self.assertEqual([(m, p) for m, p, _ in log],
                         [("DELETE", "/activities/%d" % a["id"]), ("POST", "/activities/search")])


class LogCommand(ActivityCase):
    def run_log(self, home, *args, stdin=None):
        env = patina_env(self.sb, home, TZ="UTC")
        return subprocess.run([PATINA, "log", *args], env=env, capture_output=True, text=True,
                              timeout=60, input=stdin,
                              stdin=None if stdin is not None else subprocess.DEVNULL)

    def test_log_from_the_shell(self):
        rec = self.first("people")
        with TempHome() as home:
            self.sb.clear_log()
            r = self.run_log(home, "person", str(rec["id"]), "call", "Left a voicemail",
                             "--date", "2026-03-18 15:00")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertRegex(r.stdout, r"^Logged a Phone Call on person #%d \(activity #\d+\)\n$"
                             % rec["id"])
            self.assertEqual([w for w in writes(self.sb.log()) if w[1] == "/activities"], [
                ("POST", "/activities", {"parent": {"id": rec["id"], "type": "person"},
                                         "type": {"category": "user", "id": CALL},
                                         "details": "Left a voicemail",
                                         "activity_date": utc("2026-03-18 15:00")})])
            # --type, details from stdin, JSON out; the types come from the cache now
            self.sb.clear_log()
            r = self.run_log(home, "person", str(rec["id"]), "--type", "meet", "--format", "json",
                             stdin="Agenda:\n\n- pricing\n\n")
            self.assertEqual(r.returncode, 0, r.stderr)
            out = json.loads(r.stdout)
            self.assertEqual(out["details"], "Agenda:\n\n- pricing")
            self.assertEqual(out["type"], {"id": MEETING, "category": "user"})
            self.assertEqual([(e["method"], e["path"]) for e in self.sb.log()],
                             [("POST", API + "/activities")])

    def test_refusals_send_nothing(self):
        rec = self.first("people")
        with TempHome() as home:
            self.sb.clear_log()
            for args, code, said in (
                    (("person", str(rec["id"]), "lunch", "x"), 2, "No activity type 'lunch'"),
                    (("person", str(rec["id"]), "note", "x", "--date", "someday"), 2,
                     "'someday' is not a date and time"),
                    (("person", str(rec["id"])), 2, "which type of activity?"),
                    (("persn", "1", "note"), 2, "unknown entity 'persn'"),
                    (("person", "x", "note"), 2, "'x' is not a record id")):
                r = self.run_log(home, *args)
                self.assertEqual(r.returncode, code, (args, r.stderr))
                self.assertIn(said, r.stderr)
            self.assertEqual([e for e in self.sb.log() if e["method"] != "GET"], [])
            r = self.run_log(home, "person", "999999", "note", "x")
            self.assertEqual(r.returncode, 2, r.stderr)
            self.assertIn("not logged", r.stderr)

    def test_a_lost_answer_is_looked_for(self):
        rec = self.first("companies")
        details = "Shell lost answer %d" % time.time()
        with TempHome() as home:
            self.sb.control("POST", "/_sandbox/fail_next", {
                "count": 1, "method": "POST", "path_prefix": "/activities", "after": True})
            self.sb.clear_log()
            r = self.run_log(home, "company", str(rec["id"]), "note", details)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("the answer was lost; Copper, asked, has the activity", r.stderr)
            self.assertIn("Logged a Note on company #%d" % rec["id"], r.stdout)
        self.assertEqual([(m, p) for m, p, _ in writes(self.sb.log())],
                         [("POST", "/activities"), ("POST", "/activities/search")])
        made, _ = self.sb.api("POST", "/activities/search", {
            "parent": {"id": rec["id"], "type": "company"}, "page_size": 200})
        self.assertEqual(len([a for a in made if a["details"] == details]), 1)

    def test_completion_offers_types_and_dates(self):
        rec = self.first("people")
        with TempHome() as home:
            self.run_log(home, "person", str(rec["id"]), "note", "--dry-run")  # fills the cache
            env = patina_env(self.sb, home)

            def complete(*words):
                r = subprocess.run([PATINA, "__complete", *words], env=env, capture_output=True,
                                   text=True, timeout=30)
                return r.stdout.splitlines()
            self.assertEqual(complete("log", "person", "7", "Ph"), ['"Phone Call"'])
            self.assertIn('"Phone Call"', complete("log", "person", "7", ""))
            self.assertEqual(complete("log", "person", "7", "--type=me"), ["--type=Meeting"])
            self.assertIn('"yesterday 15:30"', complete("log", "person", "7", "--date", ""))
            self.assertEqual(complete("log", "person", "7", "--type", "x", ""), [])


if __name__ == "__main__":
    unittest.main(verbosity=2)
