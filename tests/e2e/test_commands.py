"""patina's scriptable commands against the sandbox: find, show, url, open,
set and the completion helper, in every format; what each sends (read from
the sandbox's request log); exit codes for each class of failure; piping
detection (a pipe gets TSV and plain text, a pseudo-terminal a table and
styles); and the bash and zsh completion scripts."""

import csv
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import (EMAIL, PATINA, TOKEN, TOP, Sandbox, TempHome,  # noqa: E402
                     patina_env, run_patina)

API = "/developer_api/v1"
BASH_SCRIPT = os.path.join(TOP, "completions", "patina.bash")
ZSH_DIR = os.path.join(TOP, "completions")


def requests_of(log):
    """(method, path) of every API request in a sandbox log."""
    return [(e["method"], e["path"]) for e in log]


def body_of(entry):
    b = entry.get("body")
    return json.loads(b) if isinstance(b, str) and b else b


class Commands(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.sandbox = Sandbox()
        cls.home_dir = TempHome()
        cls.home = cls.home_dir.__enter__()  # a cache shared by the warm tests
        cls.me, _ = cls.sandbox.api("GET", "/users/me")
        cls.account, _ = cls.sandbox.api("GET", "/account")
        users, _ = cls.sandbox.api("POST", "/users/search", {"page_size": 200})
        cls.users = {u["id"]: u["name"] for u in users}
        people, _ = cls.sandbox.api("POST", "/people/search", {"page_size": 5, "name": "an"})
        cls.person = people[0]
        # warm the shared cache: what find and show need
        for args in (["find", "people", "an", "--limit", "1"], ["show", "person", str(cls.person["id"])],
                     ["find", "opportunities", "stage:Qualified", "owner:me", "--limit", "1"]):
            r = cls.patina(args)
            assert r.returncode == 0, r.stderr

    @classmethod
    def tearDownClass(cls):
        cls.home_dir.__exit__(None, None, None)
        cls.sandbox.stop()

    @classmethod
    def patina(cls, args, home=None, **env):
        return run_patina(args, patina_env(cls.sandbox, home or cls.home, **env))

    def logged(self, args, home=None, **env):
        """Runs patina and returns (result, the requests it made)."""
        self.sandbox.clear_log()
        r = self.patina(args, home, **env)
        return r, self.sandbox.log()

    # ---- usage ---------------------------------------------------------------

    def test_help_for_every_command(self):
        top = self.patina(["--help"])
        self.assertEqual(top.returncode, 0)
        for cmd in ("find", "show", "open", "url", "set"):
            self.assertRegex(top.stdout, r"\n  %s +\w" % cmd)
            for args in (["help", cmd], [cmd, "--help"]):
                r = self.patina(args)
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertIn("Usage: patina [OPTIONS] " + cmd, r.stdout)
        r = self.patina(["find", "--help"])
        for flag in ("--format", "--limit", "--sort", "--columns", "--api-url"):
            self.assertIn(flag, r.stdout)
        r = self.patina(["help"])
        self.assertEqual(r.returncode, 0)
        self.assertIn("Commands:", r.stdout)

    def test_usage_errors_exit_2_and_send_nothing(self):
        cases = [["help", "nope"], ["frobnicate"], ["find"], ["find", "widgets"],
                 ["find", "people", "bogus:1"], ["find", "people", "--limit", "0"],
                 ["find", "people", "--format", "xml"], ["find", "people", "--columns", "nope"],
                 ["find", "tasks", "some", "name"], ["show", "person"], ["url", "person", "abc"],
                 ["set", "person", "1"], ["set", "person", "1", "noequals"],
                 ["find", "people", "--frob"], ["--check", "find", "people"],
                 ["find", "people", "--wait", "0"], ["show", "person", "1", "--wait", "2,5"],
                 ["url", "person", "1", "--wait", "-1"], ["set", "person", "1", "a=b", "--wait="],
                 ["url", "person", "1", "--raw-cells"]]
        for args in cases:
            r, log = self.logged(args)
            self.assertEqual(r.returncode, 2, (args, r.stderr))
            self.assertTrue(r.stderr.strip(), args)
            self.assertEqual(r.stdout, "", args)
            self.assertEqual(log, [], args)

    def test_global_flags_before_the_command(self):
        env = patina_env(self.sandbox, self.home)
        url = env.pop("COPPER_API_URL")
        r = run_patina(["--api-url", url, "--email", EMAIL, "find", "people", "an", "--limit", "2"], env)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(len(r.stdout.splitlines()), 2)
        cfg = os.path.join(self.home, "cmd.conf")
        with open(cfg, "w") as f:
            f.write("set api-url = %s\n" % url)
        r = run_patina(["-c", cfg, "find", "people", "an", "--limit", "1"], env)
        self.assertEqual(r.returncode, 0, r.stderr)

    # ---- find ----------------------------------------------------------------

    def test_find_piped_is_tsv_with_names(self):
        api, _ = self.sandbox.api("POST", "/people/search", {"name": "an", "page_size": 5})
        r = self.patina(["find", "people", "an", "--limit", "5"])
        self.assertEqual(r.returncode, 0, r.stderr)
        rows = [line.split("\t") for line in r.stdout.splitlines()]
        self.assertEqual([int(row[0]) for row in rows], [p["id"] for p in api])
        self.assertEqual(rows[0][1], api[0]["name"])
        for row, rec in zip(rows, api):
            self.assertEqual(len(row), 7)  # id + the list's six columns
            self.assertEqual(row[6], self.users.get(rec["assignee_id"], ""))
        self.assertNotIn("\x1b", r.stdout)

    def test_find_formats(self):
        api, _ = self.sandbox.api("POST", "/people/search", {"name": "an", "page_size": 4})
        r = self.patina(["find", "people", "an", "--limit", "4", "--format", "json"])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout), api)  # the API's records as they are
        r = self.patina(["find", "people", "an", "--limit", "4", "--format", "ndjson"])
        self.assertEqual([json.loads(line) for line in r.stdout.splitlines()], api)
        r = self.patina(["find", "people", "an", "--limit", "4", "--format", "csv",
                      "--columns", "id,name,company,owner"])
        rows = list(csv.reader(io.StringIO(r.stdout)))
        self.assertEqual(rows[0], ["Id", "Name", "Company", "Owner"])
        self.assertEqual([int(x[0]) for x in rows[1:]], [p["id"] for p in api])
        self.assertEqual([x[2] for x in rows[1:]], [p["company_name"] or "" for p in api])
        r = self.patina(["find", "people", "an", "--limit", "4", "--format", "tsv", "--columns", "email"])
        self.assertEqual(r.stdout.splitlines(), [p["emails"][0]["email"] for p in api])
        r = self.patina(["find", "people", "an", "--limit", "2", "--format", "table"])
        self.assertEqual(len(r.stdout.splitlines()), 3)  # forced: header and rows

    def test_find_table_on_a_terminal(self):
        env = patina_env(self.sandbox, self.home)
        t = harness.Terminal([PATINA, "find", "opportunities", "--limit", "12"], env, cols=90, rows=40)
        try:
            self.assertEqual(t.wait_exit(), 0)
            lines = [ln for ln in t.text().splitlines() if ln.strip()]
            self.assertRegex(lines[0], r"^\s*Id Name\s+Company\s+Stage")
            self.assertEqual(len([ln for ln in lines if re.match(r"^\s*\d+ \S", ln) and " of " not in ln]), 12)
            self.assertIn("12 of ", t.text())           # the count, on stderr
            self.assertIn(b"\x1b[1m", bytes(t.raw))       # a bold header
            self.assertTrue(all(len(ln) <= 90 for ln in t.text().splitlines()))
        finally:
            t.close()

    def test_find_filters_sort_and_quoted_names(self):
        grace = [i for i, n in self.users.items() if n == "Grace Kim"][0]
        r, log = self.logged(["find", "opportunities", "owner:me", "value>100k", "--sort", "value:desc",
                              "--limit", "5", "--format", "json"])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(requests_of(log), [("POST", API + "/opportunities/search")])
        body = body_of(log[0])
        self.assertEqual(body["assignee_ids"], [self.me["id"]])
        self.assertEqual(body["minimum_monetary_value"], 100000.01)  # ">" is strict
        self.assertEqual((body["sort_by"], body["sort_direction"], body["page_size"]), ("value", "desc", 5))
        values = [o["monetary_value"] for o in json.loads(r.stdout)]
        self.assertEqual(values, sorted(values, reverse=True))
        # the shell took the quotes away: patina puts them back
        r, log = self.logged(["find", "people", "owner:Grace Kim", "--limit", "3"])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(body_of(log[-1])["assignee_ids"], [grace])
        self.assertTrue(all(line.endswith("\tGrace Kim") for line in r.stdout.splitlines()))

    def test_find_pages_through_the_api_in_parallel(self):
        r, log = self.logged(["find", "people", "--limit", "450", "--format", "ndjson", "--sort", "name"])
        self.assertEqual(r.returncode, 0, r.stderr)
        ids = [json.loads(line)["id"] for line in r.stdout.splitlines()]
        self.assertEqual(len(ids), 450)
        self.assertEqual(len(set(ids)), 450)
        pages = sorted(body_of(e)["page_number"] for e in log)
        self.assertEqual(pages, [1, 2, 3])
        self.assertTrue(all(body_of(e)["page_size"] == 200 for e in log))
        first, _ = self.sandbox.api("POST", "/people/search",
                                    {"page_size": 200, "page_number": 3, "sort_by": "name"})
        self.assertEqual(ids[400:], [p["id"] for p in first[:50]])

    def test_find_nothing_exits_1(self):
        r = self.patina(["find", "people", "zzqqxxnobody"])
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stdout, "")
        r = self.patina(["find", "people", "zzqqxxnobody", "--format", "json"])
        self.assertEqual((r.returncode, json.loads(r.stdout)), (1, []))

    # ---- show ----------------------------------------------------------------

    def test_show_piped_is_plain_text_by_the_layout(self):
        p = self.person
        r = self.patina(["show", "person", str(p["id"])])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("\x1b", r.stdout)
        lines = r.stdout.splitlines()
        self.assertEqual(lines[0], "%s  Person #%d" % (p["name"], p["id"]))
        self.assertRegex(r.stdout, r"\nName +%s\n" % p["name"])
        self.assertRegex(r.stdout, r"\nOwner +%s\n" % self.users[p["assignee_id"]])
        self.assertIn(p["emails"][0]["email"], r.stdout)
        layout, _ = self.sandbox.api("GET", "/field_layouts/by_entity/people")
        labels = [f["field_label"] for f in layout if f.get("enabled", True)]
        shown = [lab for lab in labels if any(ln.startswith(lab) for ln in lines)]
        self.assertGreaterEqual(len(shown), 5)
        self.assertEqual(shown, [lab for lab in labels if lab in shown])  # in the layout's order

    def test_show_formats(self):
        p = self.person
        r = self.patina(["show", "person", str(p["id"]), "--format", "json"])
        self.assertEqual(json.loads(r.stdout), self.sandbox.api("GET", "/people/%d" % p["id"])[0])
        r = self.patina(["show", "person", str(p["id"]), "--format", "ndjson"])
        self.assertEqual(len(r.stdout.splitlines()), 1)
        r = self.patina(["show", "person", str(p["id"]), "--format", "tsv"])
        rows = dict(line.split("\t", 1) for line in r.stdout.splitlines())
        self.assertEqual(rows["Name"], p["name"])
        self.assertIn("Websites", rows)  # empty fields too: rows do not depend on the data
        r = self.patina(["show", "person", str(p["id"]), "--format", "csv"])
        rows = list(csv.reader(io.StringIO(r.stdout)))
        self.assertEqual(rows[0], ["field", "value"])
        self.assertIn(["Name", p["name"]], rows)

    def test_show_on_a_terminal_is_styled_and_wrapped(self):
        opps, _ = self.sandbox.api("POST", "/opportunities/search", {"page_size": 50})
        opp = max(opps, key=lambda o: len(o.get("details") or ""))
        env = patina_env(self.sandbox, self.home)
        t = harness.Terminal([PATINA, "show", "opportunity", str(opp["id"])], env, cols=60, rows=60)
        try:
            self.assertEqual(t.wait_exit(), 0)
            self.assertIn(b"\x1b[1m", bytes(t.raw))
            self.assertIn("Opportunity #%d" % opp["id"], t.text())
            contact = [ln for ln in t.text().splitlines() if ln.startswith("Primary Contact")]
            self.assertEqual(len(contact), 1)
            self.assertNotIn("#", contact[0])  # named, not an id
            self.assertTrue(all(len(ln) <= 60 for ln in t.text().splitlines()))
        finally:
            t.close()

    def test_show_by_email_name_and_ambiguity(self):
        p = self.person
        email = p["emails"][0]["email"]
        r, log = self.logged(["show", "person", email, "--format", "json"])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout)["id"], p["id"])
        self.assertEqual(requests_of(log), [("POST", API + "/people/fetch_by_email")])
        self.assertEqual(body_of(log[0]), {"email": email})
        r = self.patina(["show", "person", p["name"], "--format", "json"])
        self.assertEqual((r.returncode, json.loads(r.stdout)["id"]), (0, p["id"]))
        r = self.patina(["show", "person", "an"])
        self.assertEqual(r.returncode, 6, r.stderr)
        self.assertEqual(r.stdout, "")
        self.assertIn("say which by id", r.stderr)
        self.assertIn(str(p["id"]), r.stderr)
        r = self.patina(["show", "person", "nobody@nowhere.example"])
        self.assertEqual(r.returncode, 1, r.stderr)
        r = self.patina(["show", "company", "zzqqxx no such company"])
        self.assertEqual(r.returncode, 1, r.stderr)
        r = self.patina(["show", "person", "987654321"])
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("404", r.stderr)

    # ---- requests: warm and cold cache --------------------------------------

    def test_warm_cache_find_and_show_make_one_request(self):
        pid = self.person["id"]
        r, log = self.logged(["show", "person", str(pid)])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(requests_of(log), [("GET", API + "/people/%d" % pid)])
        r, log = self.logged(["find", "people", "an", "--limit", "3"])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(requests_of(log), [("POST", API + "/people/search")])
        r, log = self.logged(["find", "opportunities", "stage:Qualified", "--limit", "3"])
        self.assertEqual(requests_of(log), [("POST", API + "/opportunities/search")])

    def test_cold_cache_asks_the_lookups_alongside(self):
        pid = self.person["id"]
        with TempHome() as home:
            r, log = self.logged(["show", "person", str(pid)], home)
            self.assertEqual(r.returncode, 0, r.stderr)
            paths = sorted(p for _, p in requests_of(log))
            self.assertEqual(paths, sorted(API + x for x in (
                "/people/%d" % pid, "/account", "/users/search", "/custom_field_definitions",
                "/contact_types", "/field_layouts/by_entity/people")))
            # a cold find: the owners' names wait for the users, asked alongside
            with TempHome() as cold:
                r, log = self.logged(["find", "people", "an", "--limit", "20"], cold)
                self.assertEqual(r.returncode, 0, r.stderr)
                api, _ = self.sandbox.api("POST", "/people/search", {"name": "an", "page_size": 20})
                self.assertEqual([line.split("\t")[6] for line in r.stdout.splitlines()],
                                 [self.users.get(p["assignee_id"], "") for p in api])
                self.assertEqual(sorted(p for _, p in requests_of(log)), sorted(
                    API + x for x in ("/account", "/users/search", "/people/search")))
            # JSON needs no look-up at all
            r, log = self.logged(["show", "person", str(pid), "--format", "json"], home + "/x")
            self.assertEqual(requests_of(log), [("GET", API + "/people/%d" % pid)])

    # ---- names of related records -------------------------------------------

    RELATED = {"company": ("companies", "Company"), "person": ("people", "Person"),
               "lead": ("leads", "Lead"), "opportunity": ("opportunities", "Opportunity"),
               "project": ("projects", "Project"), "task": ("tasks", "Task")}

    def related_cell(self, rec, names):
        """What the Related column shows for a record, by the API's names."""
        rr = rec.get("related_resource") or {}
        if not rr.get("id") or rr.get("type") not in self.RELATED:
            return ""
        path, title = self.RELATED[rr["type"]]
        name = names.get((path, rr["id"]))
        return "%s: %s" % (title, name) if name else "%s #%d" % (title, rr["id"])

    def test_related_records_are_named_in_one_search_per_entity(self):
        tasks, _ = self.sandbox.api("POST", "/tasks/search", {"page_size": 30})
        wanted = {}
        for t in tasks:
            rr = t.get("related_resource") or {}
            if rr.get("id") and rr.get("type") in self.RELATED:
                wanted.setdefault(self.RELATED[rr["type"]][0], set()).add(rr["id"])
        self.assertGreaterEqual(len(wanted), 3)  # companies, people, opportunities...
        names = {}
        for path, ids in wanted.items():
            found, _ = self.sandbox.api("POST", "/%s/search" % path,
                                        {"ids": sorted(ids), "page_size": len(ids)})
            names.update({(path, rec["id"]): rec["name"] for rec in found})
        # show: the related record's name, not "#id"
        task = [t for t in tasks if ": " in self.related_cell(t, names)][0]
        rr = task["related_resource"]
        path = self.RELATED[rr["type"]][0]
        r, log = self.logged(["show", "task", str(task["id"])])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stdout, r"\nRelated To +%s\n" % re.escape(self.related_cell(task, names)))
        searches = [e for e in log if e["path"].endswith("/search")]
        self.assertEqual(requests_of(searches), [("POST", API + "/%s/search" % path)])
        self.assertEqual(body_of(searches[0])["ids"], [rr["id"]])
        # find: every row named, at most one search by ids per entity
        r, log = self.logged(["find", "tasks", "--limit", "30"])
        self.assertEqual(r.returncode, 0, r.stderr)
        rows = [line.split("\t") for line in r.stdout.splitlines()]
        self.assertEqual([int(row[0]) for row in rows], [t["id"] for t in tasks])
        self.assertEqual([row[5] for row in rows], [self.related_cell(t, names) for t in tasks])
        paths = [p for _, p in requests_of(log)]
        self.assertEqual(paths.count(API + "/tasks/search"), 1)
        name_searches = [e for e in log if e["path"] != API + "/tasks/search"]
        self.assertEqual(sorted(e["path"] for e in name_searches),
                         sorted(API + "/%s/search" % p for p in wanted))
        for e in name_searches:
            path = e["path"][len(API) + 1:-len("/search")]
            self.assertEqual(sorted(body_of(e)["ids"]), sorted(wanted[path]))
        # JSON prints the API's records: no name is asked for
        r, log = self.logged(["find", "tasks", "--limit", "30", "--format", "json"])
        self.assertEqual(requests_of(log), [("POST", API + "/tasks/search")])

    def test_url_from_the_cache(self):
        with TempHome() as home:
            r, log = self.logged(["url", "opportunity", "42"], home)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stdout, "https://app.copper.com/companies/%d/app#/deal/42\n"
                             % self.account["id"])
            self.assertEqual(requests_of(log), [("GET", API + "/account")])
            r, log = self.logged(["url", "person", "7"], home)
            self.assertEqual(r.stdout, "https://app.copper.com/companies/%d/app#/contact/7\n"
                             % self.account["id"])
            self.assertEqual(log, [])

    # ---- exit codes ----------------------------------------------------------

    def test_auth_failure_exits_3_without_the_token(self):
        r = self.patina(["show", "person", str(self.person["id"])], COPPER_API_TOKEN="wrong-token-xyz")
        self.assertEqual(r.returncode, 3)
        self.assertIn("401", r.stderr)
        self.assertEqual(r.stdout, "")
        self.assertNotIn("wrong-token-xyz", r.stderr + r.stdout)

    def test_closed_port_exits_4(self):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        with TempHome() as home:
            start = time.monotonic()
            r = self.patina(["find", "people", "an"], home,
                         COPPER_API_URL="http://127.0.0.1:%d/developer_api/v1" % port)
            self.assertEqual(r.returncode, 4, r.stderr)
            self.assertIn("cannot connect", r.stderr)
            self.assertLess(time.monotonic() - start, 15)

    def test_open_needs_a_terminal_and_opens_the_record(self):
        r = self.patina(["open", "person", str(self.person["id"])])
        self.assertEqual(r.returncode, 2)
        self.assertIn("terminal", r.stderr)
        env = patina_env(self.sandbox, self.home)
        t = harness.Terminal([PATINA, "open", "person", str(self.person["id"])], env, cols=120, rows=30)
        try:
            t.wait_for("Person #%d" % self.person["id"])
            t.send("q")
            self.assertEqual(t.wait_exit(), 0)
        finally:
            t.close()

    # ---- set -----------------------------------------------------------------

    def set_target(self):
        """A person of its own: the other tests read self.person."""
        people, _ = self.sandbox.api("POST", "/people/search", {"page_size": 5, "name": "an"})
        self.assertNotEqual(people[3]["id"], self.person["id"])
        return people[3]

    def test_set_sends_exactly_the_named_fields(self):
        p = self.set_target()
        owner = sorted(i for i in self.users if i != p["assignee_id"])[0]
        r, log = self.logged(["set", "person", str(p["id"]), "title=Chief Tester",
                              "owner=" + self.users[owner]])
        self.assertEqual(r.returncode, 0, r.stderr)
        puts = [e for e in log if e["method"] == "PUT"]
        self.assertEqual(len(puts), 1)
        self.assertEqual(puts[0]["path"], API + "/people/%d" % p["id"])
        self.assertEqual(body_of(puts[0]), {"title": "Chief Tester", "assignee_id": owner})
        self.assertEqual([e["method"] for e in log], ["GET", "PUT"])  # warm cache
        self.assertIn("Updated Person #%d" % p["id"], r.stdout)
        now, _ = self.sandbox.api("GET", "/people/%d" % p["id"])
        self.assertEqual((now["title"], now["assignee_id"]), ("Chief Tester", owner))
        # the same again is no change: nothing is sent
        r, log = self.logged(["set", "person", str(p["id"]), "title=Chief Tester"])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("nothing to change", r.stderr)
        self.assertEqual([e["method"] for e in log], ["GET"])
        # JSON: the record as the server returned it
        r = self.patina(["set", "person", str(p["id"]), "title=Chief Tester II", "--format", "json"])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout)["title"], "Chief Tester II")

    def test_set_refusals_and_dry_run_send_nothing(self):
        p = self.set_target()
        for args, code in ((["nosuchfield=1"], 2), (["owner=Nobody At All"], 2),
                           (["title=ok", "email=not-an-email-at-all"], 2), (["id=5"], 2)):
            r, log = self.logged(["set", "person", str(p["id"])] + args)
            self.assertEqual(r.returncode, code, (args, r.stderr))
            self.assertTrue(r.stderr.strip(), args)
            self.assertEqual([e["method"] for e in log if e["method"] != "GET"], [], args)
        r, log = self.logged(["set", "person", str(p["id"]), "title=Dry Run", "--dry-run"])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(json.loads(r.stdout), {"title": "Dry Run"})
        self.assertEqual([e["method"] for e in log], ["GET"])

    def test_set_with_base_refuses_a_conflict(self):
        p = self.set_target()
        with TempHome() as home:
            base = os.path.join(home, "base.json")
            r = self.patina(["show", "person", str(p["id"]), "--format", "json"])
            with open(base, "w") as f:
                f.write(r.stdout)
            # a colleague changes the title in the web app meanwhile
            self.sandbox.control("POST", "/_sandbox/mutate/people/%d" % p["id"], {"title": "Theirs"})
            r, log = self.logged(["set", "person", str(p["id"]), "--base", base, "title=Mine"])
            self.assertEqual(r.returncode, 7, r.stderr)
            self.assertIn("conflict", r.stderr)
            self.assertEqual([e["method"] for e in log], ["GET"])
            # a field nobody else touched goes through against the same base
            r, log = self.logged(["set", "person", str(p["id"]), "--base", base, "details=from a script"])
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual([body_of(e) for e in log if e["method"] == "PUT"], [{"details": "from a script"}])

    def test_set_lists_take_verbs_and_a_replacement_names_what_it_drops(self):
        """#11 item 12: emails=... silently replaced the whole list."""
        people, _ = self.sandbox.api("POST", "/people/search", {"page_size": 50})
        p = next(x for x in people[10:] if len(x.get("emails") or []) >= 2)
        have = [e["email"] for e in p["emails"]]
        pid = str(p["id"])
        r, log = self.logged(["set", "person", pid, "emails+=extra@example.com"])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("warning", r.stderr)
        puts = [body_of(e) for e in log if e["method"] == "PUT"]
        self.assertEqual([e["email"] for e in puts[0]["emails"]], have + ["extra@example.com"])
        # a typo removes nothing and sends nothing
        r, log = self.logged(["set", "person", pid, "emails-=EXTRA@exmaple.com"])
        self.assertEqual(r.returncode, 2)
        self.assertIn("'EXTRA@exmaple.com' is not on the list", r.stderr)
        self.assertEqual([e["method"] for e in log], ["GET"])
        r, log = self.logged(["set", "person", pid, "emails-=EXTRA@example.com"])
        self.assertEqual(r.returncode, 0, r.stderr)
        now, _ = self.sandbox.api("GET", "/people/" + pid)
        self.assertEqual([e["email"] for e in now["emails"]], have)
        # replacing still works, and says what it drops
        r = self.patina(["set", "person", pid, "emails=" + have[0], "--dry-run"])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("emails=... replaces the whole list, removing %s" % have[1], r.stderr)
        self.assertEqual([e["email"] for e in json.loads(r.stdout)["emails"]], have[:1])
        r = self.patina(["set", "person", pid, "tags+=soak", "title+=x"])
        self.assertEqual(r.returncode, 2)
        self.assertIn("Title is not a list: '+=' and '-=' apply to lists only", r.stderr)

    def test_set_checks_a_lost_answer_instead_of_guessing(self):
        """#11 item 4, for set: the form's save protocol, not a copy."""
        p = self.set_target()
        pid = str(p["id"])
        # the server makes the change, then the answer is lost
        self.sandbox.control("POST", "/_sandbox/fail_next", {
            "count": 1, "method": "PUT", "path_prefix": "/people", "after": True})
        r, log = self.logged(["set", "person", pid, "title=Lost Answer"])
        self.sandbox.control("POST", "/_sandbox/fail_next", {"clear": True})
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("the answer was lost", r.stderr)
        self.assertIn("Updated Person #" + pid, r.stdout)
        self.assertEqual([e["method"] for e in log], ["GET", "PUT", "GET"])  # never sent twice
        # the server refuses before doing anything: said so, sent once
        self.sandbox.control("POST", "/_sandbox/fail_next", {
            "count": 1, "status": 503, "method": "PUT", "path_prefix": "/people"})
        r, log = self.logged(["set", "person", pid, "title=Never Twice"])
        self.sandbox.control("POST", "/_sandbox/fail_next", {"clear": True})
        self.assertEqual(r.returncode, 4, r.stderr)
        self.assertIn("not saved", r.stderr)
        self.assertIn("old values", r.stderr)
        self.assertEqual([e["method"] for e in log], ["GET", "PUT", "GET"])
        now, _ = self.sandbox.api("GET", "/people/" + pid)
        self.assertEqual(now["title"], "Lost Answer")

    # ---- rate limit ----------------------------------------------------------

    def test_rate_limited_gives_up_with_5(self):
        sb = Sandbox("--rate-limit", "1", "--rate-window", "30")
        try:
            with TempHome() as home:
                env = patina_env(sb, home)
                r = run_patina(["show", "person", str(self.person["id"]), "--format", "json"], env)
                self.assertEqual(r.returncode, 0, r.stderr)
                start = time.monotonic()
                r = run_patina(["show", "person", str(self.person["id"]), "--format", "json"], env)
                took = time.monotonic() - start
                self.assertEqual(r.returncode, 5, r.stderr)
                self.assertIn("429", r.stderr)
                self.assertLess(took, 15)
                self.assertEqual(len(sb.log()), 3)  # one, then a 429 retried once
        finally:
            sb.stop()

    def test_rate_limited_cold_show_is_bounded_and_marks_what_did_not_load(self):
        """A cold cache under a tight limit: `show person 7` took 118 s and
        printed its custom fields as raw ids ("1515744000", "8") with exit
        0. It must stop at the --wait bound, print what did not load as
        such, say so on stderr and exit 5; a warm cache still exits 0."""
        sb = Sandbox("--rate-limit", "3", "--rate-window", "30")
        try:
            person, _ = sb.api("GET", "/people/7")
            defs, _ = sb.api("GET", "/custom_field_definitions")
            names = {d["id"]: d["name"] for d in defs}
            # the labels its custom fields have, with or without the layout
            labels = [lbl for cf in person["custom_fields"] if cf.get("value") not in (None, [])
                      for lbl in ("Custom field %d" % cf["custom_field_definition_id"],
                                  names[cf["custom_field_definition_id"]])]
            self.assertTrue(labels)
            show = ["show", "person", "7"]
            with TempHome() as warm:
                sb.configure(rate_limit=0)
                r = run_patina(show, patina_env(sb, warm))
                self.assertEqual(r.returncode, 0, r.stderr)
                # the default bound, then one given; a cold cache each time
                for wait, bound in ((None, 10), ("3", 3)):
                    sb.configure(rate_limit=3, rate_window=30)  # a fresh window
                    with TempHome() as cold:
                        # one request at a time: which ones the limit refuses is
                        # then the same every run (the record and two look-ups
                        # pass, the custom field definitions come next)
                        os.makedirs(os.path.join(cold, "config", "patina"))
                        with open(os.path.join(cold, "config", "patina", "config"), "w") as f:
                            f.write("set max-parallel = 1\n")
                        start = time.monotonic()
                        r = run_patina(show + (["--wait", wait] if wait else []),
                                       patina_env(sb, cold))
                        took = time.monotonic() - start
                    self.assertEqual(r.returncode, 5, r.stderr)
                    self.assertLess(took, bound + 2.5, "%.1f s, bound %d s" % (took, bound))
                    self.assertIn("429", r.stderr)
                    self.assertIn("incomplete", r.stderr)
                    self.assertIn("custom field definitions", r.stderr)
                    self.assertIn("stopped waiting after %d.0 s" % bound, r.stderr)
                    self.assertIn("(not loaded: custom field definitions)", r.stdout)
                    shown = [ln for ln in r.stdout.splitlines()
                             if any(ln.startswith(lbl + " ") for lbl in labels)]
                    self.assertTrue(shown, r.stdout)
                    for line in shown:  # never a bare id passed off as the value
                        self.assertIn("(not loaded: custom field definitions)", line)
                    print("cold show under the rate limit: %.1f s (bound %d s)" % (took, bound),
                          file=sys.stderr)
                sb.configure(rate_limit=3, rate_window=30)
                sb.clear_log()
                r = run_patina(show, patina_env(sb, warm))
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertNotIn("not loaded", r.stdout + r.stderr)
                self.assertEqual(requests_of(sb.log()), [("GET", API + "/people/7")])
        finally:
            sb.stop()

    def test_find_stops_at_the_bound_with_the_pages_that_came(self):
        """--wait is a hard bound: the first page (1.5 s away) is printed,
        the next ones (3 s away) are said to be missing, exit 5."""
        sb = Sandbox("--latency", "1500")
        try:
            with TempHome() as home:
                start = time.monotonic()
                r = run_patina(["find", "people", "--limit", "450", "--format", "ndjson",
                                "--wait", "2.5"], patina_env(sb, home))
                took = time.monotonic() - start
            self.assertEqual(r.returncode, 5, r.stderr)
            self.assertLess(took, 4.5)
            self.assertEqual(len(r.stdout.splitlines()), 200)
            self.assertIn("printed 200 of 450 people", r.stderr)
            self.assertIn("pages 2-3", r.stderr)
            self.assertIn("stopped waiting after 2.5 s (--wait)", r.stderr)
        finally:
            sb.stop()

    # ---- completion ----------------------------------------------------------

    def complete(self, *words, home=None):
        r = self.patina(["__complete", *words], home)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout.splitlines()

    def test_complete_reads_only_the_cache(self):
        self.sandbox.clear_log()
        self.assertEqual(self.complete("f"), ["find"])
        self.assertIn("opportunities", self.complete("find", "op"))
        self.assertEqual(self.complete("find", "people", "--fo"), ["--format"])
        self.assertEqual(self.complete("find", "people", "--format", "j"), ["json"])
        self.assertEqual(self.complete("find", "people", "--format=n"), ["--format=ndjson"])
        self.assertIn("id,name", self.complete("find", "people", "--columns", "id,na"))
        self.assertIn("owner:", self.complete("find", "people", "ow"))
        owners = self.complete("find", "people", "owner:")
        self.assertIn('owner:"Grace Kim"', owners)
        self.assertIn("owner:me", owners)
        self.assertEqual(self.complete("find", "people", "owner:kim"), ['owner:"Grace Kim"'])
        stages = self.complete("find", "opportunities", "stage:")
        self.assertIn("stage:Qualified", stages)
        self.assertIn('stage:"Contract Sent"', stages)
        self.assertIn("title=", self.complete("set", "person", "1", "ti"))
        self.assertIn('owner="Grace Kim"', self.complete("set", "person", "1", "owner="))
        # another identity has another cache (empty): no names, only the words
        self.assertEqual(self.complete("--email", "x@y.z", "find", "people", "owner:"),
                         ["owner:me", "owner:none"])
        with TempHome() as cold:
            self.assertEqual(self.complete("find", "people", "owner:", home=cold),
                             ["owner:me", "owner:none"])
        self.assertEqual(self.sandbox.log(), [])  # never the network

    def bash_complete(self, line):
        """COMPREPLY for line, with the script sourced and COMP_* set as bash
        sets them (it splits words at ':' and '=')."""
        words, cur = [], ""
        for ch in line:
            if ch == " ":
                if cur:
                    words.append(cur)
                cur = ""
            elif ch in ":=":
                if cur:
                    words.append(cur)
                words.append(ch)
                cur = ""
            else:
                cur += ch
        words.append(cur)
        if words[-1] == "" and len(words) > 1 and words[-2] in ":=" and not line.endswith(" "):
            words.pop()
        script = ("source %s\nCOMP_WORDS=(%s)\nCOMP_CWORD=%d\nCOMP_LINE=%s\nCOMP_POINT=%d\n"
                  "_patina\nprintf '%%s\\n' \"${COMPREPLY[@]}\"\n" % (
                      self.quote(BASH_SCRIPT), " ".join(self.quote(w) for w in [PATINA] + words[1:]),
                      len(words) - 1, self.quote(line), len(line)))
        env = patina_env(self.sandbox, self.home)
        r = subprocess.run(["bash", "--norc", "--noprofile", "-c", script], env=env,
                           capture_output=True, text=True, timeout=30)
        self.assertEqual(r.returncode, 0, r.stderr)
        return [x for x in r.stdout.splitlines() if x]

    @staticmethod
    def quote(s):
        return "'" + s.replace("'", "'\\''") + "'"

    def test_bash_completion_script(self):
        self.assertEqual(self.bash_complete("patina fi"), ["find"])
        self.assertIn("people", self.bash_complete("patina find pe"))
        # readline replaces what follows the ':': the script answers that part
        self.assertEqual(self.bash_complete("patina find people owner:gr"), ['"Grace Kim"'])
        self.assertIn('"Contract Sent"', self.bash_complete("patina find opportunities stage:"))
        self.assertEqual(self.bash_complete("patina find people --format=ts"), ["tsv"])
        self.assertIn("title=", self.bash_complete("patina set person 1 ti"))

    def test_completion_in_interactive_shells(self):
        """The real thing: Tab in bash (and zsh, when installed) in a pty."""
        shells = [("bash", ["bash", "--norc", "--noprofile", "-i"], ". %s\n" % BASH_SCRIPT)]
        if shutil.which("zsh"):
            shells.append(("zsh", ["zsh", "-f", "-i"],
                           "fpath=(%s $fpath); autoload -Uz compinit; compinit -u -D\n" % ZSH_DIR))
        for name, argv, setup in shells:
            env = patina_env(self.sandbox, self.home, PS1="$ ", TERM="dumb")
            env["PATH"] = os.path.dirname(PATINA) + os.pathsep + env.get("PATH", "")
            t = ShellPty(argv, env)
            try:
                t.run(setup)
                for typed, completed in (("patina find people owner:gr", 'owner:"Grace Kim" '),
                                         ("patina fi", "patina find "),
                                         ("patina find people --format=js", "--format=json ")):
                    self.assertIn(completed, t.tab(typed, completed), (name, typed))
            finally:
                t.close()


