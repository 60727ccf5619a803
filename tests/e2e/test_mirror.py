"""The local mirror (#14): patina sync, its cost and its resumption, the
mirror equal to the server after random changes, the finder, the list's
searches by email, phone and task name, patina find from the mirror, and
offline browsing; every request proved by the sandbox's log."""

import glob
import json
import math
import os
import random
import signal
import sqlite3
import stat
import sys
import time
import unittest
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import (PATINA, Sandbox, TempHome, Terminal, patina_env,  # noqa: E402
                     require_pyte, run_patina)

ENTITIES = ["people", "companies", "leads", "opportunities", "projects", "tasks"]
API = "/developer_api/v1"


def mirror_path(home):
    paths = glob.glob(os.path.join(home, "cache", "patina", "*", "*", "mirror.db"))
    return paths[0] if paths else None


def mirror_records(home):
    """{(entity, id): record} as the mirror holds them, decoded with the
    dictionary the database keeps (src/mirror/codec.h)."""
    db = sqlite3.connect(mirror_path(home))
    try:
        zdict = db.execute("SELECT value FROM meta WHERE key = 'codec_dictionary_v1'").fetchone()[0]
        out = {}
        for entity, rid, data in db.execute("SELECT r.entity, r.id, b.data FROM records r"
                                            " JOIN bodies b ON b.rowid = r.rowid"):
            if data[0] == 1:
                d = zlib.decompressobj(-15, zdict=zdict)
                text = d.decompress(data[1:]) + d.flush()
            else:
                text = data[1:]
            out[(ENTITIES[entity], rid)] = json.loads(text)
        return out
    finally:
        db.close()


def server_records(sb, entity):
    out, page = {}, 1
    while True:
        body = {"page_size": 200, "page_number": page, "sort_by": "date_created"}
        if entity == "leads":
            body["include_converted_leads"] = True
        recs, headers = sb.api("POST", "/%s/search" % entity, body)
        for r in recs:
            out[(entity, r["id"])] = r
        if len(recs) < 200:
            return out
        page += 1


def wait_start_sync(t, sb):
    """The UI syncs on start (one search of changes per entity, the mirror
    being complete): waited for, so that a test's log holds its own."""
    t.wait_for(lambda s: len([e for e in sb.log()
                              if (e["body"] or {}).get("sort_by") == "date_modified"]) >= 6,
               what="the start's sync")
    time.sleep(0.3)


def searches(log, entity=None):
    return [e for e in log if e["path"].endswith("/search") and e["method"] == "POST" and
            (entity is None or e["path"] == "%s/%s/search" % (API, entity))]


