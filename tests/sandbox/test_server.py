#!/usr/bin/env python3
"""Tests of the Copper API sandbox (tests/sandbox/copper_sandbox.py).

Standard library only.  Run from the repository root as either
    python3 -m unittest tests/sandbox/test_server.py
    python3 tests/sandbox/test_server.py
Each TestCase class starts its own sandbox process (--port 0) and reuses it.
Expectations are computed from the records the server itself returns, so the
tests hold for any dataset.build() output.
"""

import email.utils
import http.client
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SERVER = os.path.join(HERE, "copper_sandbox.py")
TOKEN = "sandbox-token"
EMAIL = "demo@patina.example"
API = "/developer_api/v1"
ENTITIES = ("people", "companies", "leads", "opportunities", "projects", "tasks")
SMALL = ["--records", "60"]


def auth_headers():
    return {"X-PW-AccessToken": TOKEN, "X-PW-UserEmail": EMAIL, "X-PW-Application": "developer_api",
            "Content-Type": "application/json"}


class Resp:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body)

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None


class Sandbox:
    def __init__(self, *args, start_timeout=60):
        self.args = list(args)
        self.errf = tempfile.TemporaryFile()
        self.proc = subprocess.Popen([sys.executable, SERVER, "--port", "0"] + self.args,
                                     stdout=subprocess.PIPE, stderr=self.errf)
        ready, _, _ = select.select([self.proc.stdout], [], [], start_timeout)
        line = self.proc.stdout.readline() if ready else b""
        if not line.strip().isdigit():
            self.proc.kill()
            self.proc.wait()
            self.proc.stdout.close()
            self.errf.seek(0)
            raise RuntimeError("sandbox did not start: %r %s" % (line, self.errf.read().decode()[-3000:]))
        self.port = int(line)

    def stop(self, sig=signal.SIGTERM):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stdout.close()
        self.errf.close()
        return self.proc.returncode

    def conn(self, timeout=15):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def request(self, method, path, body=None, headers=None, raw=None, timeout=15):
        c = self.conn(timeout)
        try:
            data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
            c.request(method, path, body=data, headers=headers or {})
            r = c.getresponse()
            return Resp(r.status, r.getheaders(), r.read())
        finally:
            c.close()

    def api(self, method, path, body=None, headers=None, **kw):
        h = auth_headers()
        h.update(headers or {})
        return self.request(method, API + path, body, h, **kw)

    def ok(self, method, path, body=None, **kw):
        r = self.api(method, path, body, **kw)
        if r.status != 200:
            raise AssertionError("%s %s -> %d %r" % (method, path, r.status, r.body[:500]))
        return r.json()

    def ctl(self, method, path, body=None):
        r = self.request(method, "/_sandbox/" + path, body, {"Content-Type": "application/json"})
        assert r.status == 200, (path, r.status, r.body)
        return r.json()

    def search(self, entity, body=None):
        r = self.api("POST", "/%s/search" % entity, body or {})
        if r.status != 200:
            raise AssertionError("search %s %r -> %d %r" % (entity, body, r.status, r.body[:300]))
        return r.json(), int(r.header("X-PW-TOTAL"))

    def search_ids(self, entity, body):
        out = []
        page = 1
        while True:
            b = dict(body, page_size=200, page_number=page)
            recs, total = self.search(entity, b)
            out += [x["id"] for x in recs]
            if len(recs) < 200:
                break
            page += 1
        assert len(out) == total, (entity, body, len(out), total)
        return out

    def all(self, entity):
        body = {"include_converted_leads": True} if entity == "leads" else {}
        out = []
        page = 1
        while True:
            recs, total = self.search(entity, dict(body, page_size=200, page_number=page))
            out += recs
            if len(recs) < 200:
                return out
            page += 1


class SandboxCase(unittest.TestCase):
    ARGS = SMALL

    @classmethod
    def setUpClass(cls):
        cls.sb = Sandbox(*cls.ARGS)

    @classmethod
    def tearDownClass(cls):
        cls.sb.stop()

    def assertJsonError(self, r, status, mention=None):
        self.assertEqual(r.status, status, r.body[:300])
        self.assertTrue(r.header("Content-Type").startswith("application/json"))
        j = r.json()
        self.assertIsInstance(j, dict)
        self.assertIn("message", j)
        if mention:
            self.assertIn(mention, j["message"])
        return j


# ---------------------------------------------------------------------------

class TestProtocolAndAuth(SandboxCase):
    def test_x_pw_headers(self):
        r = self.sb.api("GET", "/account")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.header("Content-Type"), "application/json; charset=utf-8")
        self.assertEqual(int(r.header("Content-Length")), len(r.body))
        self.assertIn("id", r.json())

    def test_bearer(self):
        r = self.sb.request("GET", API + "/users/me", headers={"Authorization": "Bearer " + TOKEN})
        self.assertEqual(r.status, 200)
        self.assertEqual(r.json()["email"], EMAIL)
        r = self.sb.request("GET", API + "/users/me", headers={"Authorization": "Bearer nope"})
        self.assertJsonError(r, 401)

    def test_401_variants(self):
        good = auth_headers()
        variants = []
        for k in ("X-PW-AccessToken", "X-PW-UserEmail", "X-PW-Application"):
            h = dict(good)
            del h[k]
            variants.append(h)
        variants.append(dict(good, **{"X-PW-AccessToken": "wrong"}))
        variants.append(dict(good, **{"X-PW-UserEmail": "someone@else.example"}))
        variants.append(dict(good, **{"X-PW-Application": "other"}))
        variants.append({})
        for h in variants:
            r = self.sb.request("GET", API + "/account", headers=h)
            j = self.assertJsonError(r, 401)
            self.assertEqual(j.get("status"), 401)
            self.assertFalse(j.get("success"))

    def test_get_with_body_is_400_html(self):
        r = self.sb.request("GET", API + "/account", headers=auth_headers(), raw=b'{"x":1}')
        self.assertEqual(r.status, 400)
        self.assertTrue(r.header("Content-Type").startswith("text/html"))
        self.assertIn(b"<html", r.body.lower())
        # chunked body on a GET
        c = self.sb.conn()
        c.putrequest("GET", API + "/account")
        for k, v in auth_headers().items():
            c.putheader(k, v)
        c.putheader("Transfer-Encoding", "chunked")
        c.endheaders()
        c.send(b"2\r\n{}\r\n0\r\n\r\n")
        r = c.getresponse()
        self.assertEqual(r.status, 400)
        self.assertTrue(r.getheader("Content-Type").startswith("text/html"))
        r.read()
        c.close()

    def test_unknown_routes_404_json(self):
        self.assertJsonError(self.sb.api("GET", "/no_such_thing"), 404)
        self.assertJsonError(self.sb.api("GET", "/people/abc"), 404)
        self.assertJsonError(self.sb.api("DELETE", "/people/1"), 404)
        self.assertJsonError(self.sb.request("GET", "/elsewhere"), 404)

    def test_malformed_json_request(self):
        r = self.sb.api("POST", "/people/search", raw=b"{not json")
        self.assertJsonError(r, 400)

    def test_keep_alive(self):
        c = self.sb.conn()
        try:
            c.request("GET", API + "/account", headers=auth_headers())
            r1 = c.getresponse()
            b1 = r1.read()
            sock = c.sock
            self.assertIsNotNone(sock)
            c.request("POST", API + "/people/search", body=b'{"page_size":1}', headers=auth_headers())
            r2 = c.getresponse()
            b2 = r2.read()
            self.assertIs(c.sock, sock, "connection was not kept alive")
            self.assertEqual((r1.status, r2.status), (200, 200))
            json.loads(b1)
            self.assertEqual(len(json.loads(b2)), 1)
        finally:
            c.close()

    def test_concurrent_writes(self):
        import threading
        pid = self.sb.all("people")[0]["id"]
        errors = []

        def worker(n):
            try:
                for i in range(5):
                    self.sb.ok("PUT", "/people/%d" % pid, {"title": "t%d-%d" % (n, i)})
                    self.sb.ok("POST", "/tasks", {"name": "task %d-%d" % (n, i)})
            except Exception as e:  # noqa
                errors.append(e)
        ts = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
        [t.start() for t in ts]
        [t.join() for t in ts]
        self.assertEqual(errors, [])
        tasks = self.sb.search_ids("tasks", {"name": "task "})
        self.assertEqual(len(set(tasks)), len(tasks))
        self.assertGreaterEqual(len(tasks), 30)


# ---------------------------------------------------------------------------