# What a terminal acts on or reorders: none may reach stdout as is.
RAW_DANGER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def cut_at_nul(v):
    """v as cJSON holds it: a string ends at its first NUL (C strings)."""
    if isinstance(v, str):
        return v.split("\x00", 1)[0]
    if isinstance(v, list):
        return [cut_at_nul(x) for x in v]
    if isinstance(v, dict):
        return {k: cut_at_nul(x) for k, x in v.items()}
    return v


class HostileOutput(unittest.TestCase):
    """The sandbox's hostile dataset (names with escape sequences, C1
    controls, bidi overrides) through the machine-readable formats: JSON
    must carry it escaped, and TSV/CSV cells must neither break their row
    nor run as a spreadsheet formula."""

    @classmethod
    def setUpClass(cls):
        cls.sb = Sandbox("--hostile")
        cls.home_dir = TempHome()
        cls.home = cls.home_dir.__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.home_dir.__exit__(None, None, None)
        cls.sb.stop()

    def patina(self, args):
        r = subprocess.run([PATINA, *args], env=patina_env(self.sb, self.home),
                           capture_output=True, timeout=60, stdin=subprocess.DEVNULL)
        self.assertEqual(r.returncode, 0, r.stderr.decode(errors="replace"))
        return r.stdout

    def assert_safe(self, out):
        text = out.decode()  # valid UTF-8, or this raises
        m = RAW_DANGER.search(text)
        self.assertIsNone(m, m and text[max(0, m.start() - 40):m.end() + 40])

    def test_json_escapes_controls_and_bidi_overrides(self):
        """A hostile record's name changed the terminal's title: cJSON left
        C1 controls, DEL and bidi overrides raw in --format json/ndjson."""
        api, _ = self.sb.api("POST", "/people/search", {"page_size": 200, "page_number": 1})
        # the data has them (in the strings the API carries)
        self.assertTrue(any(RAW_DANGER.search(v) for p in api for v in p.values()
                            if isinstance(v, str)))
        by_id = {p["id"]: cut_at_nul(p) for p in api}
        out = self.patina(["find", "people", "--limit", "200", "--format", "json"])
        self.assert_safe(out)
        self.assertEqual({p["id"]: p for p in json.loads(out)}, by_id)
        out = self.patina(["find", "people", "--limit", "200", "--format", "ndjson"])
        self.assert_safe(out)
        self.assertEqual({p["id"]: p for p in map(json.loads, out.splitlines())}, by_id)
        # one record, on a terminal too: the same bytes whatever stdout is
        worst = max(api, key=lambda p: len(RAW_DANGER.findall(json.dumps(p, ensure_ascii=False))))
        out = self.patina(["show", "person", str(worst["id"]), "--format", "json"])
        self.assert_safe(out)
        self.assertEqual(json.loads(out), cut_at_nul(worst))
        harness.require_pyte()
        t = harness.Terminal([PATINA, "show", "person", str(worst["id"]), "--format", "json"],
                             patina_env(self.sb, self.home), 200, 50)
        try:
            t.wait_exit(30)
            self.assertEqual(t.exit_status, 0)
            tty = bytes(t.raw).replace(b"\r\n", b"\n")
            self.assert_safe(tty)
            self.assertEqual(json.loads(tty), cut_at_nul(worst))
        finally:
            t.close()

    def test_csv_and_tsv_cells_cannot_run_or_break_a_row(self):
        """CSV formula injection: cells starting with = + - @ were written
        as is; U+2028/U+2029/U+FEFF passed into TSV and CSV rows."""
        people, _ = self.sb.api("POST", "/people/search", {"page_size": 3, "name": "a",
                                                            "sort_by": "name"})
        evil = {people[0]["id"]: ("=HYPERLINK(\"http://evil.example\",\"zqx\")",
                                  "@SUM(1+1)*cmd|' /C calc'!A0"),
                people[1]["id"]: ("+1+1 zqx line\u2028break", "-2+3\u2029para"),
                people[2]["id"]: ("\ufeff=1+1 zqx", "@x\x85y")}
        for pid, (name, title) in evil.items():
            self.sb.control("POST", "/_sandbox/mutate/people/%d" % pid, {"name": name, "title": title})
        ids = sorted(evil)
        query = ["find", "people", "zqx", "--columns", "id,name,title", "--sort", "name"]
        for fmt in ("csv", "tsv"):
            out = self.patina(query + ["--format", fmt])
            text = out.decode()
            # every record is one line, whatever reader splits them
            lines = text.splitlines()
            rows = list(csv.reader(io.StringIO(text), delimiter="," if fmt == "csv" else "\t"))
            self.assertEqual(len(lines), len(rows))
            self.assertNotIn("\ufeff", text)
            if fmt == "csv":
                rows = rows[1:]
            self.assertTrue(all(len(r) == 3 for r in rows), rows)
            cells = {int(r[0]): r[1:] for r in rows}
            self.assertEqual(sorted(cells), ids)
            for pid in ids:
                for c in cells[pid]:
                    self.assertTrue(c.startswith("'"), (fmt, c))
            self.assertEqual(cells[people[0]["id"]],
                             ["'=HYPERLINK(\"http://evil.example\",\"zqx\")",
                              "'@SUM(1+1)*cmd|' /C calc'!A0"])
            self.assertEqual(cells[people[1]["id"]], ["'+1+1 zqx line break", "'-2+3 para"])
            self.assertEqual(cells[people[2]["id"]][0], "'=1+1 zqx")
            # no formula left unguarded anywhere in the output
            for r in rows:
                for c in r[1:]:
                    self.assertFalse(c[:1] in ("=", "+", "-", "@", "\t", "\r"), (fmt, c))
            # --raw-cells: as they are, and still one row each
            out = self.patina(query + ["--format", fmt, "--raw-cells"]).decode()
            rows = list(csv.reader(io.StringIO(out), delimiter="," if fmt == "csv" else "\t"))
            self.assertEqual(len(out.splitlines()), len(rows))
            cells = {int(r[0]): r[1:] for r in rows[1 if fmt == "csv" else 0:]}
            self.assertEqual(cells[people[0]["id"]][0],
                             "=HYPERLINK(\"http://evil.example\",\"zqx\")")
            self.assertEqual(cells[people[1]["id"]], ["+1+1 zqx line break", "-2+3 para"])
        # show's TSV and CSV: label and value, the same guard
        out = self.patina(["show", "person", str(people[0]["id"]), "--format", "csv"]).decode()
        self.assertIn("\nName,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"zqx\"\")\"\n", out)