class SyncFromTheShell(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.sb = Sandbox("--records", "300")
        cls.counts = cls.sb.control("GET", "/_sandbox/health")["records"]

    @classmethod
    def tearDownClass(cls):
        cls.sb.stop()

    def env(self, home, **extra):
        return patina_env(self.sb, home, PATINA_MIRROR="1", **extra)

    def test_first_sync_costs_a_page_per_200_then_one_request_each(self):
        with TempHome() as home:
            self.sb.clear_log()
            r = run_patina(["sync"], self.env(home))
            self.assertEqual(r.returncode, 0, r.stderr)
            log = self.sb.log()
            for e in ENTITIES:
                n = len(searches(log, e))
                # the pages, and one for the changes since (and the count)
                self.assertEqual(n, math.ceil(self.counts[e] / 200) + 1, e)
                self.assertIn("%s " % e.capitalize(), r.stdout)
            # the reference has no modified filter for people and companies
            for e in searches(log, "people") + searches(log, "companies"):
                self.assertNotIn("minimum_modified_date", e["body"])
            path = mirror_path(home)
            self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o600)
            self.assertEqual(stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode), 0o700)
            held = mirror_records(home)
            self.assertEqual(len(held), sum(self.counts.values()))
            # nothing changed: one request per entity
            self.sb.clear_log()
            r = run_patina(["sync"], self.env(home))
            self.assertEqual(r.returncode, 0, r.stderr)
            log = searches(self.sb.log())
            self.assertEqual(len(log), 6, [e["path"] for e in log])
            for e in log:
                self.assertEqual((e["body"]["sort_by"], e["body"]["sort_direction"]),
                                 ("date_modified", "desc"))

    def test_an_interrupted_first_sync_goes_on_where_it_stopped(self):
        with TempHome() as home:
            self.sb.clear_log()
            self.sb.configure(latency=150)
            try:
                env = self.env(home)
                import subprocess
                p = subprocess.Popen([PATINA, "sync"], env=env, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
                deadline = time.time() + 30
                while len(self.sb.log()) < 5 and time.time() < deadline:
                    time.sleep(0.05)
                p.send_signal(signal.SIGINT)
                out, err = p.communicate(timeout=30)
                self.assertEqual(p.returncode, 5, err)
                self.assertIn(b"goes on from here", err)
            finally:
                self.sb.configure(latency=0)
            first = len(self.sb.log())
            r = run_patina(["sync"], self.env(home))
            self.assertEqual(r.returncode, 0, r.stderr)
            log = self.sb.log()
            # no page of the first sync was asked for twice (a page in flight
            # when it stopped may be: it was never written)
            pages = [(e["path"], e["body"]["page_number"], e["body"].get("minimum_created_date"))
                     for e in log if (e["body"] or {}).get("sort_by") == "date_created"]
            self.assertLessEqual(len(pages) - len(set(pages)), 4, pages)
            total = sum(math.ceil(self.counts[e] / 200) for e in ENTITIES)
            self.assertLessEqual(len(set(pages)), total)
            self.assertGreater(first, 0)
            self.assertEqual(len(mirror_records(home)), sum(self.counts.values()))


    def test_a_progress_bar_on_a_terminal(self):
        require_pyte()
        with TempHome() as home:
            self.sb.configure(latency=100)
            try:
                t = Terminal([PATINA, "sync"], self.env(home), 100, 12)
                self.addCleanup(t.close)
                self.assertEqual(t.wait_exit(60), 0)
            finally:
                self.sb.configure(latency=0)
            raw = bytes(t.raw)
            # a bar with the entity, a percentage and the requests so far,
            # redrawn in place, then wiped for the summary
            self.assertRegex(raw, rb"\rPeople +\[[ \xe2\x96\x88]+\] +\d+% [\d,]+/[\d,?]+, \d+ requests")
            self.assertIn("all", t.text())
            self.assertNotIn("%", t.text())


class Cap(unittest.TestCase):
    def test_windows_of_creation_dates_reach_past_the_search_cap(self):
        sb = Sandbox("--records", "500", "--search-cap", "230")
        try:
            counts = sb.control("GET", "/_sandbox/health")["records"]
            with TempHome() as home:
                r = run_patina(["sync"], patina_env(sb, home, PATINA_MIRROR="1"))
                self.assertEqual(r.returncode, 0, r.stderr)
                held = mirror_records(home)
                for e in ENTITIES:
                    self.assertEqual(len([k for k in held if k[0] == e]), counts[e], e)
                windows = [x for x in sb.log() if "minimum_created_date" in (x["body"] or {})]
                self.assertTrue(windows, "past the cap, windows of creation dates")
        finally:
            sb.stop()


class MirrorEqualsServer(unittest.TestCase):
    """After random creates, updates and deletes on the server and one
    incremental sync, the mirror holds exactly the server's records."""

    def test_random_changes_then_a_sync(self):
        sb = Sandbox("--records", "300")
        try:
            with TempHome() as home:
                env = patina_env(sb, home, PATINA_MIRROR="1")
                self.assertEqual(run_patina(["sync"], env).returncode, 0)
                rng = random.Random(14)
                # the watermark's margin: changes after the last sync's start
                time.sleep(1.1)
                for e in ENTITIES:
                    ids = sorted(k[1] for k in server_records(sb, e))
                    for rid in rng.sample(ids, 7):
                        sb.control("POST", "/_sandbox/mutate/%s/%d" % (e, rid),
                                   {"details": "changed %d" % rng.randrange(10 ** 6)})
                    for rid in rng.sample(ids, 3):
                        sb.api("DELETE", "/%s/%d" % (e, rid))
                    body = {"name": "Mirror test %s %d" % (e, rng.randrange(10 ** 6))}
                    if e == "people":
                        body["emails"] = [{"email": "mirror%d@example.com" % rng.randrange(10 ** 6),
                                           "category": "work"}]
                    try:
                        sb.api("POST", "/%s" % e, body)
                    except Exception:
                        pass  # an entity that needs more to be created
                sb.clear_log()
                r = run_patina(["sync"], env)
                self.assertEqual(r.returncode, 0, r.stderr)
                held = mirror_records(home)
                server = {}
                for e in ENTITIES:
                    server.update(server_records(sb, e))
                self.assertEqual(sorted(held), sorted(server))
                for key, rec in server.items():
                    self.assertEqual(held[key], rec, key)
                # the deletions were found by halving creation dates, not by
                # reading everything again
                per_entity = len(sb.log()) / 6
                self.assertLess(per_entity, 12, [e["body"] for e in sb.log()])
        finally:
            sb.stop()


class FindFromTheMirror(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.sb = Sandbox("--records", "300")
        cls.home_ctx = TempHome()
        cls.home = cls.home_ctx.__enter__()
        cls.env = patina_env(cls.sb, cls.home, PATINA_MIRROR="1")
        r = run_patina(["sync"], cls.env)
        assert r.returncode == 0, r.stderr
        # the look-ups the table names ids with, on disk
        run_patina(["find", "tasks", "--online", "--limit", "1"], cls.env)
        run_patina(["find", "people", "--online", "--limit", "1"], cls.env)
        run_patina(["find", "companies", "--online", "--limit", "1"], cls.env)

    @classmethod
    def tearDownClass(cls):
        cls.home_ctx.__exit__(None, None, None)
        cls.sb.stop()

    def test_a_fresh_mirror_answers_without_a_request(self):
        person = list(server_records(self.sb, "people").values())[5]
        self.sb.clear_log()
        r = run_patina(["find", "people", person["last_name"], "--format", "tsv"], self.env)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(person["name"], r.stdout)
        self.assertEqual(self.sb.log(), [])
        self.assertEqual(r.stderr, "")
        # tasks by name: the server cannot, the mirror can
        task = list(server_records(self.sb, "tasks").values())[3]
        self.sb.clear_log()
        r = run_patina(["find", "tasks", task["name"].split()[0], "--format", "tsv"], self.env)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(task["name"], r.stdout)
        self.assertEqual(self.sb.log(), [])
        # --online asks the server
        r = run_patina(["find", "people", person["last_name"], "--online", "--format", "tsv"],
                       self.env)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual([e["path"] for e in self.sb.log()], [API + "/people/search"])

    def test_an_old_mirror_says_how_old(self):
        db = sqlite3.connect(mirror_path(self.home))
        db.execute("UPDATE sync SET synced_at = synced_at - 7200")
        db.commit()
        db.close()
        try:
            self.sb.clear_log()
            r = run_patina(["find", "companies", "--limit", "2"], self.env)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("from the mirror as last synced", r.stderr)
            self.assertIn("minutes ago", r.stderr)
            self.assertEqual(self.sb.log(), [])
        finally:
            run_patina(["sync"], self.env)

    def test_what_the_mirror_cannot_judge_goes_to_the_server(self):
        self.sb.clear_log()
        r = run_patina(["find", "people", "followed:yes", "--limit", "2"], self.env)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("the mirror cannot search by followed", r.stderr)
        self.assertEqual(len(self.sb.log()), 1)


class Finder(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        require_pyte()
        cls.sb = Sandbox("--records", "300")

    @classmethod
    def tearDownClass(cls):
        cls.sb.stop()

    def start(self, home, *args, **extra):
        t = Terminal([PATINA, *args], patina_env(self.sb, home, PATINA_MIRROR="1", **extra),
                     120, 32)
        self.addCleanup(t.close)
        return t

    def synced(self, home):
        r = run_patina(["sync"], patina_env(self.sb, home, PATINA_MIRROR="1"))
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_finds_by_name_email_and_phone_and_opens_in_its_tab(self):
        lead = list(server_records(self.sb, "leads").values())[7]
        with TempHome() as home:
            self.synced(home)
            self.sb.clear_log()
            t = self.start(home)
            t.wait_for(lambda s: "of 3" in s.splitlines()[0], what="the list")
            wait_start_sync(t, self.sb)
            self.sb.clear_log()
            t.send("'")
            t.wait_for("Find:")
            t.send("l:" + lead["name"].split()[0].lower())
            t.wait_for(lambda s: lead["name"] in s and "Lead" in s and "result" in s,
                       what="the lead")
            # nothing asked of the server: the mirror is complete
            self.assertEqual(self.sb.log(), [])
            # its email, typed after an @
            t.send("\x15@" + lead["email"]["email"].split("@")[0])
            t.wait_for(lambda s: "email:" in s and lead["name"] in s, what="by email")
            # its phone, a fragment with punctuation
            phone = lead["phone_numbers"][0]["number"]
            digits = "".join(c for c in phone if c.isdigit())
            t.send("\x15" + digits[-6:-2])
            t.wait_for(lambda s: "phone:" in s and lead["name"] in s, what="by phone")
            # the whole number: one result, focused
            t.send("\x15" + digits)
            t.wait_for(lambda s: "1 result" in s and lead["name"] in s, what="the one lead")
            self.sb.clear_log()
            t.send("\r")
            t.wait_for(lambda s: "Lead #%d" % lead["id"] in s and "Leads" in s.splitlines()[0],
                       what="the lead in its tab")
            self.assertNotIn("Find:", t.text())
            # the pane reads it from the server, once (the tab's list loads too)
            t.wait_for(lambda s: [e["path"] for e in self.sb.log()].count(
                "%s/leads/%d" % (API, lead["id"])) == 1, what="one fetch")
            time.sleep(0.5)
            self.assertEqual([e["path"] for e in self.sb.log()].count(
                "%s/leads/%d" % (API, lead["id"])), 1)

    def test_type_filters_and_a_query_too_wide_stay_fast(self):
        with TempHome() as home:
            self.synced(home)
            self.sb.clear_log()
            t = self.start(home)
            t.wait_for(lambda s: "of 3" in s.splitlines()[0], what="the list")
            t.send("\x10")  # C-p opens it too
            t.wait_for("Find:")
            t.send("t:")
            t.wait_for(lambda s: "Task" in s and "Person " not in s and "Company " not in s,
                       what="tasks only")
            t.send("\x1b")
            t.wait_for(lambda s: "Find:" not in s, what="closed")

    def test_while_the_mirror_syncs_it_asks_the_server_once_per_entity(self):
        with TempHome() as home:
            self.sb.configure(latency=400)
            try:
                t = self.start(home)
                t.wait_for(lambda s: "of 3" in s.splitlines()[0], timeout=30, what="the list")
                self.sb.clear_log()
                t.send("'")
                t.wait_for("Find:")
                t.send("amanda")
                t.wait_for(lambda s: "Still syncing" in s and "asked Copper too" in s,
                           timeout=30, what="asked the server")
                t.wait_for(lambda s: "Amanda" in s, timeout=30, what="the server's answers")
                time.sleep(1)
                named = [e for e in self.sb.log() if (e["body"] or {}).get("name") == "amanda"]
                per = {}
                for e in named:
                    per[e["path"]] = per.get(e["path"], 0) + 1
                # debounced: one search per entity the mirror does not hold
                # whole; tasks have no name filter
                self.assertTrue(per)
                self.assertTrue(all(n == 1 for n in per.values()), per)
                self.assertNotIn(API + "/tasks/search", per)
            finally:
                self.sb.configure(latency=0)


class ListSearches(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        require_pyte()
        cls.sb = Sandbox("--records", "300")

    @classmethod
    def tearDownClass(cls):
        cls.sb.stop()

    def test_email_phone_and_task_names(self):
        person = list(server_records(self.sb, "people").values())[9]
        email = person["emails"][0]["email"]
        with TempHome() as home:
            env = patina_env(self.sb, home, PATINA_MIRROR="1")
            self.assertEqual(run_patina(["sync"], env).returncode, 0)
            self.sb.clear_log()
            t = Terminal([PATINA], env, 120, 32)
            self.addCleanup(t.close)
            t.wait_for(lambda s: "of 3" in s.splitlines()[0], what="the list")
            wait_start_sync(t, self.sb)
            self.sb.clear_log()
            t.send("/" + email + "\r")
            t.wait_for(lambda s: "1–1 of 1" in s and person["name"][:15] in s, what="by email")
            log = [e for e in self.sb.log() if e["path"] != API + "/people/%d" % person["id"]]
            self.assertEqual([(e["method"], e["path"], e["body"]) for e in log],
                             [("POST", API + "/people/fetch_by_email", {"email": email})])
            phone = person["phone_numbers"][0]["number"]
            self.sb.clear_log()
            t.send("c/" + phone[-8:] + "\r")
            t.wait_for(lambda s: person["name"][:15] in s, what="by phone")
            bodies = [e["body"] for e in searches(self.sb.log(), "people")]
            self.assertIn(phone[-8:], [b.get("phone_number") for b in bodies])
            self.assertFalse([b for b in bodies if "name" in b])
            # tasks: no name filter on the server; the mirror answers
            task = list(server_records(self.sb, "tasks").values())[4]
            t.send("6")
            t.wait_for(lambda s: "Tasks" in s.splitlines()[0] and "of" in s.splitlines()[0])
            self.sb.clear_log()
            word = task["name"].split()[-1]
            t.send("/" + word + "\r")
            t.wait_for(lambda s: task["name"][:15] in s, what="the task by name")
            time.sleep(0.5)
            self.assertFalse([e for e in searches(self.sb.log(), "tasks") if "name" in e["body"]])


class Learning(unittest.TestCase):
    """What patina reads anyway reaches the mirror at no request of its own;
    a record the server says is gone leaves it."""

    def test_a_record_read_again_is_kept_and_a_404_forgets(self):
        require_pyte()
        sb = Sandbox("--records", "300")
        try:
            with TempHome() as home:
                env = patina_env(sb, home, PATINA_MIRROR="1")
                self.assertEqual(run_patina(["sync"], env).returncode, 0)
                first, _ = sb.api("POST", "/people/search", {"page_size": 3})
                sb.clear_log()
                t = Terminal([PATINA], env, 120, 32)
                self.addCleanup(t.close)
                t.wait_for(first[0]["name"][:15], what="the list")
                wait_start_sync(t, sb)
                changed = sb.control("POST", "/_sandbox/mutate/people/%d" % first[1]["id"],
                                     {"title": "Read by the pane"})
                sb.api("DELETE", "/people/%d" % first[2]["id"])
                sb.clear_log()
                t.send("j\tR")  # the second row's record, read again
                t.wait_for("Read by the pane", what="the colleague's change")
                t.send("\tj\tR")  # the third, deleted meanwhile
                t.wait_for("404", what="the 404")
                t.send("q")
                self.assertEqual(t.wait_exit(), 0)
                self.assertEqual([e["path"] for e in sb.log()],
                                 ["%s/people/%d" % (API, first[1]["id"]),
                                  "%s/people/%d" % (API, first[2]["id"])])
                held = mirror_records(home)
                self.assertEqual(held[("people", first[1]["id"])], changed)
                self.assertNotIn(("people", first[2]["id"]), held)
        finally:
            sb.stop()


class Offline(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        require_pyte()

    def test_offline_browses_the_mirror_and_refuses_edits_keeping_the_draft(self):
        sb = Sandbox("--records", "300")
        try:
            with TempHome() as home:
                env = patina_env(sb, home, PATINA_MIRROR="1")
                self.assertEqual(run_patina(["sync"], env).returncode, 0)
                # an online run caches the look-ups and the layout
                t = Terminal([PATINA], env, 120, 32)
                t.wait_for(lambda s: "of 3" in s.splitlines()[0], what="the list")
                t.send("e")
                t.wait_for("Edit Person")
                t.send("\x1b")
                t.send("q")
                t.wait_exit()
                t.close()
                sb.clear_log()
                t = Terminal([PATINA, "--offline"], env, 120, 32)
                self.addCleanup(t.close)
                t.wait_for(lambda s: "OFFLINE" in s.splitlines()[0] and "mirror synced" in s,
                           what="the banner")
                t.wait_for(lambda s: "of 3" in s.splitlines()[0], what="the list")
                t.send("e")
                t.wait_for(lambda s: "Edit Person" in s and "Title" in s, what="the form")
                t.send("jj\r")  # the title
                t.wait_for("Title:")
                t.send("\x15Offline title\r")
                t.wait_for(lambda s: "1 change" in s, what="the change")
                t.send("w")
                t.wait_for("will send exactly this", what="the preview")
                t.send("w")
                t.wait_for(lambda s: "offline" in s.lower() and "not sent" in s.lower(),
                           what="the refusal")
                self.assertEqual(sb.log(), [], "nothing is ever sent offline")
                drafts = glob.glob(os.path.join(home, "state", "patina", "drafts", "*"))
                self.assertTrue(drafts, "what was typed is kept")
                t.send("\x1bq")
        finally:
            sb.stop()

    def test_unreachable_server_falls_back_to_the_mirror_with_a_banner(self):
        sb = Sandbox("--records", "300")
        with TempHome() as home:
            env = patina_env(sb, home, PATINA_MIRROR="1")
            self.assertEqual(run_patina(["sync"], env).returncode, 0)
            t = Terminal([PATINA], env, 120, 32)
            self.addCleanup(t.close)
            t.wait_for(lambda s: "of 3" in s.splitlines()[0], what="the list")
            sb.stop()
            t.send("4")  # a tab not loaded yet: its search cannot connect
            t.wait_for(lambda s: "OFFLINE" in s.splitlines()[0], timeout=30, what="offline")
            t.wait_for(lambda s: "Opportunities" in s.splitlines()[0] and "of 3" in
                       s.splitlines()[0], timeout=30, what="the deals from the mirror")
            t.send("q")
            self.assertEqual(t.wait_exit(), 0)

    def test_offline_without_a_mirror_says_what_to_do(self):
        with TempHome() as home:
            r = run_patina(["--offline"], patina_env(None, home, PATINA_MIRROR="1"))
            self.assertEqual(r.returncode, 2, r.stderr)
            self.assertIn("patina sync", r.stderr)
            # and the commands
            r = run_patina(["--offline", "find", "people", "x"], patina_env(None, home,
                                                                          PATINA_MIRROR="1"))
            self.assertEqual(r.returncode, 4, r.stderr)
            self.assertIn("no mirror here yet", r.stderr)


if __name__ == "__main__":
    unittest.main()