class TestReferenceEndpoints(SandboxCase):
    def test_account_and_users(self):
        acc = self.sb.ok("GET", "/account")
        self.assertIn("name", acc)
        me = self.sb.ok("GET", "/users/me")
        self.assertEqual(me["email"], EMAIL)
        self.assertEqual(self.sb.ok("GET", "/users/%d" % me["id"])["email"], EMAIL)
        self.assertJsonError(self.sb.api("GET", "/users/999999999"), 404)
        r = self.sb.api("POST", "/users/search", {"page_size": 2, "page_number": 1})
        self.assertEqual(r.status, 200)
        total = int(r.header("X-PW-TOTAL"))
        users = r.json()
        self.assertEqual(len(users), min(2, total))
        everyone = self.sb.ok("POST", "/users/search", {"page_size": 200})
        self.assertEqual(len(everyone), total)
        for u in everyone:
            self.assertEqual(self.sb.ok("GET", "/users/%d" % u["id"])["id"], u["id"])
        page2 = self.sb.ok("POST", "/users/search", {"page_size": 2, "page_number": 2})
        self.assertEqual([u["id"] for u in page2], [u["id"] for u in everyone[2:4]])

    def test_lists(self):
        for path in ("/contact_types", "/customer_sources", "/lead_statuses", "/loss_reasons"):
            lst = self.sb.ok("GET", path)
            self.assertIsInstance(lst, list)
            self.assertTrue(lst, path)
            for x in lst:
                self.assertIn("id", x)
                self.assertIn("name", x)
        pipes = self.sb.ok("GET", "/pipelines")
        self.assertTrue(pipes)
        for p in pipes:
            self.assertIn("stages", p)
        stages = self.sb.ok("GET", "/pipeline_stages")
        self.assertTrue(stages)
        p0 = pipes[0]
        mine = self.sb.ok("GET", "/pipeline_stages/pipeline/%d" % p0["id"])
        self.assertEqual({s["id"] for s in mine}, {s["id"] for s in p0["stages"]})
        self.assertJsonError(self.sb.api("GET", "/pipeline_stages/pipeline/987654321"), 404)
        types = self.sb.ok("GET", "/activity_types")
        self.assertIn("user", types)
        self.assertIn("system", types)

    def test_custom_field_definitions(self):
        defs = self.sb.ok("GET", "/custom_field_definitions")
        self.assertTrue(defs)
        for d in defs:
            self.assertEqual(self.sb.ok("GET", "/custom_field_definitions/%d" % d["id"]), d)
        self.assertJsonError(self.sb.api("GET", "/custom_field_definitions/987654321"), 404)

    def test_tags(self):
        tags = self.sb.ok("GET", "/tags")
        self.assertTrue(tags)
        names = [t["name"] for t in tags]
        self.assertEqual(names, sorted(names, key=str.casefold))
        for t in tags:
            self.assertEqual(t["count"], sum(t["count_" + e] for e in ENTITIES))
        by_count = self.sb.ok("GET", "/tags?sort_by=count")
        counts = [t["count"] for t in by_count]
        self.assertEqual(counts, sorted(counts, reverse=True))
        only = self.sb.ok("GET", "/tags?tag_names_only=true")
        self.assertEqual(only, sorted(names, key=str.casefold))
        # counts follow the records
        people = self.sb.all("people")
        tagged = {}
        for p in people:
            for t in p["tags"]:
                tagged[t] = tagged.get(t, 0) + 1
        for t in tags:
            self.assertEqual(t["count_people"], tagged.get(t["name"], 0))

    def test_field_layouts(self):
        for e in ("people", "companies", "leads", "projects", "tasks"):
            lay = self.sb.ok("GET", "/field_layouts/by_entity/%s" % e)
            self.assertIsInstance(lay, list)
            self.assertTrue(lay)
            for f in lay:
                for k in ("field_id", "field_label", "field_key", "field_type", "enabled", "required"):
                    self.assertIn(k, f)
        self.assertJsonError(self.sb.api("GET", "/field_layouts/by_entity/opportunities"), 422, "pipeline_id")
        self.assertJsonError(self.sb.api("GET", "/field_layouts/by_entity/opportunities?pipeline_id=987654321"),
                             422, "pipeline_id")
        pipes = self.sb.ok("GET", "/pipelines")
        layouts = [self.sb.ok("GET", "/field_layouts/by_entity/opportunities?pipeline_id=%d" % p["id"])
                   for p in pipes]
        self.assertGreaterEqual(len(pipes), 2)
        self.assertNotEqual(layouts[0], layouts[1])

    def test_activities(self):
        acts = self.sb.ok("POST", "/activities/search", {"page_size": 200})
        self.assertTrue(acts)
        parent = acts[0]["parent"]
        r = self.sb.api("POST", "/activities/search", {"parent": parent, "page_size": 200})
        mine = r.json()
        self.assertEqual(int(r.header("X-PW-TOTAL")), len(mine))
        self.assertTrue(all(a["parent"] == parent for a in mine))
        keys = [(a["activity_date"], a["id"]) for a in mine]
        self.assertEqual(keys, sorted(keys, reverse=True), "newest first")
        types = self.sb.ok("GET", "/activity_types")
        ut = types["user"][0]
        new = self.sb.ok("POST", "/activities", {"parent": parent, "type": {"category": "user", "id": ut["id"]},
                                                  "details": "called them", "activity_date": 4102444800})
        self.assertEqual(new["details"], "called them")
        self.assertEqual(new["parent"], parent)
        again = self.sb.ok("POST", "/activities/search", {"parent": parent, "page_size": 1})
        self.assertEqual(again[0]["id"], new["id"])
        only_user = self.sb.ok("POST", "/activities/search", {"parent": parent, "page_size": 200,
                                                              "activity_types": [{"category": "user", "id": ut["id"]}]})
        self.assertTrue(only_user)
        self.assertTrue(all(a["type"] == {"category": "user", "id": ut["id"]} for a in only_user))
        ranged = self.sb.ok("POST", "/activities/search", {"parent": parent, "minimum_activity_date": 4102444800,
                                                           "maximum_activity_date": 4102444800})
        self.assertEqual([a["id"] for a in ranged], [new["id"]])
        p1 = self.sb.ok("POST", "/activities/search", {"parent": parent, "page_size": 1, "page_number": 2})
        self.assertEqual(p1[0]["id"], self.sb.ok("POST", "/activities/search",
                                                 {"parent": parent, "page_size": 200})[1]["id"])
        upd = self.sb.ok("PUT", "/activities/%d" % new["id"], {"details": "edited"})
        self.assertEqual(upd["details"], "edited")
        self.assertJsonError(self.sb.api("POST", "/activities", {"parent": parent, "type": {"category": "user",
                                                                                           "id": 987654}}),
                             422, "type")
        self.assertJsonError(self.sb.api("POST", "/activities", {"parent": {"type": "person", "id": 987654321},
                                                                 "type": {"category": "user", "id": ut["id"]}}),
                             422, "parent")
        self.assertJsonError(self.sb.api("POST", "/activities/search", {"parent": "x"}), 422, "parent")

    def test_activity_search_stays_newest_first_through_writes(self):
        """As Copper does, and as the timeline's paging relies on: a record's
        activities come newest first (then the higher id) whatever order they
        were logged in and after a date is changed; pages follow that order;
        a deleted one leaves its page."""
        person = self.sb.ok("POST", "/people", {"name": "Timeline Order"})
        parent = {"type": "person", "id": person["id"]}
        note = {"category": "user", "id": self.sb.ok("GET", "/activity_types")["user"][0]["id"]}
        made = [self.sb.ok("POST", "/activities", {"parent": parent, "type": note, "details": d,
                                                   "activity_date": when})
                for d, when in (("middle", 2000000000), ("oldest", 1000000000),
                                ("newest", 3000000000), ("same date", 2000000000))]
        order = lambda body: [a["details"] for a in self.sb.ok("POST", "/activities/search",  # noqa: E731
                                                                 dict(parent=parent, **body))]
        self.assertEqual(order({}), ["newest", "same date", "middle", "oldest"])
        self.assertEqual(order({"page_size": 2, "page_number": 2}), ["middle", "oldest"])
        self.sb.ok("PUT", "/activities/%d" % made[1]["id"], {"activity_date": 4000000000})
        self.assertEqual(order({}), ["oldest", "newest", "same date", "middle"])
        self.sb.ok("DELETE", "/activities/%d" % made[2]["id"])
        self.assertEqual(order({"page_size": 2, "page_number": 1}), ["oldest", "same date"])
        self.assertEqual(order({"page_size": 2, "page_number": 2}), ["middle"])


# ---------------------------------------------------------------------------

CREATE_BODIES = {
    "people": {"name": "Ada Lovelace", "emails": [{"email": "ada.sandbox@example.org", "category": "work"}]},
    "companies": {"name": "Analytical Engines Ltd"},
    "leads": {"name": "Charles Babbage", "email": {"email": "cb@example.org", "category": "work"}},
    "opportunities": {"name": "Difference Engine"},   # primary_contact_id added at run time
    "projects": {"name": "Build the engine"},
    "tasks": {"name": "Order brass"},
}