class ShellPty:
    """An interactive shell in a pseudo-terminal, for Tab."""

    def __init__(self, argv, env):
        import pty
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execvpe(argv[0], argv, env)
        self.read(0.5)

    def read(self, seconds):
        import select
        out, end = b"", time.monotonic() + seconds
        while time.monotonic() < end:
            r, _, _ = select.select([self.fd], [], [], 0.05)
            if r:
                try:
                    out += os.read(self.fd, 65536)
                except OSError:
                    break
        return out.decode(errors="replace")

    def run(self, text):
        os.write(self.fd, text.encode())
        self.read(1.5)

    def tab(self, line, expect):
        """The line after typing it and Tab (backspaces applied), once it
        shows expect (or after 5 s)."""
        os.write(self.fd, line.encode() + b"\t")
        out, seen = "", ""
        end = time.monotonic() + 5
        while time.monotonic() < end and expect not in seen:
            out += self.read(0.1)
            seen = self.apply(out)
        os.write(self.fd, b"\x15")  # C-u: the next line starts clean
        self.read(0.2)
        return seen

    @staticmethod
    def apply(out):
        text = []
        for ch in out.split("\n")[-1].replace("\r", ""):
            if ch == "\b":
                if text:
                    text.pop()
            elif ch >= " " or ch == "\x07":
                text.append(ch)
        return "".join(text).replace("\x07", "")

    def close(self):
        import signal
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except OSError:
            pass
        os.close(self.fd)


if __name__ == "__main__":
    unittest.main(verbosity=2)
