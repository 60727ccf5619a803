"""Related items, deleting and converting a lead (#13), end to end: the real
patina in a pseudo-terminal against the sandbox, with the sandbox's request
log as the proof: one request per action, the exact body, nothing sent
twice after a lost answer."""

import json
import os
import signal
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import PATINA, Sandbox, TempHome, Terminal, patina_env, require_pyte  # noqa: E402

API = "/developer_api/v1"
TITLES = {"people": "People", "companies": "Companies", "leads": "Leads",
          "opportunities": "Opportunities", "projects": "Projects", "tasks": "Tasks"}
KEYS = {"people": "1", "companies": "2", "leads": "3", "opportunities": "4", "projects": "5",
        "tasks": "6"}
KIND = {"people": "Person", "companies": "Company", "leads": "Lead",
        "opportunities": "Opportunity", "projects": "Project", "tasks": "Task"}
TYPE = {"people": "person", "companies": "company", "leads": "lead",
        "opportunities": "opportunity", "projects": "project", "tasks": "task"}
ENTITY = {v: k for k, v in TYPE.items()}


def writes(log):
    return [e for e in log if e["method"] in ("POST", "PUT", "DELETE")
            and not e["path"].endswith("/search")]


class Case(unittest.TestCase):
    """One sandbox per class; each test works on records of its own."""

    @classmethod
    def setUpClass(cls):
        require_pyte()
        cls.sb = Sandbox()

    @classmethod
    def tearDownClass(cls):
        cls.sb.stop()

    def page(self, entity, **body):
        body.setdefault("page_size", 200)
        rows, headers = self.sb.api("POST", "/%s/search" % entity, body)
        return rows, int(headers["X-PW-TOTAL"])

    def related(self, entity, rid):
        rel, _ = self.sb.api("GET", "/%s/%d/related" % (entity, rid))
        return rel

    def start(self, home, **env):
        env.setdefault("NO_COLOR", "1")
        t = Terminal([PATINA], patina_env(self.sb, home, **env), 140, 45)
        self.addCleanup(t.close)
        return t

    def open_row(self, t, entity, rec, **body):
        """The list of entity on rec's row, its detail pane showing it."""
        rows, _ = self.page(entity, **body)
        t.send(KEYS[entity])
        title = TITLES[entity]
        t.wait_for(lambda s: title in s.splitlines()[0] and " of " in s.splitlines()[0],
                   timeout=30, what=title + " loaded")
        row = [r["id"] for r in rows].index(rec["id"]) + 1
        t.send("#%d\r" % row)
        t.wait_for("%s #%d" % (KIND[entity], rec["id"]))
        return row

    def status(self, t):
        return t.text().splitlines()[-1]