class TestEntities(SandboxCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.some = {e: cls.sb.all(e) for e in ENTITIES}
        cls.pipes = cls.sb.ok("GET", "/pipelines")
        cls.defs = cls.sb.ok("GET", "/custom_field_definitions")

    serial = 0

    def body_for(self, e):
        b = json.loads(json.dumps(CREATE_BODIES[e]))
        TestEntities.serial += 1
        if e == "people":
            b["emails"][0]["email"] = "ada.%d@example.org" % TestEntities.serial
        if e == "opportunities":
            b["primary_contact_id"] = self.some["people"][0]["id"]
        return b

    def test_fetch_each_entity(self):
        for e in ENTITIES:
            rec = self.some[e][0]
            got = self.sb.ok("GET", "/%s/%d" % (e, rec["id"]))
            self.assertEqual(got["id"], rec["id"])
            self.assertEqual(got, self.sb.ok("GET", "/%s/%d" % (e, rec["id"])))
            self.assertJsonError(self.sb.api("GET", "/%s/987654321" % e), 404)

    def test_create_each_entity(self):
        for e in ENTITIES:
            before = time.time()
            rec = self.sb.ok("POST", "/" + e, self.body_for(e))
            self.assertIsInstance(rec["id"], int)
            self.assertGreaterEqual(rec["date_created"], int(before))
            self.assertEqual(rec["date_created"], rec["date_modified"])
            self.assertEqual(self.sb.ok("GET", "/%s/%d" % (e, rec["id"])), rec)
            self.assertNotIn(rec["id"], [x["id"] for x in self.some[e]])
            self.assertIn("custom_fields", rec)
            # required name
            b = self.body_for(e)
            del b["name"]
            self.assertJsonError(self.sb.api("POST", "/" + e, b), 422, "name")
            self.assertJsonError(self.sb.api("POST", "/" + e, dict(self.body_for(e), name="")), 422, "name")
        self.assertJsonError(self.sb.api("POST", "/opportunities", {"name": "x"}), 422, "primary_contact_id")

    def test_create_defaults_and_derived(self):
        p = self.sb.ok("POST", "/people", {"name": "Grace Brewster Hopper"})
        self.assertEqual((p["first_name"], p["last_name"]), ("Grace", "Brewster Hopper"))
        p2 = self.sb.ok("POST", "/people", {"first_name": "Alan", "last_name": "Turing"})
        self.assertEqual(p2["name"], "Alan Turing")
        lead = self.sb.ok("POST", "/leads", {"name": "L One"})
        statuses = self.sb.ok("GET", "/lead_statuses")
        default = [s for s in statuses if s.get("is_default")] or statuses[:1]
        self.assertEqual(lead["status_id"], default[0]["id"])
        pc = [x for x in self.some["people"] if x.get("company_id")][0]
        opp = self.sb.ok("POST", "/opportunities", {"name": "Deal", "primary_contact_id": pc["id"]})
        self.assertEqual(opp["company_id"], pc["company_id"])
        self.assertEqual(opp["status"], "Open")
        stage_ids = {s["id"] for s in next(pp for pp in self.pipes if pp["id"] == opp["pipeline_id"])["stages"]}
        self.assertIn(opp["pipeline_stage_id"], stage_ids)
        t = self.sb.ok("POST", "/tasks", {"name": "T", "status": "Completed"})
        self.assertIsNotNone(t["completed_date"])

    def test_duplicate_email_rejected(self):
        email = self.some["people"][0]["emails"][0]["email"]
        self.assertJsonError(self.sb.api("POST", "/people", {"name": "Dup", "emails": [{"email": email}]}),
                             422, "emails")

    def test_partial_update_semantics(self):
        for e in ENTITIES:
            rec = self.sb.ok("POST", "/" + e, self.body_for(e))
            upd = self.sb.ok("PUT", "/%s/%d" % (e, rec["id"]), {"details": "changed", "no_such_field": 1})
            self.assertNotIn("no_such_field", upd)
            for k, v in rec.items():
                if k not in ("details", "date_modified"):
                    self.assertEqual(upd[k], v, (e, k))
            self.assertEqual(upd["details"], "changed")
            self.assertGreater(upd["date_modified"], rec["date_modified"])
            # explicit null clears
            upd2 = self.sb.ok("PUT", "/%s/%d" % (e, rec["id"]), {"details": None})
            self.assertIsNone(upd2["details"])
            self.assertGreater(upd2["date_modified"], upd["date_modified"])
            # an empty body changes nothing, not even date_modified
            same = self.sb.ok("PUT", "/%s/%d" % (e, rec["id"]), {})
            self.assertEqual(same, upd2)
            # tags: a list replaces; null clears
            t = self.sb.ok("PUT", "/%s/%d" % (e, rec["id"]), {"tags": ["alpha", "beta"]})
            self.assertEqual(t["tags"], ["alpha", "beta"])
            self.assertEqual(self.sb.ok("PUT", "/%s/%d" % (e, rec["id"]), {"tags": None})["tags"], [])
            self.assertJsonError(self.sb.api("PUT", "/%s/987654321" % e, {"details": "x"}), 404)

    def test_wrong_types_422_name_the_field(self):
        p = self.some["people"][0]["id"]
        lead = self.some["leads"][0]["id"]
        opp = self.some["opportunities"][0]["id"]
        task = self.some["tasks"][0]["id"]
        cases = [
            ("leads", lead, {"monetary_value": "1000"}, "monetary_value"),
            ("opportunities", opp, {"monetary_value": "lots"}, "monetary_value"),
            ("people", p, {"tags": "vip"}, "tags"),
            ("people", p, {"emails": "a@b.c"}, "emails"),
            ("people", p, {"emails": [{"category": "work"}]}, "emails"),
            ("people", p, {"assignee_id": "me"}, "assignee_id"),
            ("people", p, {"assignee_id": 987654321}, "assignee_id"),
            ("people", p, {"company_id": 987654321}, "company_id"),
            ("people", p, {"contact_type_id": 987654321}, "contact_type_id"),
            ("people", p, {"address": "Main St"}, "address"),
            ("people", p, {"name": None}, "name"),
            ("opportunities", opp, {"pipeline_stage_id": 987654321}, "pipeline_stage_id"),
            ("opportunities", opp, {"pipeline_id": 987654321}, "pipeline_id"),
            ("opportunities", opp, {"status": "Maybe"}, "status"),
            ("opportunities", opp, {"priority": "Urgent"}, "priority"),
            ("opportunities", opp, {"close_date": "tomorrow"}, "close_date"),
            ("opportunities", opp, {"win_probability": 140}, "win_probability"),
            ("opportunities", opp, {"primary_contact_id": 987654321}, "primary_contact_id"),
            ("leads", lead, {"status_id": 987654321}, "status_id"),
            ("leads", lead, {"email": "x@y.z"}, "email"),
            ("tasks", task, {"due_date": "soon"}, "due_date"),
            ("tasks", task, {"status": "Done"}, "status"),
            ("tasks", task, {"related_resource": {"id": 987654321, "type": "project"}}, "related_resource"),
            ("people", p, {"custom_fields": "x"}, "custom_fields"),
            ("people", p, {"custom_fields": [{"custom_field_definition_id": 987654321, "value": 1}]},
             "custom_fields"),
        ]
        dd = [d for d in self.defs if d.get("data_type") == "Dropdown"]
        if dd:
            bad = max(o["id"] for o in dd[0]["options"]) + 1000
            cases.append(("people", p, {"custom_fields": [{"custom_field_definition_id": dd[0]["id"],
                                                           "value": bad}]}, "custom_fields"))
        for e, rid, body, field in cases:
            before = self.sb.ok("GET", "/%s/%d" % (e, rid))
            r = self.sb.api("PUT", "/%s/%d" % (e, rid), body)
            self.assertJsonError(r, 422, field)
            self.assertEqual(self.sb.ok("GET", "/%s/%d" % (e, rid)), before, "a failed PUT changed %s" % body)
        # a failing field aborts the whole update
        r = self.sb.api("PUT", "/leads/%d" % lead, {"details": "should not stick", "monetary_value": "x"})
        self.assertEqual(r.status, 422)
        self.assertNotEqual(self.sb.ok("GET", "/leads/%d" % lead)["details"], "should not stick")

    def test_custom_field_updates(self):
        p = self.sb.ok("POST", "/people", {"name": "Custom Person"})
        applicable = {c["custom_field_definition_id"] for c in p["custom_fields"]}
        for d in self.defs:
            if d["id"] not in applicable:
                continue
            dt = d.get("data_type")
            value = {"String": "hello", "Text": "long text", "URL": "http://x.example", "Date": 1700000000,
                     "Checkbox": True, "Float": 1.5, "Percentage": 50, "Currency": 12.5}.get(dt)
            if dt == "Dropdown":
                value = d["options"][0]["id"]
            elif dt == "MultiSelect":
                value = [o["id"] for o in d["options"][:2]]
            if value is None:
                continue
            upd = self.sb.ok("PUT", "/people/%d" % p["id"],
                             {"custom_fields": [{"custom_field_definition_id": d["id"], "value": value}]})
            got = {c["custom_field_definition_id"]: c["value"] for c in upd["custom_fields"]}
            self.assertEqual(got[d["id"]], value, dt)
            others = {k: v for k, v in got.items() if k != d["id"]}
            before = {c["custom_field_definition_id"]: c["value"] for c in p["custom_fields"]}
            self.assertEqual(others, {k: v for k, v in before.items() if k != d["id"]})
            p = upd

    def test_derived_fields(self):
        p = self.sb.ok("POST", "/people", {"name": "Derived Person"})
        companies = self.some["companies"]
        upd = self.sb.ok("PUT", "/people/%d" % p["id"], {"company_id": companies[0]["id"]})
        self.assertEqual(upd["company_name"], companies[0]["name"])
        upd = self.sb.ok("PUT", "/people/%d" % p["id"], {"company_id": None})
        self.assertIsNone(upd["company_name"])
        upd = self.sb.ok("PUT", "/people/%d" % p["id"], {"first_name": "Renamed"})
        self.assertEqual(upd["name"], "Renamed Person")
        upd = self.sb.ok("PUT", "/people/%d" % p["id"], {"name": "Whole New"})
        self.assertEqual((upd["first_name"], upd["last_name"]), ("Whole", "New"))
        # opportunity stage <-> pipeline
        opp = self.sb.ok("POST", "/opportunities", {"name": "Stage test",
                                                    "primary_contact_id": self.some["people"][0]["id"]})
        other = next(pp for pp in self.pipes if pp["id"] != opp["pipeline_id"] and pp["stages"])
        st = other["stages"][-1]
        upd = self.sb.ok("PUT", "/opportunities/%d" % opp["id"], {"pipeline_stage_id": st["id"]})
        self.assertEqual(upd["pipeline_id"], other["id"])
        if "win_probability" in st:
            self.assertEqual(upd["win_probability"], st["win_probability"])
        back = next(pp for pp in self.pipes if pp["id"] == opp["pipeline_id"])
        upd = self.sb.ok("PUT", "/opportunities/%d" % opp["id"], {"pipeline_id": back["id"]})
        self.assertEqual(upd["pipeline_stage_id"], back["stages"][0]["id"])
        self.assertJsonError(self.sb.api("PUT", "/opportunities/%d" % opp["id"],
                                         {"pipeline_id": back["id"], "pipeline_stage_id": st["id"]}),
                             422, "pipeline_stage_id")
        upd = self.sb.ok("PUT", "/opportunities/%d" % opp["id"], {"company_id": companies[1]["id"]})
        self.assertEqual(upd["company_name"], companies[1]["name"])
        for s in ("Won", "Lost", "Abandoned", "Open"):
            self.assertEqual(self.sb.ok("PUT", "/opportunities/%d" % opp["id"], {"status": s})["status"], s)
        # lead status id <-> name
        statuses = self.sb.ok("GET", "/lead_statuses")
        lead = self.sb.ok("POST", "/leads", {"name": "Status Lead"})
        upd = self.sb.ok("PUT", "/leads/%d" % lead["id"], {"status_id": statuses[-1]["id"]})
        self.assertEqual(upd["status"], statuses[-1]["name"])
        upd = self.sb.ok("PUT", "/leads/%d" % lead["id"], {"status": statuses[0]["name"]})
        self.assertEqual(upd["status_id"], statuses[0]["id"])
        # task completion
        t = self.sb.ok("POST", "/tasks", {"name": "Finish me"})
        done = self.sb.ok("PUT", "/tasks/%d" % t["id"], {"status": "Completed"})
        self.assertIsNotNone(done["completed_date"])
        reopened = self.sb.ok("PUT", "/tasks/%d" % t["id"], {"status": "Open"})
        self.assertIsNone(reopened["completed_date"])

    def test_date_modified_strictly_increases(self):
        rec = self.sb.ok("POST", "/projects", {"name": "Fast edits"})
        last = rec["date_modified"]
        for i in range(5):
            upd = self.sb.ok("PUT", "/projects/%d" % rec["id"], {"details": "edit %d" % i})
            self.assertGreater(upd["date_modified"], last)
            last = upd["date_modified"]

    def test_fetch_by_email(self):
        person = next(p for p in self.some["people"] if p["emails"])
        email = person["emails"][0]["email"]
        got = self.sb.ok("POST", "/people/fetch_by_email", {"email": email})
        self.assertEqual(got["id"], person["id"])
        got = self.sb.ok("POST", "/people/fetch_by_email", {"email": email.upper()})
        self.assertEqual(got["id"], person["id"])
        self.assertJsonError(self.sb.api("POST", "/people/fetch_by_email", {"email": "nobody@nowhere.example"}),
                             404)
        self.assertJsonError(self.sb.api("POST", "/people/fetch_by_email", {"email": 5}), 422, "email")
        # a new person is found at once, an edited email moves
        p = self.sb.ok("POST", "/people", {"name": "Mail Person", "emails": [{"email": "mp1@example.net"}]})
        self.assertEqual(self.sb.ok("POST", "/people/fetch_by_email", {"email": "mp1@example.net"})["id"], p["id"])
        self.sb.ok("PUT", "/people/%d" % p["id"], {"emails": [{"email": "mp2@example.net", "category": "home"}]})
        self.assertEqual(self.sb.api("POST", "/people/fetch_by_email", {"email": "mp1@example.net"}).status, 404)
        self.assertEqual(self.sb.ok("POST", "/people/fetch_by_email", {"email": "mp2@example.net"})["id"], p["id"])

    def test_convert_lead(self):
        lead = self.sb.ok("POST", "/leads", {"name": "Convert Me", "company_name": "Brand New Co 77",
                                             "email": {"email": "convert.me@example.net", "category": "work"},
                                             "monetary_value": 500})
        pipe = self.pipes[0]
        res = self.sb.ok("POST", "/leads/%d/convert" % lead["id"],
                         {"details": {"person": {"name": "Converted Person"},
                                      "opportunity": {"name": "Converted Deal", "pipeline_id": pipe["id"],
                                                      "monetary_value": 1000}}})
        person, company, opp = res["person"], res["company"], res["opportunity"]
        self.assertEqual(person["name"], "Converted Person")
        self.assertEqual(person["emails"][0]["email"], "convert.me@example.net")
        self.assertEqual(company["name"], "Brand New Co 77")
        self.assertEqual(person["company_id"], company["id"])
        self.assertEqual(opp["name"], "Converted Deal")
        self.assertEqual(opp["primary_contact_id"], person["id"])
        self.assertEqual(opp["company_id"], company["id"])
        self.assertEqual(opp["pipeline_stage_id"], pipe["stages"][0]["id"])
        self.assertEqual(opp["monetary_value"], 1000)
        for e, rec in (("people", person), ("companies", company), ("opportunities", opp)):
            self.assertEqual(self.sb.ok("GET", "/%s/%d" % (e, rec["id"]))["id"], rec["id"])
        # the lead is hidden from search unless include_converted_leads
        self.assertNotIn(lead["id"], self.sb.search_ids("leads", {"name": "Convert Me"}))
        self.assertIn(lead["id"], self.sb.search_ids("leads", {"name": "Convert Me",
                                                               "include_converted_leads": True}))
        self.assertJsonError(self.sb.api("POST", "/leads/%d/convert" % lead["id"], {"details": {}}), 422)
        # existing company by id, no opportunity
        lead2 = self.sb.ok("POST", "/leads", {"name": "Second Convert"})
        comp = self.some["companies"][0]
        res = self.sb.ok("POST", "/leads/%d/convert" % lead2["id"], {"details": {"company": {"id": comp["id"]}}})
        self.assertEqual(res["person"]["company_id"], comp["id"])
        self.assertIsNone(res["opportunity"])
        # empty company name: no company
        lead3 = self.sb.ok("POST", "/leads", {"name": "Third Convert", "company_name": "Whatever Inc"})
        res = self.sb.ok("POST", "/leads/%d/convert" % lead3["id"], {"details": {"company": {"name": ""}}})
        self.assertIsNone(res["company"])
        self.assertIsNone(res["person"]["company_id"])
        lead4 = self.sb.ok("POST", "/leads", {"name": "Bad Convert"})
        self.assertJsonError(self.sb.api("POST", "/leads/%d/convert" % lead4["id"],
                                         {"details": {"opportunity": {"name": "x", "pipeline_id": 987654321}}}),
                             422, "pipeline_id")
        self.assertJsonError(self.sb.api("POST", "/leads/987654321/convert", {}), 404)

    def test_new_records_are_searchable(self):
        p = self.sb.ok("POST", "/people", {"name": "Searchable Social",
                                           "socials": [{"url": "https://social.example/searchable",
                                                        "category": "other"}],
                                           "tags": ["fresh-tag-xyz"],
                                           "address": {"city": "Nowhere Falls", "country": "ZZ"}})
        for body in ({"socials": ["https://social.example/searchable"]}, {"tags": ["fresh-tag-xyz"]},
                     {"city": "nowhere falls"}, {"name": "searchable soc"}, {"country": "ZZ"}):
            recs, total = self.sb.search("people", body)
            self.assertEqual(([r["id"] for r in recs], total), ([p["id"]], 1), body)
        self.sb.ok("PUT", "/people/%d" % p["id"], {"tags": []})
        self.assertEqual(self.sb.search("people", {"tags": ["fresh-tag-xyz"]})[1], 0)
        lead = self.sb.ok("POST", "/leads", {"name": "Social Lead", "socials": [{"url": "https://s.example/l"}]})
        self.assertEqual(self.sb.search_ids("leads", {"socials": ["https://s.example/l"]}), [lead["id"]])
        comp = self.sb.ok("POST", "/companies", {"name": "Social Co", "email_domain": "social-co.example"})
        self.assertEqual(self.sb.search_ids("companies", {"email_domains": ["social-co.example"]}), [comp["id"]])

    def test_computed_values(self):
        names = {}
        for d in self.defs:
            for o in d.get("options") or []:
                names[(d["id"], o["id"])] = o["name"]
        kinds = {d["id"]: d.get("data_type") for d in self.defs}
        for e in ENTITIES:
            rec = self.some[e][0]
            got = self.sb.ok("GET", "/%s/%d?custom_field_computed_values=true" % (e, rec["id"]))
            plain = self.sb.ok("GET", "/%s/%d?custom_field_computed_values=false" % (e, rec["id"]))
            self.assertTrue(all("computed_value" not in c for c in plain["custom_fields"]))
            for c in got["custom_fields"]:
                self.assertIn("computed_value", c)
                did, v = c["custom_field_definition_id"], c["value"]
                if kinds.get(did) == "Dropdown":
                    self.assertEqual(c["computed_value"], names.get((did, v)) if v is not None else None)
                elif kinds.get(did) == "MultiSelect":
                    self.assertEqual(c["computed_value"], [names[(did, x)] for x in v or []])
                else:
                    self.assertEqual(c["computed_value"], v)
        found, _ = self.sb.search("people", {"page_size": 3})
        r = self.sb.api("POST", "/people/search?custom_field_computed_values=true", {"page_size": 3})
        self.assertTrue(all("computed_value" in c for x in r.json() for c in x["custom_fields"]))
        self.assertEqual([x["id"] for x in r.json()], [x["id"] for x in found])


# ---------------------------------------------------------------------------

def addr(r, k):
    a = r.get("address")
    return a.get(k) if isinstance(a, dict) else None


def cfv(r, did):
    for c in r.get("custom_fields") or []:
        if c["custom_field_definition_id"] == did:
            return c["value"]
    return None


class TestRelatedAndDelete(SandboxCase):
    """Related items and deletes, as supplement/README.md describes them."""

    def rel(self, e, rid, typ=None):
        return self.sb.ok("GET", "/%s/%d/related%s" % (e, rid, "/" + typ if typ else ""))

    def fresh(self, e, **body):
        body.setdefault("name", "Rel %s %f" % (e, time.time()))
        if e == "opportunities":
            body.setdefault("primary_contact_id", self.fresh("people")["id"])
        return self.sb.ok("POST", "/" + e, body)

    def test_fields_are_relations_both_ways(self):
        co = self.fresh("companies")
        p = self.fresh("people", company_id=co["id"])
        o = self.fresh("opportunities", primary_contact_id=p["id"], company_id=co["id"])
        t = self.fresh("tasks", related_resource={"id": o["id"], "type": "opportunity"})
        self.assertEqual(self.rel("people", p["id"]),
                         [{"id": co["id"], "type": "company"}, {"id": o["id"], "type": "opportunity"}])
        self.assertEqual(self.rel("companies", co["id"]),
                         [{"id": o["id"], "type": "opportunity"}, {"id": p["id"], "type": "person"}])
        self.assertEqual(self.rel("opportunities", o["id"], "tasks"), [{"id": t["id"], "type": "task"}])
        self.assertEqual(self.rel("tasks", t["id"]), [{"id": o["id"], "type": "opportunity"}])
        self.assertJsonError(self.sb.api("GET", "/people/987654321/related"), 404)
        self.assertJsonError(self.sb.api("GET", "/people/%d/related/widgets" % p["id"]), 404)

    def test_link_and_unlink(self):
        p, proj = self.fresh("people"), self.fresh("projects")
        res = {"resource": {"id": proj["id"], "type": "project"}}
        self.assertEqual(self.sb.ok("POST", "/people/%d/related" % p["id"], res),
                         {"added": True, "resource": {"id": proj["id"], "type": "project"}})
        self.assertIn({"id": p["id"], "type": "person"}, self.rel("projects", proj["id"]))
        # the same again changes nothing
        self.sb.ok("POST", "/projects/%d/related" % proj["id"],
                   {"resource": {"id": p["id"], "type": "person"}})
        self.assertEqual(self.rel("people", p["id"]), [{"id": proj["id"], "type": "project"}])
        self.assertEqual(self.sb.ok("DELETE", "/people/%d/related" % p["id"], res)["removed"], True)
        self.assertEqual(self.rel("people", p["id"]), [])
        self.assertJsonError(self.sb.api("DELETE", "/people/%d/related" % p["id"], res), 422, "not related")

    def test_limits_and_pairs(self):
        a, b = self.fresh("companies"), self.fresh("companies")
        p = self.fresh("people")
        self.sb.ok("POST", "/people/%d/related" % p["id"], {"resource": {"id": a["id"], "type": "company"}})
        got = self.sb.ok("GET", "/people/%d" % p["id"])
        self.assertEqual((got["company_id"], got["company_name"]), (a["id"], a["name"]))
        # at most one company: the other direction too
        self.assertJsonError(self.sb.api("POST", "/companies/%d/related" % b["id"],
                                         {"resource": {"id": p["id"], "type": "person"}}), 422, "at most 1")
        # moving: remove, then add
        self.sb.ok("DELETE", "/people/%d/related" % p["id"], {"resource": {"id": a["id"], "type": "company"}})
        self.assertIsNone(self.sb.ok("GET", "/people/%d" % p["id"])["company_id"])
        self.sb.ok("POST", "/people/%d/related" % p["id"], {"resource": {"id": b["id"], "type": "company"}})
        self.assertEqual(self.sb.ok("GET", "/people/%d" % p["id"])["company_id"], b["id"])
        t = self.fresh("tasks")
        self.sb.ok("POST", "/tasks/%d/related" % t["id"], {"resource": {"id": p["id"], "type": "person"}})
        self.assertEqual(self.sb.ok("GET", "/tasks/%d" % t["id"])["related_resource"],
                         {"id": p["id"], "type": "person"})
        self.assertJsonError(self.sb.api("POST", "/companies/%d/related" % a["id"],
                                         {"resource": {"id": t["id"], "type": "task"}}), 422, "at most 1")
        lead = self.fresh("leads")
        self.assertJsonError(self.sb.api("POST", "/leads/%d/related" % lead["id"],
                                         {"resource": {"id": p["id"], "type": "person"}}), 422,
                             "a lead cannot be related to a person")
        self.assertJsonError(self.sb.api("POST", "/people/%d/related" % p["id"],
                                         {"resource": {"id": 987654321, "type": "project"}}), 422, "no project")
        self.assertJsonError(self.sb.api("POST", "/people/%d/related" % p["id"], {"id": 1}), 422, "resource")
        o = self.fresh("opportunities", primary_contact_id=p["id"])
        self.assertJsonError(self.sb.api("DELETE", "/opportunities/%d/related" % o["id"],
                                         {"resource": {"id": p["id"], "type": "person"}}), 422,
                             "primary contact")

    def test_delete(self):
        for e in ENTITIES:
            rec = self.fresh(e)
            before = self.sb.search(e, {"page_size": 1})[1]
            self.assertEqual(self.sb.ok("DELETE", "/%s/%d" % (e, rec["id"])),
                             {"id": rec["id"], "is_deleted": True})
            self.assertJsonError(self.sb.api("GET", "/%s/%d" % (e, rec["id"])), 404)
            self.assertJsonError(self.sb.api("DELETE", "/%s/%d" % (e, rec["id"])), 404)
            self.assertEqual(self.sb.search(e, {"page_size": 1})[1], before - 1)
            self.assertNotIn(rec["id"], self.sb.search_ids(e, {"name": rec["name"]}))
        p, proj = self.fresh("people"), self.fresh("projects")
        self.sb.ok("POST", "/people/%d/related" % p["id"], {"resource": {"id": proj["id"], "type": "project"}})
        self.sb.ok("DELETE", "/projects/%d" % proj["id"])
        self.assertEqual(self.rel("people", p["id"]), [])
        types = self.sb.ok("GET", "/activity_types")
        a = self.sb.ok("POST", "/activities", {"parent": {"type": "person", "id": p["id"]},
                                               "type": {"category": "user", "id": types["user"][0]["id"]},
                                               "details": "to delete"})
        self.assertEqual(self.sb.ok("DELETE", "/activities/%d" % a["id"]), {"id": a["id"], "is_deleted": True})
        self.assertJsonError(self.sb.api("GET", "/activities/%d" % a["id"]), 404)
        acts = self.sb.ok("POST", "/activities/search", {"parent": {"type": "person", "id": p["id"]}})
        self.assertNotIn(a["id"], [x["id"] for x in acts])


class TestSearchFilters(SandboxCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.data = {e: cls.sb.all(e) for e in ENTITIES}
        cls.visible_leads = set(cls.sb.search_ids("leads", {}))  # converted leads are hidden by default
        cls.defs = cls.sb.ok("GET", "/custom_field_definitions")

    def check(self, entity, body, pred, nonempty=True):
        expect = sorted(r["id"] for r in self.data[entity] if pred(r)
                        and (entity != "leads" or body.get("include_converted_leads")
                             or r["id"] in self.visible_leads))
        got = sorted(self.sb.search_ids(entity, body))
        self.assertEqual(got, expect, "%s %s" % (entity, json.dumps(body)))
        if nonempty:
            self.assertTrue(got, "filter matched nothing: %s %s" % (entity, body))
        return got

    def pick(self, entity, getter):
        vals = [getter(r) for r in self.data[entity] if entity != "leads" or r["id"] in self.visible_leads]
        vals = [v for v in vals if v not in (None, "", [])]
        self.assertTrue(vals, "dataset has no values for this filter in %s" % entity)
        return vals[len(vals) // 2]

    def test_ids(self):
        for e in ENTITIES:
            ids = [r["id"] for r in self.data[e][:3]]
            self.check(e, {"ids": ids}, lambda r: r["id"] in ids)

    def test_name_substring_case_insensitive(self):
        for e in ENTITIES:
            name = self.pick(e, lambda r: r.get("name"))
            part = name[1:4].upper() if len(name) > 4 else name.upper()
            self.check(e, {"name": part}, lambda r: part.casefold() in (r.get("name") or "").casefold())

    def test_emails_and_phone(self):
        email = self.pick("people", lambda r: r["emails"][0]["email"] if r["emails"] else None)
        self.check("people", {"emails": [email.upper()]},
                   lambda r: any(m["email"].casefold() == email.casefold() for m in r["emails"]))
        lemail = self.pick("leads", lambda r: (r.get("email") or {}).get("email"))
        self.check("leads", {"emails": lemail},
                   lambda r: (r.get("email") or {}).get("email", "").casefold() == lemail.casefold())
        dom = self.pick("companies", lambda r: r.get("email_domain"))
        self.check("companies", {"email_domains": [dom]}, lambda r: r.get("email_domain") == dom)
        import re as _re
        for e in ("people", "leads", "companies"):
            num = self.pick(e, lambda r: r["phone_numbers"][0]["number"] if r["phone_numbers"] else None)
            d = _re.sub(r"\D", "", num)
            self.check(e, {"phone_number": num},
                       lambda r: any(d in _re.sub(r"\D", "", p["number"]) for p in r["phone_numbers"]))

    def test_tags(self):
        for e in ENTITIES:
            tag = self.pick(e, lambda r: r["tags"][0] if r["tags"] else None)
            self.check(e, {"tags": [tag]}, lambda r: tag in r["tags"])
            self.check(e, {"tags": {"option": "ANY", "value": [tag]}}, lambda r: tag in r["tags"])
            self.check(e, {"tags": {"option": "NONE", "value": [tag]}}, lambda r: tag not in r["tags"])
            self.check(e, {"tags": []}, lambda r: True)
            self.check(e, {"tags": {"allow_empty": True}}, lambda r: not r["tags"], nonempty=False)
        tags = sorted({t for r in self.data["people"] for t in r["tags"]})
        if len(tags) >= 2:
            two = tags[:2]
            self.check("people", {"tags": {"option": "ALL", "value": two}},
                       lambda r: set(two) <= set(r["tags"]), nonempty=False)
            self.check("people", {"tags": two}, lambda r: bool(set(two) & set(r["tags"])))

    def test_assignee_and_owner_ids(self):
        for e in ENTITIES:
            a = self.pick(e, lambda r: r.get("assignee_id"))
            self.check(e, {"assignee_ids": [a]}, lambda r: r.get("assignee_id") == a)
            self.check(e, {"assignee_ids": [a, -2]}, lambda r: r.get("assignee_id") in (a, None))
        c = self.pick("people", lambda r: r.get("company_id"))
        self.check("people", {"company_ids": [c]}, lambda r: r.get("company_id") == c)
        self.check("people", {"company_ids": [-2]}, lambda r: r.get("company_id") is None)
        c = self.pick("opportunities", lambda r: r.get("company_id"))
        self.check("opportunities", {"company_ids": [c]}, lambda r: r.get("company_id") == c)
        for e in ("people", "companies"):
            ct = self.pick(e, lambda r: r.get("contact_type_id"))
            self.check(e, {"contact_type_ids": [ct]}, lambda r: r.get("contact_type_id") == ct)

    def test_lead_filters(self):
        converted = {r["id"] for r in self.data["leads"] if r.get("converted_at") is not None}
        self.assertEqual(self.visible_leads, {r["id"] for r in self.data["leads"]} - converted)
        self.check("leads", {"include_converted_leads": True}, lambda r: True)
        st = self.pick("leads", lambda r: r.get("status_id"))
        self.check("leads", {"status_ids": [st]}, lambda r: r.get("status_id") == st)
        cs = self.pick("leads", lambda r: r.get("customer_source_id"))
        self.check("leads", {"customer_source_ids": [cs]}, lambda r: r.get("customer_source_id") == cs)
        self.check("leads", {"customer_source_ids": [-2]}, lambda r: r.get("customer_source_id") is None,
                   nonempty=False)
        mv = sorted(r["monetary_value"] for r in self.data["leads"] if r.get("monetary_value") is not None)
        lo, hi = mv[len(mv) // 4], mv[3 * len(mv) // 4]
        self.check("leads", {"minimum_monetary_value": lo, "maximum_monetary_value": hi},
                   lambda r: r.get("monetary_value") is not None and lo <= r["monetary_value"] <= hi)

    def test_opportunity_filters(self):
        O = "opportunities"
        for s in ("Open", "Won", "Lost", "Abandoned"):
            self.check(O, {"statuses": [s]}, lambda r: r["status"] == s, nonempty=False)
        self.check(O, {"status_ids": [0, 1]}, lambda r: r["status"] in ("Open", "Won"))
        p = self.pick(O, lambda r: r.get("pipeline_id"))
        self.check(O, {"pipeline_ids": [p]}, lambda r: r["pipeline_id"] == p)
        s = self.pick(O, lambda r: r.get("pipeline_stage_id"))
        self.check(O, {"pipeline_stage_ids": [s]}, lambda r: r["pipeline_stage_id"] == s)
        pc = self.pick(O, lambda r: r.get("primary_contact_id"))
        self.check(O, {"primary_contact_ids": [pc]}, lambda r: r["primary_contact_id"] == pc)
        cs = self.pick(O, lambda r: r.get("customer_source_id"))
        self.check(O, {"customer_source_ids": [cs, -2]}, lambda r: r.get("customer_source_id") in (cs, None))
        self.check(O, {"loss_reason_ids": [-2]}, lambda r: r.get("loss_reason_id") is None)
        lr = [r["loss_reason_id"] for r in self.data[O] if r.get("loss_reason_id")]
        if lr:
            self.check(O, {"loss_reason_ids": [lr[0]]}, lambda r: r.get("loss_reason_id") == lr[0])
        pr = self.pick(O, lambda r: r.get("priority"))
        self.check(O, {"priorities": [pr]}, lambda r: r.get("priority") == pr)
        self.check(O, {"priority_ids": [3]}, lambda r: r.get("priority") == "High", nonempty=False)
        mv = sorted(r["monetary_value"] for r in self.data[O] if r.get("monetary_value") is not None)
        lo, hi = mv[len(mv) // 4], mv[len(mv) // 2]
        self.check(O, {"minimum_monetary_value": lo, "maximum_monetary_value": hi},
                   lambda r: r.get("monetary_value") is not None and lo <= r["monetary_value"] <= hi)
        import datetime

        def cd(r):
            if not r.get("close_date"):
                return None
            m, d, y = (int(x) for x in r["close_date"].split("/"))
            return int(datetime.datetime(y, m, d, tzinfo=datetime.timezone.utc).timestamp())
        dates = sorted(cd(r) for r in self.data[O] if cd(r) is not None)
        lo, hi = dates[len(dates) // 4], dates[3 * len(dates) // 4]
        self.check(O, {"minimum_close_date": lo, "maximum_close_date": hi},
                   lambda r: cd(r) is not None and lo <= cd(r) <= hi)
        sc = sorted(r["date_stage_changed"] for r in self.data[O] if r.get("date_stage_changed"))
        if sc:
            lo = sc[len(sc) // 2]
            self.check(O, {"minimum_stage_change_date": lo},
                       lambda r: r.get("date_stage_changed") is not None and r["date_stage_changed"] >= lo)

    def test_project_and_task_filters(self):
        self.check("projects", {"statuses": ["Open"]}, lambda r: r["status"] == "Open", nonempty=False)
        for s in ("Open", "Completed"):
            self.check("tasks", {"statuses": [s]}, lambda r: r["status"] == s, nonempty=False)

        def rel(r, t):
            rr = r.get("related_resource") or {}
            return rr.get("id") if rr.get("type") == t else None
        for t, key in (("project", "project_ids"), ("opportunity", "opportunity_ids")):
            vals = [rel(r, t) for r in self.data["tasks"] if rel(r, t)]
            if vals:
                self.check("tasks", {key: [vals[0]]}, lambda r: rel(r, t) == vals[0])
        self.check("tasks", {"project_ids": [-2]}, lambda r: rel(r, "project") is None, nonempty=False)
        t = next(r for r in self.data["tasks"] if (r.get("related_resource") or {}).get("id"))
        rr = {"id": t["related_resource"]["id"], "type": t["related_resource"]["type"]}
        self.check("tasks", {"related_resource": rr},
                   lambda r: (r.get("related_resource") or {}).get("id") == rr["id"]
                   and r["related_resource"].get("type") == rr["type"])
        due = sorted(r["due_date"] for r in self.data["tasks"] if r.get("due_date"))
        lo, hi = due[len(due) // 4], due[3 * len(due) // 4]
        self.check("tasks", {"minimum_due_date": lo, "maximum_due_date": hi},
                   lambda r: r.get("due_date") is not None and lo <= r["due_date"] <= hi)
        pr = self.pick("tasks", lambda r: r.get("priority"))
        self.check("tasks", {"priorities": [pr]}, lambda r: r.get("priority") == pr)
        opp = self.pick("opportunities", lambda r: r.get("primary_contact_id"))
        owners = {r["primary_contact_id"] for r in self.data["opportunities"] if r["primary_contact_id"] == opp}
        oid = next(r["id"] for r in self.data["opportunities"] if r.get("primary_contact_id") == opp)
        self.check("people", {"opportunity_ids": [oid]}, lambda r: r["id"] in owners)

    def test_address_filters(self):
        for e in ("people", "leads", "companies"):
            for k in ("city", "state", "postal_code", "country"):
                v = self.pick(e, lambda r: addr(r, k))
                self.check(e, {k: v.lower()}, lambda r: (addr(r, k) or "").casefold() == v.casefold())
            city = self.pick(e, lambda r: addr(r, "city"))
            self.check(e, {"city": {"allow_empty": True, "value": city}},
                       lambda r: not addr(r, "city") or addr(r, "city") == city)

    def test_followed(self):
        for e in ENTITIES:
            a = set(self.sb.search_ids(e, {"followed": 1}))
            b = set(self.sb.search_ids(e, {"followed": 2}))
            self.assertFalse(a & b)
            self.assertEqual(a | b, {r["id"] for r in self.data[e]} if e != "leads" else a | b)
            self.assertTrue(a and b, e)

    def test_date_and_count_ranges(self):
        for e in ENTITIES:
            for field, key in (("created_date", "date_created"), ("modified_date", "date_modified")):
                vals = sorted(r[key] for r in self.data[e])
                lo, hi = vals[len(vals) // 4], vals[3 * len(vals) // 4]
                self.check(e, {"minimum_" + field: lo, "maximum_" + field: hi},
                           lambda r: lo <= r[key] <= hi)
        for e in ("people", "leads", "companies", "opportunities"):
            vals = sorted(r.get("interaction_count") or 0 for r in self.data[e])
            lo, hi = vals[len(vals) // 3], vals[-1]
            self.check(e, {"minimum_interaction_count": lo, "maximum_interaction_count": hi},
                       lambda r: r.get("interaction_count") is not None and lo <= r["interaction_count"] <= hi)
            dl = sorted(r["date_last_contacted"] for r in self.data[e] if r.get("date_last_contacted"))
            if dl:
                lo = dl[len(dl) // 2]
                self.check(e, {"minimum_interaction_date": lo},
                           lambda r: r.get("date_last_contacted") is not None and r["date_last_contacted"] >= lo)
        newest = max(r["date_created"] for r in self.data["people"])
        age = int(time.time()) - newest + 3600
        self.check("people", {"age": age}, lambda r: r["date_created"] >= int(time.time()) - age)

    def test_custom_field_filters(self):
        for d in self.defs:
            dt, did = d.get("data_type"), d["id"]
            for e in ENTITIES:
                has = [r for r in self.data[e] if any(c["custom_field_definition_id"] == did
                                                       for c in r["custom_fields"])]
                if not has:
                    continue
                if dt == "Dropdown":
                    v = self.pick(e, lambda r: cfv(r, did))
                    self.check(e, {"custom_fields": [{"custom_field_definition_id": did, "value": [v]}]},
                               lambda r: cfv(r, did) == v)
                    self.check(e, {"custom_fields": [{"custom_field_definition_id": did, "value": [v],
                                                      "allow_empty": True}]},
                               lambda r: cfv(r, did) in (v, None))
                elif dt == "MultiSelect":
                    vals = [cfv(r, did) for r in has if cfv(r, did)]
                    if not vals:
                        continue
                    v = vals[0][0]
                    self.check(e, {"custom_fields": [{"custom_field_definition_id": did, "value": [v],
                                                      "option": "ANY"}]},
                               lambda r: v in (cfv(r, did) or []))
                    self.check(e, {"custom_fields": [{"custom_field_definition_id": did, "value": [v],
                                                      "option": "NONE"}]},
                               lambda r: bool(cfv(r, did)) and v not in cfv(r, did), nonempty=False)
                    self.check(e, {"custom_fields": [{"custom_field_definition_id": did, "allow_empty": True}]},
                               lambda r: not cfv(r, did), nonempty=False)
                elif dt in ("Date", "Float", "Percentage", "Currency"):
                    vals = sorted(cfv(r, did) for r in has if cfv(r, did) is not None)
                    if not vals:
                        continue
                    lo, hi = vals[len(vals) // 4], vals[3 * len(vals) // 4]
                    self.check(e, {"custom_fields": [{"custom_field_definition_id": did,
                                                      "minimum_value": lo, "maximum_value": hi}]},
                               lambda r: cfv(r, did) is not None and lo <= cfv(r, did) <= hi)
                elif dt == "Checkbox":
                    self.check(e, {"custom_fields": [{"custom_field_definition_id": did, "value": True}]},
                               lambda r: cfv(r, did) is True, nonempty=False)

    def test_combined_filters_are_anded(self):
        a = self.pick("people", lambda r: r.get("assignee_id"))
        tag = self.pick("people", lambda r: r["tags"][0] if r["tags"] else None)
        self.check("people", {"assignee_ids": [a], "tags": [tag]},
                   lambda r: r.get("assignee_id") == a and tag in r["tags"], nonempty=False)

    def test_wrong_type_filters_422(self):
        bad = [("people", {"assignee_ids": 5}, "assignee_ids"), ("people", {"assignee_ids": ["x"]}, "assignee_ids"),
               ("people", {"name": 5}, "name"), ("people", {"tags": "x y"}, "tags"),
               ("people", {"minimum_created_date": "yesterday"}, "minimum_created_date"),
               ("people", {"followed": 3}, "followed"), ("people", {"city": 5}, "city"),
               ("people", {"page_size": "ten"}, "page_size"), ("people", {"page_number": 0}, "page_number"),
               ("people", {"sort_by": "shoe_size"}, "sort_by"), ("people", {"sort_direction": "up"}, "sort_direction"),
               ("opportunities", {"statuses": ["Pending"]}, "statuses"),
               ("opportunities", {"pipeline_ids": "1"}, "pipeline_ids"),
               ("leads", {"include_converted_leads": "yes"}, "include_converted_leads"),
               ("tasks", {"minimum_due_date": [1]}, "minimum_due_date"),
               ("people", {"custom_fields": {"x": 1}}, "custom_fields"),
               ("people", {"custom_fields": [{"custom_field_definition_id": 987654321}]}, "custom_fields")]
        for e, body, field in bad:
            self.assertJsonError(self.sb.api("POST", "/%s/search" % e, body), 422, field)


class TestSortAndPaging(SandboxCase):
    ARGS = ["--records", "250", "--search-cap", "230"]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.total = cls.sb.search("people", {"page_size": 1})[1]

    def test_defaults(self):
        recs, total = self.sb.search("people", {})
        self.assertEqual(len(recs), min(20, total))
        self.assertEqual(total, self.total)
        names = [(r["first_name"] or "").casefold() for r in recs]
        self.assertEqual(names, sorted(names))

    def test_page_size_clamped_and_cap(self):
        total = self.total
        self.assertGreater(total, 230, "need more than the cap for this test")
        recs, t = self.sb.search("people", {"page_size": 500})
        self.assertEqual(len(recs), 200)
        self.assertEqual(t, total)
        p2, t2 = self.sb.search("people", {"page_size": 200, "page_number": 2})
        self.assertEqual(len(p2), 30, "results beyond the cap are never returned")
        self.assertEqual(t2, total, "X-PW-TOTAL reports the true total")
        p3, t3 = self.sb.search("people", {"page_size": 200, "page_number": 3})
        self.assertEqual((p3, t3), ([], total))
        ids = [r["id"] for r in recs] + [r["id"] for r in p2]
        self.assertEqual(len(set(ids)), 230)

    def test_pages_are_disjoint_and_ordered(self):
        a, _ = self.sb.search("people", {"page_size": 7, "page_number": 1, "sort_by": "date_created"})
        b, _ = self.sb.search("people", {"page_size": 7, "page_number": 2, "sort_by": "date_created"})
        whole, _ = self.sb.search("people", {"page_size": 14, "sort_by": "date_created"})
        self.assertEqual([r["id"] for r in a + b], [r["id"] for r in whole])

    def test_sort_both_directions(self):
        keys = {
            "people": {"name": "name", "first_name": "first_name", "last_name": "last_name",
                       "date_created": "date_created", "date_modified": "date_modified", "title": "title"},
            "companies": {"name": "name", "date_modified": "date_modified", "email_domain": "email_domain"},
            "leads": {"name": "name", "value": "monetary_value", "date_created": "date_created"},
            "opportunities": {"name": "name", "value": "monetary_value", "win_probability": "win_probability",
                              "date_modified": "date_modified"},
            "projects": {"name": "name", "date_created": "date_created"},
            "tasks": {"name": "name", "due_date": "due_date", "date_modified": "date_modified"},
        }
        for e, m in keys.items():
            for sort_by, field in m.items():
                for direction in ("asc", "desc"):
                    recs, _ = self.sb.search(e, {"page_size": 200, "sort_by": sort_by, "sort_direction": direction})
                    vals = [r.get(field) for r in recs]
                    present = [v.casefold() if isinstance(v, str) else v for v in vals if v not in (None, "")]
                    self.assertEqual(present, sorted(present, reverse=direction == "desc"),
                                     "%s sort_by=%s %s" % (e, sort_by, direction))

    def test_sort_follows_updates(self):
        recs, _ = self.sb.search("projects", {"page_size": 1, "sort_by": "name"})
        rec = self.sb.ok("PUT", "/projects/%d" % recs[0]["id"], {"name": "zzzz last project"})
        last, _ = self.sb.search("projects", {"page_size": 1, "sort_by": "name", "sort_direction": "desc"})
        self.assertEqual(last[0]["id"], rec["id"])
        newest, _ = self.sb.search("projects", {"page_size": 1, "sort_by": "date_modified",
                                                "sort_direction": "desc"})
        self.assertEqual(newest[0]["id"], rec["id"])
        new = self.sb.ok("POST", "/projects", {"name": "aaaa first project"})
        first, _ = self.sb.search("projects", {"page_size": 1, "sort_by": "name"})
        self.assertEqual(first[0]["id"], new["id"])


# ---------------------------------------------------------------------------

class TestFaultsViaControl(SandboxCase):
    def setUp(self):
        self.sb.ctl("POST", "config", {"latency": 0, "jitter": 0, "error_rate": 0, "malformed_rate": 0,
                                       "truncate_rate": 0, "drop_rate": 0, "trickle": 0, "rate_limit": 0})

    def test_health_and_config(self):
        h = self.sb.ctl("GET", "health")
        self.assertTrue(h["ok"])
        cfg = self.sb.ctl("POST", "config", {"error_rate": 0.25, "latency": 5})
        self.assertEqual((cfg["error_rate"], cfg["latency"]), (0.25, 5))
        self.assertEqual(self.sb.ctl("GET", "config")["error_rate"], 0.25)
        r = self.sb.request("POST", "/_sandbox/config", {"no_such_knob": 1})
        self.assertEqual(r.status, 400)

    def test_latency(self):
        self.sb.ctl("POST", "config", {"latency": 300})
        t = time.time()
        self.sb.ok("GET", "/account")
        self.assertGreaterEqual(time.time() - t, 0.28)
        t = time.time()
        self.sb.ctl("GET", "health")  # control endpoints are never slowed
        self.assertLess(time.time() - t, 0.25)
        self.sb.ctl("POST", "config", {"latency": 0, "jitter": 200, "fault_seed": 3})
        t = time.time()
        for _ in range(3):
            self.sb.ok("GET", "/account")
        self.assertLess(time.time() - t, 0.65)

    def test_error_rate(self):
        self.sb.ctl("POST", "config", {"error_rate": 1})
        r = self.sb.api("GET", "/account")
        self.assertGreaterEqual(r.status, 500)
        self.assertLess(r.status, 600)
        self.assertEqual(r.json()["status"], r.status)
        self.sb.ctl("POST", "config", {"error_rate": 0.5, "fault_seed": 7})
        statuses = [self.sb.api("GET", "/account").status for _ in range(40)]
        self.assertTrue(5 < sum(s >= 500 for s in statuses) < 35, statuses)

    def test_malformed(self):
        self.sb.ctl("POST", "config", {"malformed_rate": 1})
        r = self.sb.api("GET", "/account")
        self.assertEqual(r.status, 200)
        self.assertEqual(int(r.header("Content-Length")), len(r.body))
        with self.assertRaises(ValueError):
            json.loads(r.body)

    def test_truncate(self):
        self.sb.ctl("POST", "config", {"truncate_rate": 1})
        c = self.sb.conn()
        c.request("POST", API + "/people/search", body=b"{}", headers=auth_headers())
        r = c.getresponse()
        with self.assertRaises(http.client.IncompleteRead):
            r.read()
        c.close()

    def test_drop(self):
        self.sb.ctl("POST", "config", {"drop_rate": 1})
        with self.assertRaises((http.client.RemoteDisconnected, ConnectionError)):
            self.sb.api("GET", "/account")
        self.sb.ctl("POST", "config", {"drop_rate": 0})
        self.assertEqual(self.sb.api("GET", "/account").status, 200)

    def test_trickle(self):
        self.sb.ctl("POST", "config", {"trickle": 2000})
        t = time.time()
        r = self.sb.api("POST", "/people/search", {"page_size": 1})
        elapsed = time.time() - t
        self.assertEqual(r.status, 200)
        json.loads(r.body)
        self.assertGreaterEqual(elapsed, len(r.body) / 2000 * 0.8)

    def test_fail_next(self):
        self.sb.ctl("POST", "fail_next", {"count": 2, "status": 422, "path_prefix": "/people"})
        self.assertEqual(self.sb.api("GET", "/account").status, 200)  # other paths untouched
        r1 = self.sb.api("POST", "/people/search", {})
        r2 = self.sb.api("GET", "/people/1")
        self.assertJsonError(r1, 422)
        self.assertJsonError(r2, 422)
        self.assertEqual(self.sb.api("POST", "/people/search", {}).status, 200)
        self.sb.ctl("POST", "fail_next", {"count": 1, "status": 503})
        self.assertJsonError(self.sb.api("GET", "/account"), 503)
        self.assertEqual(self.sb.api("GET", "/account").status, 200)
        self.sb.ctl("POST", "fail_next", {"count": 1, "status": 500, "path_prefix": "/developer_api/v1/tasks",
                                          "method": "PUT"})
        self.assertEqual(self.sb.api("POST", "/tasks/search", {}).status, 200)
        tid = self.sb.search("tasks", {"page_size": 1})[0][0]["id"]
        self.assertEqual(self.sb.api("PUT", "/tasks/%d" % tid, {"details": "x"}).status, 500)
        self.assertEqual(self.sb.api("PUT", "/tasks/%d" % tid, {"details": "x"}).status, 200)
        # rules a test left behind are cleared
        self.sb.ctl("POST", "fail_next", {"count": 3, "status": 503})
        self.sb.ctl("POST", "fail_next", {"clear": True})
        self.assertEqual(self.sb.api("GET", "/account").status, 200)

    def test_fail_next_after_drops_the_answer_of_a_write(self):
        self.sb.ctl("POST", "fail_next", {"count": 1, "method": "POST", "path_prefix": "/companies",
                                          "after": True})
        self.assertRaises((http.client.RemoteDisconnected, ConnectionError, http.client.IncompleteRead),
                          self.sb.api, "POST", "/companies", {"name": "Written Then Dropped"})
        found, _ = self.sb.search("companies", {"name": "Written Then Dropped"})
        self.assertEqual(len(found), 1)  # the write happened
        posts = [e for e in self.sb.ctl("GET", "log")
                 if e["method"] == "POST" and e["path"].endswith("/companies")]
        self.assertEqual(posts[-1]["fault"], "drop_after")

    def test_fail_next_answers_a_given_body(self):
        self.sb.ctl("POST", "fail_next", {"count": 1, "path_prefix": "/users/me", "body": [1, 2]})
        r = self.sb.api("GET", "/users/me")
        self.assertEqual((r.status, r.json()), (200, [1, 2]))
        self.assertIsInstance(self.sb.ok("GET", "/users/me"), dict)

    def test_fail_next_bombs_are_small_on_the_wire(self):
        import zlib
        for kind, args, decoded, start in (("values", {"bomb_mb": 2}, 2 << 20, b"[0,0,"),
                                           ("size", {"bomb_mb": 3}, 3 << 20, b"[   "),
                                           ("deep", {"bomb_depth": 40}, 80, b"[[[[")):
            self.sb.ctl("POST", "fail_next", dict(args, count=1, path_prefix="/account", bomb=kind))
            r = self.sb.api("GET", "/account")
            self.assertEqual(r.status, 200)
            self.assertEqual(r.header("Content-Encoding"), "gzip")
            self.assertLess(len(r.body), decoded / 100 + 4096)
            text = zlib.decompress(r.body, 31)
            self.assertEqual(len(text), decoded + (kind == "values"))
            self.assertTrue(text.startswith(start))
            json.loads(text)  # each is valid JSON: only its cost is hostile
        self.assertEqual(self.sb.ctl("GET", "log")[-1]["fault"], "bomb")
        r = self.sb.request("POST", "/_sandbox/fail_next", {"bomb": "nuke"},
                            {"Content-Type": "application/json"})
        self.assertEqual(r.status, 400)

    def test_rate_limit_via_config(self):
        self.sb.ctl("POST", "config", {"rate_limit": 3})
        st = [self.sb.api("GET", "/account").status for _ in range(4)]
        self.assertEqual(st, [200, 200, 200, 429])
        self.sb.ctl("POST", "config", {"rate_limit": 0})
        self.assertEqual(self.sb.api("GET", "/account").status, 200)


class FlagCase(unittest.TestCase):
    def with_server(self, *args):
        sb = Sandbox(*(SMALL + list(args)))
        self.addCleanup(sb.stop)
        return sb


class TestFaultFlags(FlagCase):
    def test_latency_flag(self):
        sb = self.with_server("--latency", "250")
        t = time.time()
        sb.ok("GET", "/account")
        self.assertGreaterEqual(time.time() - t, 0.23)

    def test_error_rate_flag(self):
        sb = self.with_server("--error-rate", "1", "--fault-seed", "1")
        r = sb.api("GET", "/account")
        self.assertIn(r.status, (500, 502, 503))
        self.assertEqual(r.json()["status"], r.status)
        self.assertEqual(sb.ctl("GET", "config")["error_rate"], 1)

    def test_malformed_truncate_drop_trickle_flags(self):
        sb = self.with_server("--malformed-rate", "1")
        r = sb.api("GET", "/account")
        self.assertEqual(r.status, 200)
        self.assertRaises(ValueError, json.loads, r.body)
        sb = self.with_server("--truncate-rate", "1")
        self.assertRaises(http.client.IncompleteRead, sb.api, "GET", "/account")
        sb = self.with_server("--drop-rate", "1")
        self.assertRaises((http.client.RemoteDisconnected, ConnectionError), sb.api, "GET", "/account")
        sb = self.with_server("--trickle", "1500")
        t = time.time()
        r = sb.api("GET", "/users/me")
        self.assertGreaterEqual(time.time() - t, len(r.body) / 1500 * 0.8)
        json.loads(r.body)

    def test_rate_limit_flag(self):
        sb = self.with_server("--rate-limit", "5")
        statuses = [sb.api("GET", "/account").status for _ in range(5)]
        self.assertEqual(statuses, [200] * 5)
        r = sb.api("GET", "/account")
        self.assertEqual(r.status, 429)
        self.assertIsNone(r.header("Retry-After"))
        self.assertEqual(r.json()["status"], 429)
        sb.ctl("GET", "health")  # control is not limited
        # the window is per user: a bearer request is the same user
        r = sb.request("GET", API + "/account", headers={"Authorization": "Bearer " + TOKEN})
        self.assertEqual(r.status, 429)
        log = sb.ctl("GET", "log")
        self.assertEqual([e["status"] for e in log][-2:], [429, 429])

    def test_rate_window_rolls(self):
        # Copper's window is a rolling minute; tests shorten it to stay fast
        sb = self.with_server("--rate-limit", "2", "--rate-window", "0.5")
        self.assertEqual([sb.api("GET", "/account").status for _ in range(3)], [200, 200, 429])
        time.sleep(0.6)
        self.assertEqual(sb.api("GET", "/account").status, 200)
        # changing the window starts counting afresh
        self.assertEqual(sb.ctl("POST", "config", {"rate_window": 60})["rate_window"], 60)
        self.assertEqual([sb.api("GET", "/account").status for _ in range(3)], [200, 200, 429])

    def test_token_and_email_flags(self):
        sb = self.with_server("--token", "t0k", "--email", "other@patina.example")
        self.assertEqual(sb.api("GET", "/account").status, 401)
        r = sb.request("GET", API + "/account", headers={"X-PW-AccessToken": "t0k", "X-PW-Application":
                                                          "developer_api", "X-PW-UserEmail": "other@patina.example"})
        self.assertEqual(r.status, 200)

    def test_hostile(self):
        sb = self.with_server("--hostile")
        odd = 0
        for e in ENTITIES:
            r = sb.api("POST", "/%s/search" % e, {"page_size": 200})
            self.assertEqual(r.status, 200)
            text = r.body.decode("utf-8")
            recs = json.loads(text)
            for rec in recs:
                s = json.dumps(rec, ensure_ascii=False)
                if any(ord(ch) < 32 or ord(ch) > 126 for ch in s):
                    odd += 1
        self.assertGreater(odd, 0, "--hostile served no hostile strings")

    def test_seed_is_deterministic(self):
        a = self.with_server("--seed", "5")
        b = self.with_server("--seed", "5")
        for e in ENTITIES:
            self.assertEqual(a.search(e, {"page_size": 50}), b.search(e, {"page_size": 50}))

    def test_sigterm_exits_cleanly(self):
        sb = Sandbox(*SMALL)
        self.assertEqual(sb.api("GET", "/account").status, 200)
        self.assertEqual(sb.stop(signal.SIGTERM), 0)
        sb = Sandbox(*SMALL)
        self.assertEqual(sb.stop(signal.SIGINT), 0)


class TestLogAndState(FlagCase):
    def test_request_log(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "req.log")
            sb = self.with_server("--log", path)
            sb.ok("POST", "/people/search", {"page_size": 3})
            sb.api("GET", "/account?x=1")
            sb.request("GET", API + "/account", headers={"X-PW-AccessToken": "bad"})
            sb.request("GET", API + "/users/me", headers={"Authorization": "Bearer " + TOKEN})
            sb.api("PUT", "/people/1", raw=b"not json")
            sb.ctl("GET", "health")
            entries = sb.ctl("GET", "log")
            self.assertEqual([(e["method"], e["path"], e["status"]) for e in entries],
                             [("POST", API + "/people/search", 200), ("GET", API + "/account", 200),
                              ("GET", API + "/account", 401), ("GET", API + "/users/me", 200),
                              ("PUT", API + "/people/1", 400)])
            self.assertEqual(entries[0]["body"], {"page_size": 3})
            self.assertEqual(entries[1]["query"], {"x": "1"})
            self.assertIsNone(entries[1]["body"])
            self.assertEqual(entries[4]["body"], "not json")
            for e in entries:
                self.assertEqual(set(e) - {"fault"}, {"ts", "method", "path", "query", "body", "status"})
            with open(path) as f:
                lines = [json.loads(x) for x in f]
            self.assertEqual(lines, entries)
            with open(path) as f:
                raw = f.read()
            self.assertNotIn(TOKEN, raw)
            self.assertNotIn("AccessToken", raw)
            sb.ctl("POST", "log/clear")
            self.assertEqual(sb.ctl("GET", "log"), [])

    def test_state_survives_restart(self):
        with tempfile.TemporaryDirectory() as d:
            state = os.path.join(d, "state.jsonl")
            sb = Sandbox(*(SMALL + ["--state", state]))
            person = sb.ok("POST", "/people", {"name": "Persistent Person"})
            someone = sb.all("companies")[0]
            edited = sb.ok("PUT", "/companies/%d" % someone["id"], {"details": "kept across restarts"})
            lead = sb.ok("POST", "/leads", {"name": "Persistent Lead"})
            conv = sb.ok("POST", "/leads/%d/convert" % lead["id"], {"details": {"person": {"name": "From Lead"}}})
            act = sb.ok("POST", "/activities", {"parent": {"type": "person", "id": person["id"]},
                                                 "type": {"category": "user", "id":
                                                          sb.ok("GET", "/activity_types")["user"][0]["id"]},
                                                 "details": "persisted note"})
            colleague = sb.ctl("POST", "mutate/people/%d" % person["id"], {"title": "Colleague edit"})
            proj = sb.ok("POST", "/projects", {"name": "Persistent Project"})
            sb.ok("POST", "/projects/%d/related" % proj["id"],
                  {"resource": {"id": person["id"], "type": "person"}})
            gone = sb.ok("POST", "/tasks", {"name": "Deleted Task"})
            sb.ok("DELETE", "/tasks/%d" % gone["id"])
            self.assertEqual(sb.stop(), 0)
            sb2 = Sandbox(*(SMALL + ["--state", state]))
            self.addCleanup(sb2.stop)
            self.assertEqual(sb2.ok("GET", "/people/%d" % person["id"]), colleague)
            self.assertEqual(sb2.ok("GET", "/companies/%d" % someone["id"]), edited)
            self.assertEqual(sb2.ok("GET", "/people/%d" % conv["person"]["id"])["name"], "From Lead")
            self.assertNotIn(lead["id"], sb2.search_ids("leads", {"name": "Persistent Lead"}))
            acts = sb2.ok("POST", "/activities/search", {"parent": {"type": "person", "id": person["id"]}})
            self.assertIn(act["id"], [a["id"] for a in acts])
            self.assertEqual(sb2.ok("GET", "/projects/%d/related" % proj["id"]),
                             [{"id": person["id"], "type": "person"}])
            self.assertEqual(sb2.api("GET", "/tasks/%d" % gone["id"]).status, 404)
            newer = sb2.ok("POST", "/people", {"name": "After Restart"})
            self.assertNotIn(newer["id"], (person["id"], conv["person"]["id"]))


class TestScale(SandboxCase):
    """Search speed on a larger dataset (120,000 records per entity is measured by hand; see the
    module docstring of copper_sandbox.py)."""
    ARGS = ["--records", "20000"]

    def fastest(self, entity, body, n=3):
        best = None
        for _ in range(n):
            t = time.perf_counter()
            recs, total = self.sb.search(entity, body)
            dt = time.perf_counter() - t
            best = dt if best is None else min(best, dt)
        return best, recs, total

    def test_unfiltered_pages_are_fast(self):
        for e in ENTITIES:
            for body in ({}, {"sort_direction": "desc"}, {"page_number": 500}, {"sort_by": "date_modified"}):
                dt, recs, total = self.fastest(e, body)
                self.assertGreaterEqual(total, 18000)
                self.assertLess(dt, 0.1, "%s %s took %.0f ms" % (e, body, dt * 1000))

    def test_filtered_and_after_writes(self):
        dt, recs, total = self.fastest("people", {"name": "an", "sort_by": "name"}, n=1)
        self.assertLess(dt, 1.0)
        rec = self.sb.ok("PUT", "/people/%d" % recs[0]["id"], {"first_name": "Aaaaa"})
        dt, recs, _ = self.fastest("people", {})
        self.assertLess(dt, 0.1)
        self.assertEqual(recs[0]["id"], rec["id"])


class TestMutate(SandboxCase):
    def test_mutate_moves_date_modified(self):
        rec = self.sb.search("opportunities", {"page_size": 1})[0][0]
        got = self.sb.ctl("POST", "mutate/opportunities/%d" % rec["id"], {"details": "colleague was here"})
        self.assertEqual(got["details"], "colleague was here")
        self.assertGreater(got["date_modified"], rec["date_modified"])
        self.assertEqual(self.sb.ok("GET", "/opportunities/%d" % rec["id"]), got)
        again = self.sb.ctl("POST", "mutate/opportunities/%d" % rec["id"], {})
        self.assertGreater(again["date_modified"], got["date_modified"])
        r = self.sb.request("POST", "/_sandbox/mutate/opportunities/987654321", {})
        self.assertEqual(r.status, 404)
        r = self.sb.request("POST", "/_sandbox/mutate/opportunities/%d" % rec["id"], {"monetary_value": "x"})
        self.assertEqual(r.status, 422)
        # mutations are not in the request log
        self.assertFalse([e for e in self.sb.ctl("GET", "log") if "mutate" in e["path"]])


class TestShiftToToday(unittest.TestCase):
    """--shift-to-today (make demo): the dataset's today becomes today."""

    def test_dates_move_by_whole_days(self):
        plain = Sandbox(*SMALL)
        shifted = Sandbox(*(SMALL + ["--shift-to-today"]))
        try:
            delta = int(time.time()) // 86400 * 86400 - 1764547200  # dataset.NOW
            self.assertEqual(delta % 86400, 0)
            for entity, keys in (("tasks", ("due_date", "date_created", "date_modified")),
                                 ("opportunities", ("date_created", "date_modified"))):
                before = {r["id"]: r for r in plain.all(entity)}
                after = {r["id"]: r for r in shifted.all(entity)}
                self.assertEqual(set(before), set(after))
                for rid, rec in before.items():
                    for key in keys:
                        if isinstance(rec.get(key), int):
                            self.assertEqual(after[rid][key], rec[key] + delta, (entity, rid, key))
            # close dates (MM/DD/YYYY) move too, by the same days
            import datetime
            for rid, rec in {r["id"]: r for r in plain.all("opportunities")}.items():
                if not rec.get("close_date") or rid > 10 ** 8:
                    continue
                m, d, y = (int(x) for x in rec["close_date"].split("/"))
                want = datetime.date(y, m, d) + datetime.timedelta(days=delta // 86400)
                got = shifted.ok("GET", "/opportunities/%d" % rid)["close_date"]
                self.assertEqual(got, want.strftime("%m/%d/%Y"))
                break
            # so that some of the user's tasks are due within the week from today
            now = int(time.time())
            soon = [t for t in shifted.all("tasks") if isinstance(t.get("due_date"), int)
                    and now - 86400 <= t["due_date"] <= now + 7 * 86400]
            self.assertTrue(soon)
        finally:
            plain.stop()
            shifted.stop()


class TestMirrorContract(SandboxCase):
    """What patina's mirror (src/mirror/sync.c) relies on: windows of created
    dates past the search cap, changes by date_modified, counts, deletes,
    the server's clock in the Date header, and many changes at once."""
    ARGS = ["--records", "250", "--search-cap", "230"]

    def window(self, entity, lo=None, hi=None, page=1, extra=None):
        body = {"page_size": 200, "page_number": page, "sort_by": "date_created"}
        if lo is not None:
            body["minimum_created_date"] = lo
        if hi is not None:
            body["maximum_created_date"] = hi
        body.update(extra or {})
        return self.sb.search(entity, body)

    def test_created_windows_reach_past_the_cap(self):
        count = self.sb.ctl("GET", "health")["records"]["companies"]
        self.assertGreater(count, 230)
        seen, lo = set(), None
        for _ in range(10):
            page, total, n = 1, None, 0
            while True:
                recs, total = self.window("companies", lo, page=page)
                seen |= {r["id"] for r in recs}
                n += len(recs)
                if len(recs) < 200 or page * 200 >= min(total, 230):
                    break
                page += 1
            if total <= 230:
                break
            lo = recs[-1]["date_created"]  # the next window starts at the last date seen
        self.assertEqual(len(seen), count)
        # inclusive bounds: a window of one second holds what was created then
        one = self.sb.all("companies")[0]["date_created"]
        recs, total = self.window("companies", one, one)
        self.assertTrue(recs and all(r["date_created"] == one for r in recs))
        self.assertEqual(total, len(recs))

    def test_changes_newest_first_from_a_watermark(self):
        for e in ("leads", "opportunities", "projects", "tasks"):
            recs = self.sb.search(e, {"page_size": 3})[0]
            since = int(time.time()) - 1
            self.sb.ctl("POST", "mutate/%s" % e, {"ids": [r["id"] for r in recs], "changes": {}})
            got, total = self.sb.search(e, {"minimum_modified_date": since, "sort_by": "date_modified",
                                            "sort_direction": "desc", "page_size": 200,
                                            "include_converted_leads": True} if e == "leads" else
                                        {"minimum_modified_date": since, "sort_by": "date_modified",
                                         "sort_direction": "desc", "page_size": 200})
            self.assertEqual(total, 3, e)
            self.assertEqual({r["id"] for r in got}, {r["id"] for r in recs})
            mods = [r["date_modified"] for r in got]
            self.assertEqual(mods, sorted(mods, reverse=True))
        # people and companies: newest first without a filter
        person = self.sb.search("people", {"page_size": 1, "sort_by": "date_created"})[0][0]
        self.sb.ctl("POST", "mutate/people/%d" % person["id"], {})
        top, total = self.sb.search("people", {"sort_by": "date_modified", "sort_direction": "desc",
                                               "page_size": 1})
        self.assertEqual(top[0]["id"], person["id"])
        self.assertEqual(total, self.sb.ctl("GET", "health")["records"]["people"])

    def test_date_header_is_the_servers_clock(self):
        r = self.sb.api("POST", "/tasks/search", {"page_size": 1})
        date = email.utils.parsedate_to_datetime(r.header("Date")).timestamp()
        self.assertLess(abs(date - time.time()), 5)

    def test_a_delete_lowers_the_total_and_leaves_its_window(self):
        recs, total = self.window("projects")
        gone = recs[5]
        self.assertEqual(self.sb.ok("DELETE", "/projects/%d" % gone["id"])["is_deleted"], True)
        recs2, total2 = self.window("projects")
        self.assertEqual(total2, total - 1)
        self.assertNotIn(gone["id"], {r["id"] for r in recs2})
        _, in_window = self.window("projects", gone["date_created"], gone["date_created"])
        self.assertEqual(self.sb.api("GET", "/projects/%d" % gone["id"]).status, 404)
        self.assertEqual(in_window, len([r for r in recs if r["date_created"] == gone["date_created"]]) - 1)

    def test_mutate_many(self):
        recs = self.sb.search("tasks", {"page_size": 4})[0]
        ids = [r["id"] for r in recs]
        got = self.sb.ctl("POST", "mutate/tasks", {"ids": ids, "changes": {"details": "bulk"}})
        self.assertEqual(got, {"ok": True, "count": 4})
        for r in recs:
            now = self.sb.ok("GET", "/tasks/%d" % r["id"])
            self.assertEqual(now["details"], "bulk")
            self.assertGreater(now["date_modified"], r["date_modified"])
        r = self.sb.request("POST", "/_sandbox/mutate/tasks", {"ids": [ids[0], 987654321], "changes":
                                                                {"details": "never"}})
        self.assertEqual(r.status, 404)
        self.assertEqual(self.sb.ok("GET", "/tasks/%d" % ids[0])["details"], "bulk")
        r = self.sb.request("POST", "/_sandbox/mutate/tasks", {"ids": "x"})
        self.assertEqual(r.status, 400)


if __name__ == "__main__":
    unittest.main()
