"""Editing and creating, end to end, with the sandbox's request log as the
proof: a PUT holds exactly the changed keys, in the API's formats; a
refusal keeps the form; a colleague's change is never overwritten without
a choice; a lost session loses nothing; a create is never made twice."""

import calendar
import os
import signal
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import PATINA, Sandbox, TempHome, Terminal, patina_env, require_pyte  # noqa: E402

API = "/developer_api/v1"
ENTITIES = ["people", "companies", "leads", "opportunities", "projects", "tasks"]


def puts(log):
    return [e for e in log if e["method"] == "PUT"]


class Form:
    """Drives patina's form. NO_COLOR: the focused field is reverse video."""

    def __init__(self, t):
        self.t = t

    def selected_label(self):
        t = self.t
        for y in range(4, t.rows - 1):
            # the focused label is reverse video (error lines too, but they
            # are indented past the label column)
            if t.screen.buffer[y][2].reverse and t.line(y)[2] != " ":
                return t.line(y)[2:22].strip().rstrip("*").strip()
        return None

    def goto(self, label):
        """Moves the selection to label, one key at a time, each waited
        for: keys sent faster than a loaded machine draws would overshoot."""
        t = self.t
        t.send("g")
        t.wait_for(lambda s: self.selected_label() is not None, what="a selected field")
        seen = []
        for _ in range(80):
            current = self.selected_label()
            if current == label:
                return
            seen.append(current)
            t.send("j")
            end = time.monotonic() + 5
            while time.monotonic() < end and self.selected_label() == current:
                t.pump(0.02)
            if self.selected_label() == current:
                break  # the last field: it does not move
        raise AssertionError("no field %r in the form (passed %s):\n%s" % (label, seen, t.text()))

    def set(self, label, text):
        self.goto(label)
        self.t.send("\r")
        self.t.wait_for(lambda s: label + ":" in s or label + " (" in s, what="the prompt")
        self.t.send("\x15" + text + "\r")   # C-u clears what was there

    def save(self):
        self.t.send("w")
        self.t.wait_for("will send exactly this")
        self.t.send("\r")