class Related(Case):
    def test_related_items_grouped_counted_named_and_openable(self):
        rows, _ = self.page("companies")
        company = next(c for c in rows
                       if sum(1 for r in self.related("companies", c["id"]) if r["type"] == "person") >= 2)
        rel = self.related("companies", company["id"])
        counts = {}
        for r in rel:
            counts[r["type"]] = counts.get(r["type"], 0) + 1
        first, _ = self.sb.api("GET", "/%s/%d" % (ENTITY[rel[0]["type"]], rel[0]["id"]))
        self.first_name = first["name"]
        with TempHome() as home:
            t = self.start(home)
            self.open_row(t, "companies", company)
            self.sb.clear_log()
            t.send("\tr")
            for kind, n in counts.items():
                t.wait_for("%s (%d)" % (TITLES[ENTITY[kind]], n))
            first = rel[0]
            t.wait_for(self.first_name[:20])
            log = self.sb.log()
            # one GET of the related items; names in at most one search by ids per kind
            self.assertEqual([e["path"] for e in log if e["method"] == "GET"],
                             ["%s/companies/%d/related" % (API, company["id"])])
            searches = [e for e in log if e["path"].endswith("/search")]
            self.assertLessEqual(len(searches), len(counts))
            for e in searches:
                self.assertEqual(set(e["body"]) - {"page_number", "page_size"}, {"ids"})
            # openable: Enter follows the first (people come first)
            t.send("\r")
            t.wait_for("%s #%d" % (KIND[ENTITY[first["type"]]], first["id"]))
            t.send("h")
            t.wait_for("Company #%d" % company["id"])

    def help_has(self, t, *names):
        """Pages through the help (g first) until every name was seen."""
        t.send("g")
        t.pump(0.3)
        seen = set()
        for _ in range(8):
            seen |= {n for n in names if n in t.text()}
            if seen == set(names):
                return
            before = t.text()
            t.send("\x06")  # C-f: the next page
            t.wait_for(lambda s: s != before, what="the next page of the help")
        self.fail("not in the help: %s" % (set(names) - seen))

    def test_help_lists_the_new_keys(self):
        with TempHome() as home:
            t = self.start(home)
            t.wait_for("Person #")
            t.send("\t?")
            t.wait_for("In the detail pane")
            self.help_has(t, "D                    delete", "i                    link-record",
                          "C                    convert-lead")
            t.send("q\t?")
            t.wait_for("In the list")
            self.help_has(t, "D                    delete", "C                    convert-lead",
                          "I                    toggle-converted")

    def pick_in_picker(self, t, text, name):
        """Types text in the link picker and picks the candidate named name."""
        t.wait_for("Name (or #id) to link:")
        t.send(text)
        t.wait_for(lambda s: name[:25] in s and "searching" not in s, what="candidates")
        t.send("\r")  # the prompt closes, the candidates stay
        t.wait_for(lambda s: "to link:" not in s.splitlines()[-1], what="the prompt closed")
        for _ in range(40):
            line = next((ln for ln in t.text().splitlines() if name[:25] in ln), "")
            y = t.text().splitlines().index(line)
            if t.screen.buffer[y][2].reverse:
                break
            t.send("j")
            t.pump(0.2)
        t.send("\r")

    def test_link_picks_as_you_type_and_posts_once(self):
        people, _ = self.page("people")
        projects, _ = self.page("projects")
        person = people[3]
        linked = {r["id"] for r in self.related("people", person["id"]) if r["type"] == "project"}
        project = next(p for p in projects if p["id"] not in linked and len(p["name"]) > 12)
        with TempHome() as home:
            t = self.start(home)
            self.open_row(t, "people", person)
            self.sb.clear_log()
            t.send("\ti")   # from the fields: related items are read, then the picker
            t.wait_for("Link Person")
            t.wait_for("companies, opportunities, projects or tasks")
            self.pick_in_picker(t, "#%d" % project["id"], project["name"])
            t.wait_for("Linked %s to %s" % (project["name"], person["name"]))
            t.wait_for(lambda s: "Projects (" in s and project["name"][:20] in s, what="the new relation")
            log = self.sb.log()
            self.assertEqual([(e["method"], e["path"], e["body"]) for e in writes(log)],
                             [("POST", "%s/people/%d/related" % (API, person["id"]),
                               {"resource": {"id": project["id"], "type": "project"}})])
            # typing pauses: one search per allowed kind, not one per key
            searches = [e for e in log if e["path"].endswith("/search") and
                        e["body"].get("ids") == [project["id"]]]
            self.assertEqual(len(searches), 4)
        self.assertIn({"id": project["id"], "type": "project"}, self.related("people", person["id"]))

    def test_rules_are_said_before_anything_is_sent(self):
        tasks, _ = self.page("tasks")
        task = next(x for x in tasks if x.get("related_resource") and x["related_resource"].get("id"))
        leads, _ = self.page("leads")
        lead = leads[2]
        with TempHome() as home:
            t = self.start(home)
            self.open_row(t, "leads", lead)
            self.sb.clear_log()
            t.send("\ti")
            t.wait_for("Searching tasks (Tab")   # a lead relates to tasks only
            self.pick_in_picker(t, "#%d" % task["id"], task["name"])
            t.wait_for("Not linked: A task has at most 1 related record")
            t.send("\x1b")
            self.assertEqual(writes(self.sb.log()), [])
            # from the task itself
            self.open_row(t, "tasks", task)
            companies, _ = self.page("companies")
            self.sb.clear_log()
            t.send("\ti")
            self.pick_in_picker(t, "#%d" % companies[0]["id"], companies[0]["name"])
            t.wait_for("A task has at most 1 related record")
            self.assertEqual(writes(self.sb.log()), [])

    def test_moving_a_person_unlinks_then_links_never_a_put(self):
        people, _ = self.page("people")
        person = next(p for p in people[10:] if p.get("company_id"))
        companies, _ = self.page("companies")
        new = next(c for c in companies if c["id"] != person["company_id"] and len(c["name"]) > 10)
        with TempHome() as home:
            t = self.start(home)
            self.open_row(t, "people", person)
            t.send("\tr")
            t.wait_for("Companies (1)")
            self.sb.clear_log()
            t.send("i")
            self.pick_in_picker(t, "#%d" % new["id"], new["name"])
            t.wait_for("(a person has 1 company). (y/n)")
            self.assertEqual(writes(self.sb.log()), [])
            t.send("y")
            t.wait_for("Moved %s to " % person["name"])
            t.wait_for(lambda s: new["name"][:20] in s, what="the new company")
            resource = lambda cid: {"resource": {"id": cid, "type": "company"}}  # noqa: E731
            path = "%s/people/%d/related" % (API, person["id"])
            self.assertEqual([(e["method"], e["path"], e["body"]) for e in writes(self.sb.log())],
                             [("DELETE", path, resource(person["company_id"])),
                              ("POST", path, resource(new["id"]))])
            # the list's row follows: the person, read again, shows it
            t.wait_for(lambda s: any(ln.startswith(person["name"][:15]) and new["name"][:8] in ln
                                     for ln in s.splitlines()), what="the row's new company")
        now, _ = self.sb.api("GET", "/people/%d" % person["id"])
        self.assertEqual(now["company_id"], new["id"])

    def test_a_move_whose_link_is_refused_says_the_person_has_no_company(self):
        """The unlink went through and the link did not: the screen says
        what is true (no company now), and nothing is retried."""
        people, _ = self.page("people")
        person = next(p for p in people[40:] if p.get("company_id"))
        companies, _ = self.page("companies")
        new = next(c for c in companies if c["id"] != person["company_id"] and len(c["name"]) > 10)
        with TempHome() as home:
            t = self.start(home)
            self.open_row(t, "people", person)
            t.send("\tr")
            t.wait_for("Companies (1)")
            self.sb.clear_log()
            self.sb.control("POST", "/_sandbox/fail_next", {
                "count": 1, "status": 422, "method": "POST",
                "path_prefix": "/people/%d/related" % person["id"]})
            t.send("i")
            self.pick_in_picker(t, "#%d" % new["id"], new["name"])
            t.wait_for("(y/n)")
            t.send("y")
            t.wait_for("%s has no company now" % person["name"])
            path = "%s/people/%d/related" % (API, person["id"])
            self.assertEqual([(e["method"], e["path"]) for e in writes(self.sb.log())],
                             [("DELETE", path), ("POST", path)])
            t.pump(1.0)  # nothing is sent again
            self.assertEqual(len(writes(self.sb.log())), 2)
        now, _ = self.sb.api("GET", "/people/%d" % person["id"])
        self.assertIsNone(now.get("company_id"))

    def test_the_form_does_not_put_a_persons_company(self):
        people, _ = self.page("people")
        person = next(p for p in people[20:] if p.get("company_id"))
        with TempHome() as home:
            t = self.start(home)
            self.open_row(t, "people", person)
            t.send("e")
            t.wait_for("Enter change")
            for _ in range(10):
                if "Company" in next((ln for ln in t.text().splitlines()
                                      if ln.startswith("  ") and "\u25cf" not in ln and
                                      t.screen.buffer[t.text().splitlines().index(ln)][2].reverse), ""):
                    break
                t.send("j")
                t.pump(0.2)
            t.send("\r")
            t.wait_for("changes through its related items")
            self.assertEqual(writes(self.sb.log()), [])

    def test_unlink_asks_and_a_lost_answer_is_read_not_resent(self):
        projects, _ = self.page("projects")
        people, _ = self.page("people")
        project, person = projects[5], people[40]
        self.sb.api("POST", "/projects/%d/related" % project["id"],
                    {"resource": {"id": person["id"], "type": "person"}})
        with TempHome() as home:
            t = self.start(home)
            self.open_row(t, "projects", project)
            t.send("\tr")
            t.wait_for(person["name"][:20])
            # the selection onto the person
            for _ in range(40):
                y = next(i for i, ln in enumerate(t.text().splitlines()) if person["name"][:20] in ln)
                if t.screen.buffer[y][100].reverse or any(
                        t.screen.buffer[y][x].reverse for x in range(72, 139)):
                    break
                t.send("j")
                t.pump(0.2)
            self.sb.clear_log()
            t.send("D")
            t.wait_for("Neither record is deleted. (y/n)")
            t.send("n")
            t.wait_for("Not unlinked")
            self.assertEqual(writes(self.sb.log()), [])
            self.sb.control("POST", "/_sandbox/fail_next", {
                "count": 1, "method": "DELETE", "path_prefix": "/projects/", "after": True})
            t.send("D")
            t.wait_for("(y/n)")
            t.send("y")
            t.wait_for("Unlinked %s from" % person["name"])
            t.wait_for("nothing was sent twice")
            log = self.sb.log()
            self.assertEqual([(e["method"], e["body"]) for e in writes(log)],
                             [("DELETE", {"resource": {"id": person["id"], "type": "person"}})])
            gets = [e["path"] for e in log if e["method"] == "GET"]
            self.assertIn("%s/projects/%d/related" % (API, project["id"]), gets)
        self.assertNotIn({"id": person["id"], "type": "person"},
                         self.related("projects", project["id"]))


class Delete(Case):
    def test_delete_from_the_list_asks_names_and_sends_one_delete(self):
        rows, total = self.page("people")
        person, after = rows[30], rows[31]
        with TempHome() as home:
            t = self.start(home)
            self.open_row(t, "people", person)
            self.sb.clear_log()
            t.send("D")
            t.wait_for("Delete Person '%s' #%d? Copper has no undo. (y/n)" % (person["name"], person["id"]))
            t.send("n")
            t.wait_for("Not deleted")
            self.assertEqual(writes(self.sb.log()), [])
            t.send("D")
            t.wait_for("(y/n)")
            t.send("y")
            t.wait_for("Deleted Person '%s' #%d" % (person["name"], person["id"]))
            t.wait_for("of {:,}".format(total - 1))          # the count follows
            t.wait_for("Person #%d" % after["id"])           # the next row is shown
            log = self.sb.log()
            self.assertEqual([(e["method"], e["path"], e["body"]) for e in log],
                             [("DELETE", "%s/people/%d" % (API, person["id"]), None)])

    def test_every_kind_from_its_detail_pane(self):
        for entity in ("companies", "leads", "opportunities", "projects", "tasks"):
            with self.subTest(entity=entity), TempHome() as home:
                rows, _ = self.page(entity)
                rec = next(r for r in rows[50:] if entity != "companies" or not any(
                    x["type"] in ("person", "opportunity") for x in self.related("companies", r["id"])))
                t = self.start(home)
                self.open_row(t, entity, rec)
                self.sb.clear_log()
                t.send("\tD")
                t.wait_for("Copper has no undo. (y/n)")
                t.send("y")
                t.wait_for("Deleted %s" % KIND[entity])
                self.assertEqual([(e["method"], e["path"]) for e in writes(self.sb.log())],
                                 [("DELETE", "%s/%s/%d" % (API, entity, rec["id"]))])
                t.wait_for(lambda s: "%s #%d" % (KIND[entity], rec["id"]) not in s, what="gone")

    def test_a_company_with_people_needs_yes_typed(self):
        rows, total = self.page("companies")
        company = next(c for c in rows[60:] if any(
            r["type"] == "person" for r in self.related("companies", c["id"])))
        people = sum(1 for r in self.related("companies", company["id"]) if r["type"] == "person")
        with TempHome() as home:
            t = self.start(home)
            self.open_row(t, "companies", company)
            self.sb.clear_log()
            t.send("D")
            t.wait_for("Type yes:")
            t.wait_for("%d %s" % (people, "person" if people == 1 else "people"))
            t.send("y\r")
            t.wait_for("Not deleted: the answer was not yes")
            t.send("D")
            t.wait_for("Type yes:")
            t.send("yes\r")
            t.wait_for("Deleted Company")
            t.wait_for("of {:,}".format(total - 1))
            log = self.sb.log()
            self.assertEqual([(e["method"], e["path"]) for e in log],
                             [("GET", "%s/companies/%d/related" % (API, company["id"])),
                              ("GET", "%s/companies/%d/related" % (API, company["id"])),
                              ("DELETE", "%s/companies/%d" % (API, company["id"]))])

    def test_gone_already_and_a_lost_answer(self):
        rows, total = self.page("tasks")
        gone, lost = rows[70], rows[71]
        with TempHome() as home:
            t = self.start(home)
            self.open_row(t, "tasks", gone)
            self.sb.api("DELETE", "/tasks/%d" % gone["id"])   # a colleague deleted it
            self.sb.clear_log()
            t.send("D")
            t.wait_for("(y/n)")
            t.send("y")
            t.wait_for("was deleted already (Copper answered 404)")
            t.wait_for("of {:,}".format(total - 1))
            self.assertEqual([(e["method"], e["status"]) for e in self.sb.log()], [("DELETE", 404)])
            # the next one's answer is lost after Copper did it
            t.wait_for("Task #%d" % lost["id"])
            self.sb.clear_log()
            self.sb.control("POST", "/_sandbox/fail_next", {
                "count": 1, "method": "DELETE", "path_prefix": "/tasks/", "after": True})
            t.send("D")
            t.wait_for("(y/n)")
            t.send("y")
            t.wait_for("Deleted Task")
            t.wait_for("its answer was lost; read again, it is gone; nothing was sent twice")
            self.assertEqual([(e["method"], e["path"]) for e in self.sb.log()],
                             [("DELETE", "%s/tasks/%d" % (API, lost["id"])),
                              ("GET", "%s/tasks/%d" % (API, lost["id"]))])


    def test_the_board_drops_a_deleted_deal(self):
        pipelines, _ = self.sb.api("GET", "/pipelines")
        stage = pipelines[0]["stages"][0]
        rows, _ = self.page("opportunities")
        deal = next(r for r in rows[100:] if r.get("pipeline_stage_id") == stage["id"]
                    and r.get("status") == "Open" and r.get("pipeline_id") == pipelines[0]["id"])
        _, open_deals = self.page("opportunities", pipeline_ids=[pipelines[0]["id"]],
                                  pipeline_stage_ids=[stage["id"]], status_ids=[0])
        with TempHome() as home:
            t = self.start(home)
            t.wait_for("Person #")
            t.send("b")
            t.wait_for("%d open deals" % open_deals)
            t.send("b")
            self.open_row(t, "opportunities", deal)
            t.send("D")
            t.wait_for("(y/n)")
            t.send("y")
            t.wait_for("Deleted Opportunity")
            self.sb.clear_log()
            t.send("b")
            t.wait_for("%d open deals" % (open_deals - 1))
            self.assertEqual(self.sb.log(), [])   # no request: the board knew