class Edit(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        require_pyte()
        cls.sb = Sandbox()

    @classmethod
    def tearDownClass(cls):
        cls.sb.stop()

    def first(self, entity, **body):
        body.setdefault("page_size", 1)
        rows, _ = self.sb.api("POST", "/%s/search" % entity, body)
        return rows[0]

    def nth(self, entity, n):
        """The record on row n (1-based) of patina's list in its default order."""
        rows, _ = self.sb.api("POST", "/%s/search" % entity, {"page_size": n})
        return rows[n - 1]

    def open_form(self, home, key, record, row=1, **env):
        env.setdefault("NO_COLOR", "1")
        env.setdefault("TZ", "UTC")
        t = Terminal([PATINA], patina_env(self.sb, home, **env), 140, 50)
        self.addCleanup(t.close)
        t.send(str(key))
        title = ["People", "Companies", "Leads", "Opportunities", "Projects", "Tasks"][key - 1]
        t.wait_for(lambda s: title in s.splitlines()[0] and " of " in s.splitlines()[0],
                   timeout=30, what=title + " loaded")
        if row > 1:
            t.send("#%d\r" % row)
        t.wait_for("#%d" % record["id"])
        t.send("e")
        t.wait_for("Edit ")
        t.wait_for(lambda s: "Enter change" in s, what="the form")
        return t, Form(t)

    def saved_body(self, entity, record_id):
        ps = [e for e in puts(self.sb.log()) if e["path"] == "%s/%s/%d" % (API, entity, record_id)]
        self.assertEqual(len(ps), 1, ps)
        return ps[0]["body"]

    def test_one_field_per_entity_sends_only_that_field(self):
        cases = [
            (1, "people", "Title", "VP of Testing", {"title": "VP of Testing"}),
            (2, "companies", "Description", "Renewal in spring", {"details": "Renewal in spring"}),
            (3, "leads", "Title", "Head of Ops", {"title": "Head of Ops"}),
            (4, "opportunities", "Close Date", "2027-01-15", {"close_date": "01/15/2027"}),
            (5, "projects", "Description", "Phase two", {"details": "Phase two"}),
            (6, "tasks", "Due Date", "2027-02-01",
             {"due_date": calendar.timegm((2027, 2, 1, 0, 0, 0))}),
        ]
        for key, entity, label, text, want in cases:
            with self.subTest(entity=entity), TempHome() as home:
                rec = self.first(entity)
                t, form = self.open_form(home, key, rec)
                self.sb.clear_log()
                form.set(label, text)
                t.wait_for("1 change")
                form.save()
                t.wait_for("Saved ")
                self.assertEqual(self.saved_body(entity, rec["id"]), want)
                t.send("q")

    def test_clear_custom_dropdown_and_multiselect(self):
        cfd, _ = self.sb.api("GET", "/custom_field_definitions")
        deal_type = next(c for c in cfd if c["name"] == "Deal Type")
        products = next(c for c in cfd if c["name"] == "Products of Interest")
        opts = {o["name"]: o["id"] for o in deal_type["options"]}
        popts = {o["name"]: o["id"] for o in products["options"]}
        rec = self.first("opportunities", pipeline_ids=[213214])
        with TempHome() as home:
            t, form = self.open_form(home, 4, rec)
            self.sb.clear_log()
            form.goto("Primary Contact")
            t.send("d")                 # required in this layout: refused
            t.wait_for("Primary Contact is required")
            form.goto("Description")
            t.send("d")                 # cleared: sent as null
            form.set("Short Note", "")  # cleared through the prompt
            form.set("Deal Type", "Renewal")
            two = sorted(popts)[:2]
            form.set("Products of Interest", ", ".join(two))
            t.wait_for("4 changes")
            form.save()
            t.wait_for("Saved ")
        body = self.saved_body("opportunities", rec["id"])
        short_note = next(c for c in cfd if c["name"] == "Short Note")
        cfs = {c["custom_field_definition_id"]: c["value"] for c in body["custom_fields"]}
        self.assertEqual(cfs, {deal_type["id"]: opts["Renewal"],
                               products["id"]: [popts[n] for n in two],
                               short_note["id"]: None})
        self.assertIsNone(body["details"])
        self.assertEqual(set(body), {"details", "custom_fields"})

    def test_help_covers_the_form_keys(self):
        rec = self.first("people")
        with TempHome() as home:
            t, form = self.open_form(home, 1, rec)
            t.send("?")
            t.wait_for("In the edit form")
            for name in ("field-edit", "field-clear", "field-revert", "field-editor", "save", "cancel"):
                t.wait_for(name)

    def test_invalid_input_refused_at_the_field_nothing_sent(self):
        rec = self.first("opportunities")
        with TempHome() as home:
            t, form = self.open_form(home, 4, rec)
            self.sb.clear_log()
            form.set("Win Percentage", "150")
            t.wait_for("0 to 100")
            t.send("\x1b")             # leave the prompt
            t.send("w")
            t.wait_for("Nothing changed")
            self.assertEqual(puts(self.sb.log()), [])

    def test_server_refusal_keeps_the_form_and_names_the_field(self):
        rec = self.first("opportunities")
        with TempHome() as home:
            t, form = self.open_form(home, 4, rec)
            form.set("Close Date", "2027-03-03")
            self.sb.control("POST", "/_sandbox/fail_next", {
                "count": 1, "status": 422, "method": "PUT",
                "message": "close_date: must be after the created date"})
            form.save()
            t.wait_for("Not saved")
            t.wait_for("must be after the created date")
            # the form is still there, with what was typed
            self.assertIn("1 change", t.text())
            self.assertIn("2027-03-03", t.text())

    def test_conflicting_change_waits_for_a_choice(self):
        rec = self.nth("opportunities", 7)
        with TempHome() as home:
            t, form = self.open_form(home, 4, rec, row=7)
            form.set("Close Date", "2027-05-05")
            t.wait_for("1 change")
            # a colleague changes the same field, and another one
            self.sb.control("POST", "/_sandbox/mutate/opportunities/%d" % rec["id"],
                            {"close_date": "06/06/2027", "priority": "High"})
            self.sb.clear_log()
            t.send("w")
            t.wait_for("will send exactly this")
            t.send("\r")
            t.wait_for("changed on the server")
            t.wait_for("theirs")
            self.assertEqual(puts(self.sb.log()), [], "a PUT went out before the choice")
            t.send("\r")        # take theirs
            t.send("w")
            t.wait_for(lambda s: "Nothing left to send" in s or "will send" in s, what="outcome")
            self.assertEqual(puts(self.sb.log()), [])
        with TempHome() as home:
            t, form = self.open_form(home, 4, rec, row=7)
            form.set("Close Date", "2027-05-05")
            self.sb.control("POST", "/_sandbox/mutate/opportunities/%d" % rec["id"],
                            {"close_date": "07/07/2027"})
            self.sb.clear_log()
            form.save()
            t.wait_for("theirs")
            t.send("w")         # keep mine
            t.wait_for("will send exactly this")
            t.send("\r")
            t.wait_for("Saved ")
        self.assertEqual(self.saved_body("opportunities", rec["id"]), {"close_date": "05/05/2027"})
        now, _ = self.sb.api("GET", "/opportunities/%d" % rec["id"])
        self.assertEqual(now["priority"], "High")   # the colleague's other change stays

    def test_sighup_mid_edit_keeps_the_draft(self):
        rec = self.nth("people", 9)
        with TempHome() as home:
            t, form = self.open_form(home, 1, rec, row=9)
            form.set("Title", "Chief Draft Officer")
            form.goto("Description")
            t.send("\r")
            t.wait_for("Description (")
            t.send("\x15typed\\nbut not entered")
            t.pump(0.3)
            os.kill(t.pid, signal.SIGHUP)
            t.wait_exit()
            drafts = os.listdir(os.path.join(home, "state", "patina", "drafts"))
            self.assertEqual(drafts, ["people-%d.json" % rec["id"]])
            mode = os.stat(os.path.join(home, "state", "patina", "drafts", drafts[0])).st_mode
            self.assertEqual(mode & 0o777, 0o600)
            self.sb.clear_log()
            t2 = Terminal([PATINA], patina_env(self.sb, home, NO_COLOR="1"), 140, 50)
            self.addCleanup(t2.close)
            t2.wait_for("restore it?")
            t2.send("y")  # a question takes one key
            t2.wait_for("2 changes")
            t2.send("w")
            t2.wait_for("will send exactly this")
            t2.send("\r")
            t2.wait_for("Saved ")
            self.assertEqual(self.saved_body("people", rec["id"]),
                             {"title": "Chief Draft Officer", "details": "typed\nbut not entered"})
            self.assertEqual(os.listdir(os.path.join(home, "state", "patina", "drafts")), [])

    def test_create_with_a_lost_answer_is_not_sent_twice(self):
        name = "Nadia Onlyonce %d" % int(time.time())
        with TempHome() as home:
            t = Terminal([PATINA], patina_env(self.sb, home, NO_COLOR="1"), 140, 50)
            self.addCleanup(t.close)
            t.wait_for("Person #")
            t.send("+")
            t.wait_for("New Person")
            form = Form(t)
            t.wait_for("Enter change")
            form.set("Name", name)
            self.sb.control("POST", "/_sandbox/fail_next", {
                "count": 1, "method": "POST", "path_prefix": "/people", "after": True})
            self.sb.clear_log()
            form.save()
            t.wait_for("created after all")
        log = self.sb.log()
        creates = [e for e in log if e["method"] == "POST" and e["path"] == API + "/people"]
        self.assertEqual(len(creates), 1)
        found, _ = self.sb.api("POST", "/people/search", {"name": name})
        self.assertEqual(len(found), 1)


if __name__ == "__main__":
    unittest.main(verbosity=2)