class Convert(Case):
    def form_set(self, t, label, text):
        """Moves to the form's field label and types text into it."""
        t.send("g")
        for _ in range(30):
            y = next((i for i, ln in enumerate(t.text().splitlines())
                      if ln[2:].startswith(label) and t.screen.buffer[i][2].reverse), None)
            if y is not None:
                break
            t.send("j")
            t.pump(0.2)
        t.send("\r")
        t.wait_for(lambda s: label + ":" in s.splitlines()[-1] or label + " (" in s.splitlines()[-1],
                   what="the prompt of " + label)
        t.send("\x15" + text + "\r")

    def test_convert_with_an_opportunity_opens_it_and_the_lead_leaves(self):
        leads, total = self.page("leads")
        lead = next(x for x in leads[5:] if x.get("company_name") and x.get("assignee_id"))
        pipelines, _ = self.sb.api("GET", "/pipelines")
        with TempHome() as home:
            t = self.start(home)
            self.open_row(t, "leads", lead)
            self.sb.clear_log()
            t.send("C")
            t.wait_for("Convert Lead '%s' #%d" % (lead["name"], lead["id"]))
            t.wait_for("Enter change")
            self.form_set(t, "Opportunity too", "yes")
            self.form_set(t, "Opportunity Name", "Paper for %s" % lead["name"])
            self.form_set(t, "Close Date", "2027-01-15")
            t.send("w")
            t.wait_for("POST /leads/%d/convert will send exactly this" % lead["id"])
            t.wait_for('then PUT /opportunities/')
            self.assertEqual(writes(self.sb.log()), [])
            t.send("\r")
            t.wait_for("Converted Lead")
            want = {"details": {
                "person": {"name": lead["name"], "assignee_id": lead["assignee_id"]},
                "company": {"name": lead["company_name"], "exact_match": True},
                "opportunity": {"name": "Paper for %s" % lead["name"],
                                "pipeline_id": pipelines[0]["id"],
                                "pipeline_stage_id": pipelines[0]["stages"][0]["id"],
                                "assignee_id": lead["assignee_id"]}}}
            if isinstance(lead.get("monetary_value"), (int, float)):
                want["details"]["opportunity"]["monetary_value"] = lead["monetary_value"]
            w = writes(self.sb.log())
            self.assertEqual([(e["method"], e["path"]) for e in w][:1],
                             [("POST", "%s/leads/%d/convert" % (API, lead["id"]))])
            self.assertEqual(w[0]["body"], want)
            self.assertEqual(len(w), 2)
            self.assertEqual((w[1]["method"], w[1]["body"]), ("PUT", {"close_date": "01/15/2027"}))
            opp_id = int(w[1]["path"].rsplit("/", 1)[1])
            t.wait_for("Opportunity #%d" % opp_id)          # it opens
            t.send("3")
            t.wait_for("of {:,}".format(total - 1))          # the lead left the list
        found, _ = self.sb.api("POST", "/leads/search", {"ids": [lead["id"]]})
        self.assertEqual(found, [])

    def test_an_existing_company_picked_and_a_lost_answer(self):
        leads, total = self.page("leads")
        lead = leads[12]
        companies, _ = self.page("companies")
        company = companies[7]
        with TempHome() as home:
            t = self.start(home)
            self.open_row(t, "leads", lead)
            t.send("C")
            t.wait_for("Enter change")
            self.form_set(t, "Company", "#%d" % company["id"])
            t.wait_for("Company              #%d" % company["id"])
            self.form_set(t, "or New Company", "")
            self.sb.clear_log()
            self.sb.control("POST", "/_sandbox/fail_next", {
                "count": 1, "method": "POST", "path_prefix": "/leads/%d/convert" % lead["id"],
                "after": True})
            t.send("w")
            t.wait_for("will send exactly this")
            t.send("\r")
            t.wait_for("Converted Lead")
            t.wait_for("the answer was lost; the lead, looked for, is converted; nothing was sent twice")
            log = self.sb.log()
            converts = [e for e in log if e["path"].endswith("/convert")]
            self.assertEqual(len(converts), 1)
            self.assertEqual(converts[0]["body"]["details"]["company"], {"id": company["id"]})
            finds = [e for e in log if e["path"] == API + "/leads/search"
                     and e["body"].get("include_converted_leads") is True]
            self.assertEqual([f["body"]["ids"] for f in finds[:1]], [[lead["id"]]])
            # the lead, read again, names the new person: it opens
            lead_now, _ = self.sb.api("GET", "/leads/%d" % lead["id"])
            t.wait_for("Person #%d" % lead_now["converted_contact_id"])

    def test_a_company_picked_among_several_in_the_form(self):
        leads, _ = self.page("leads")
        lead = leads[30]
        found, _ = self.sb.api("POST", "/companies/search", {"name": "Corp", "page_size": 10})
        self.assertGreater(len(found), 2)
        with TempHome() as home:
            t = self.start(home)
            self.open_row(t, "leads", lead)
            t.send("C")
            t.wait_for("Enter change")
            self.sb.clear_log()
            self.form_set(t, "Company", "Corp")
            t.wait_for("Several records match: Enter picks one")
            t.wait_for("Companies: %d" % len(found))
            t.wait_for(found[1]["name"][:20])
            t.send("j\r")
            t.wait_for(lambda s: "Enter change" in s, what="back in the form")
            t.wait_for(found[1]["name"][:20])
            self.form_set(t, "or New Company", "")
            searches = [e for e in self.sb.log() if e["path"].endswith("/search")]
            self.assertEqual([(e["path"], e["body"]["name"]) for e in searches],
                             [(API + "/companies/search", "Corp")])
            t.send("w")
            t.wait_for("will send exactly this")
            t.wait_for(str(found[1]["id"]))   # the chosen company, by id

    def test_elsewhere_c_says_why_and_the_converted_toggle(self):
        leads, _ = self.page("leads")
        lead = leads[20]
        with TempHome() as home:
            t = self.start(home)
            t.wait_for("Person #")
            t.send("C")
            t.wait_for("Only a lead converts; these are People")
            self.sb.api("POST", "/leads/%d/convert" % lead["id"], {"details": {}})
            t.send("3")
            t.wait_for(lambda s: "Leads" in s.splitlines()[0] and " of " in s.splitlines()[0],
                       what="leads")
            self.sb.clear_log()
            t.send("I")
            t.wait_for("with converted")
            t.wait_for("Listing converted leads too")
            searches = [e for e in self.sb.log() if e["path"] == API + "/leads/search"]
            self.assertTrue(searches)
            self.assertIs(searches[0]["body"].get("include_converted_leads"), True)
            # a converted lead says so, and is not converted again
            _, with_converted = self.page("leads", include_converted_leads=True)
            rows, _ = self.page("leads", include_converted_leads=True)
            row = [r["id"] for r in rows].index(lead["id"]) + 1
            t.send("#%d\r" % row)
            t.wait_for("Lead #%d" % lead["id"])
            self.sb.clear_log()
            t.send("C")
            t.wait_for("This lead was converted already")
            self.assertEqual(writes(self.sb.log()), [])
            t.send("I")
            t.wait_for("Converted leads left out")

    def test_a_conversion_survives_sighup_as_a_draft(self):
        leads, _ = self.page("leads")
        lead = leads[25]
        with TempHome() as home:
            t = self.start(home)
            self.open_row(t, "leads", lead)
            t.send("C")
            t.wait_for("Enter change")
            self.form_set(t, "Opportunity Name", "Kept across a SIGHUP")
            t.wait_for("1 change")
            t.pump(0.3)
            os.kill(t.pid, signal.SIGHUP)
            t.wait_exit()
            drafts = os.listdir(os.path.join(home, "state", "patina", "drafts"))
            self.assertEqual(drafts, ["leads-%d-convert.json" % lead["id"]])
            t2 = self.start(home)
            t2.wait_for("Unsaved conversion of lead #%d" % lead["id"])
            t2.send("y")
            t2.wait_for("Convert Lead")
            t2.wait_for("Kept across a SIGHUP")
            t2.wait_for("Restored your unsaved conversion")

    def test_a_conversion_sent_when_the_session_ended_is_looked_for_not_resent(self):
        leads, _ = self.page("leads")
        lead = leads[33]
        with TempHome() as home:
            t = self.start(home)
            self.open_row(t, "leads", lead)
            t.send("C")
            t.wait_for("Enter change")
            t.send("w")
            t.wait_for("will send exactly this")
            self.sb.clear_log()
            self.sb.configure(latency=1500)   # the POST is out when the session ends
            t.send("\r")
            t.wait_for("Converting")
            t.pump(0.3)
            os.kill(t.pid, signal.SIGHUP)
            t.wait_exit()
            self.sb.configure(latency=0)
            # the sandbox finishes the conversion the client no longer waits for
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline:
                found, _ = self.sb.api("POST", "/leads/search",
                                       {"ids": [lead["id"]], "include_converted_leads": True})
                if found and found[0].get("converted_contact_id"):
                    break
                time.sleep(0.2)
            person = found[0]["converted_contact_id"]
            t2 = self.start(home)
            t2.wait_for("Unsaved conversion of lead #%d" % lead["id"])
            t2.send("y")
            t2.wait_for("w looks for the lead first")
            t2.send("w")
            t2.wait_for("Converted Lead")
            t2.wait_for("Person #%d" % person)
            converts = [e for e in self.sb.log() if e["path"].endswith("/convert")]
            self.assertEqual(len(converts), 1)
            self.assertEqual(os.listdir(os.path.join(home, "state", "patina", "drafts")), [])


if __name__ == "__main__":
    unittest.main()
