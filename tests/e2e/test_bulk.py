"""Several records at once, end to end: selecting (Space, V, *), setting a
field on all (B), tags (T, and the tags view), undo (u), and export (X),
proven on the screen and by the request log: records read 50 by one search
by ids, then one PUT each with the exact body, nothing sent twice after a
lost answer, failures summed up."""

import csv
import datetime
import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import PATINA, Sandbox, TempHome, Terminal, patina_env, require_pyte  # noqa: E402

API = "/developer_api/v1"


class BulkCase:
    @classmethod
    def setUpClass(cls):
        require_pyte()
        cls.sb = Sandbox()
        cls.me = cls.sb.api("GET", "/users/me")[0]["id"]
        cls.users, _ = cls.sb.api("POST", "/users/search", {"page_size": 200})

    @classmethod
    def tearDownClass(cls):
        cls.sb.stop()

    def start(self, home, tab="3", cols=150, rows=40, config=None):
        if config:
            cfg = os.path.join(home, "config", "patina")
            os.makedirs(cfg, mode=0o700)
            with open(os.path.join(cfg, "config"), "w") as f:
                f.write(config)
            os.chmod(os.path.join(cfg, "config"), 0o600)
        t = Terminal([PATINA], patina_env(self.sb, home, NO_COLOR="1", TZ="UTC"), cols, rows)
        self.addCleanup(t.close)
        t.wait_for(" of ", timeout=30)
        if tab != "1":
            t.send(tab)
            t.wait_for(lambda s: " of " in s.splitlines()[0] and "loading" not in s.splitlines()[0],
                       timeout=30, what="the tab's list")
        return t

    def first_page(self, entity, body=None):
        rows, h = self.sb.api("POST", "/%s/search" % entity, dict(body or {}, page_size=200))
        return rows, int(h["X-PW-TOTAL"])

    def lead(self, lid):
        return self.sb.api("GET", "/leads/%d" % lid)[0]

    def writes(self, mark):
        """The PUTs and the searches by ids sent since mark."""
        return [e for e in self.sb.log()[mark:]
                if e["method"] == "PUT" or (e["method"] == "POST" and "ids" in (e["body"] or {}))]

    def since(self, mark):
        return self.sb.log()[mark:]


class Select(BulkCase, unittest.TestCase):
    def test_a_range_then_set_the_owner_on_all_and_undo(self):
        rows, _ = self.first_page("leads")
        chosen = rows[:4]
        user = next(u for u in self.users if all(r.get("assignee_id") != u["id"] for r in chosen))
        before = {r["id"]: r.get("assignee_id") for r in chosen}
        with TempHome() as home:
            t = self.start(home)
            t.send("  jV")       # rows 1 and 2, then down, then the range from 2 to 4
            t.wait_for("\u2713 4 selected")
            mark = len(self.sb.log())
            t.send("B")
            t.wait_for("Set which field of 4 Leads?")
            t.send("Own\t\r")
            t.wait_for("Owner for 4 Leads")
            t.send(user["name"] + "\r")
            t.wait_for("Set Owner: 4 leads", timeout=30)
            w = self.writes(mark)
            self.assertEqual(w[0]["path"], API + "/leads/search")
            self.assertEqual(sorted(w[0]["body"]["ids"]), sorted(before))
            self.assertEqual([(e["method"], e["body"]) for e in w[1:]],
                             [("PUT", {"assignee_id": user["id"]})] * 4)
            self.assertEqual(sorted(int(e["path"].rsplit("/", 1)[1]) for e in w[1:]), sorted(before))
            # one request of each, and nothing else written
            self.assertEqual(len(w), 5)
            for lid in before:
                self.assertEqual(self.lead(lid)["assignee_id"], user["id"])
            # u: each lead's own owner back, in one read and a PUT each
            mark = len(self.sb.log())
            t.send("u")
            t.wait_for('Undid "Set Owner": 4 leads', timeout=30)
            w = self.writes(mark)
            self.assertEqual(len(w), 5)
            for e in w[1:]:
                lid = int(e["path"].rsplit("/", 1)[1])
                self.assertEqual(e["body"], {"assignee_id": before[lid]})
                self.assertEqual(self.lead(lid).get("assignee_id"), before[lid])

    def test_setting_a_list_field_adds_unless_told_otherwise(self):
        rows, _ = self.first_page("leads", {"tags": ["tag 1"]})
        chosen = rows[:2]
        self.assertTrue(all(r.get("tags") for r in chosen))
        with TempHome() as home:
            t = self.start(home)
            t.send("f")
            t.wait_for("Filter:")
            t.send('tag:"tag 1"\r')
            t.wait_for('filter tag:"tag 1"', timeout=30)
            t.wait_for(chosen[1]["name"][:15])
            t.send("  ")
            t.wait_for("\u2713 2 selected")
            mark = len(self.sb.log())
            t.send("BTags\r")
            t.wait_for("Tags for 2 Leads (Tab completes; words add, -= removes, = a, b is the whole list)")
            t.send("extra\r")
            t.wait_for("Set Tags: 2 leads", timeout=30)
            puts = [e for e in self.since(mark) if e["method"] == "PUT"]
            self.assertEqual(sorted((e["path"], tuple(e["body"]["tags"])) for e in puts),
                             sorted(("%s/leads/%d" % (API, r["id"]), tuple(r["tags"] + ["extra"]))
                                    for r in chosen))
            # "=" makes it the whole list
            mark = len(self.sb.log())
            t.send("BTags\r= only\r")
            t.wait_for("Set Tags: 2 leads", timeout=30)
            self.assertEqual([e["body"] for e in self.since(mark) if e["method"] == "PUT"],
                             [{"tags": ["only"]}] * 2)

    def test_every_match_asks_beyond_300_and_refused_sends_nothing(self):
        _, total = self.first_page("people")
        self.assertGreater(total, 300)
        pages = (total + 199) // 200 - 1
        with TempHome() as home:
            t = self.start(home, tab="1")
            mark = len(self.sb.log())
            t.send("*")
            t.wait_for("Select all %s People? Listing them takes %d requests (y/n)"
                       % ("{:,}".format(total), pages))
            t.send("n")
            t.wait_for(lambda s: "Select all" not in s.splitlines()[-1], what="the question gone")
            self.assertNotIn("selected", t.line(0))
            self.assertEqual([e for e in self.since(mark) if "/people/search" in e["path"]], [])

    def test_every_match_over_all_pages_then_tagged_and_untagged(self):
        # a filter matching a few hundred: more than a page, fewer than the question
        match = {"tags": ["vip", "sample"]}
        rows, total = self.first_page("people", match)
        self.assertTrue(200 < total <= 300, total)
        with TempHome() as home:
            # four hundred PUTs: the test spends patina's largest budget
            t = self.start(home, tab="1", config="set rate-limit = 600\nset burst = 100\n")
            t.send("f")
            t.wait_for("Filter:")
            t.send("tag:vip tag:sample\r")
            t.wait_for("of %s" % "{:,}".format(total), timeout=30)
            mark = len(self.sb.log())
            t.send("*")
            t.wait_for("\u2713 %d selected" % total, timeout=30)
            pages = [e for e in self.since(mark) if e["path"].endswith("/people/search")]
            self.assertEqual(len(pages), (total + 199) // 200 - 1)   # the first was loaded
            everyone = {}
            page = 1
            while len(everyone) < total:
                got, _ = self.sb.api("POST", "/people/search", dict(match, page_size=200,
                                                                     page_number=page))
                everyone.update({r["id"]: list(r.get("tags") or []) for r in got})
                page += 1
            mark = len(self.sb.log())
            t.send("T")
            t.wait_for("Tags of %d People (+= adds, -= removes, Tab completes)" % total)
            t.send("salesday-bulk\r")
            # that many records: what it costs is said first
            t.wait_for("Tags += salesday-bulk on %d people: up to %d requests, about 1 min at 600 "
                       "a minute (you can go on meanwhile; Esc stops it). Go? (y/n)"
                       % (total, total + (total + 49) // 50))
            self.assertEqual(self.writes(mark), [])
            t.send("y")
            t.wait_for("Tags += salesday-bulk: %d people" % total, timeout=120)
            w = self.writes(mark)
            reads = [e for e in w if e["method"] == "POST"]
            puts = [e for e in w if e["method"] == "PUT"]
            self.assertEqual(len(reads), (total + 49) // 50)
            self.assertTrue(all(len(e["body"]["ids"]) <= 50 for e in reads))
            self.assertEqual(len(puts), total)
            for e in puts:
                pid = int(e["path"].rsplit("/", 1)[1])
                self.assertEqual(e["body"], {"tags": everyone[pid] + ["salesday-bulk"]})
            self.assertEqual(len({e["path"] for e in puts}), total)  # each once
            self.assertEqual([e for e in self.since(mark) if e["status"] == 429], [])
            # the new tag is offered at once: the tags are read again, once
            mark = len(self.sb.log())
            t.send("T")
            t.wait_for("Tags of %d People" % total)
            for _ in range(100):
                if [e for e in self.since(mark) if e["path"].endswith("/tags")]:
                    break
                t.pump(0.1)
            t.pump(0.5)
            t.send("salesday-b\t")
            t.wait_for("+= salesday-bulk")
            self.assertEqual([e["path"] for e in self.since(mark) if e["path"].endswith("/tags")],
                             [API + "/tags"])
            t.send("\x15-= salesday-bulk\r")
            t.wait_for("Go? (y/n)")
            t.send("y")
            t.wait_for("Tags -= salesday-bulk: %d people" % total, timeout=120)
            puts = [e for e in self.writes(mark) if e["method"] == "PUT"]
            self.assertEqual(len(puts), total)
            for e in puts:
                self.assertEqual(e["body"], {"tags": everyone[int(e["path"].rsplit("/", 1)[1])]})
            # u: the tag back on every one of them, each record once
            mark = len(self.sb.log())
            t.send("u")
            t.wait_for('Undid "Tags -= salesday-bulk" on %d people: up to' % total)
            self.assertEqual(self.writes(mark), [])
            t.send("y")
            t.wait_for('Undid "Tags -= salesday-bulk": %d people' % total, timeout=120)
            puts = [e for e in self.writes(mark) if e["method"] == "PUT"]
            self.assertEqual(len(puts), total)
            self.assertEqual(len({e["path"] for e in puts}), total)
            for e in puts:
                pid = int(e["path"].rsplit("/", 1)[1])
                self.assertEqual(e["body"], {"tags": everyone[pid] + ["salesday-bulk"]})


class Stop(BulkCase, unittest.TestCase):
    def test_a_large_change_asked_first_and_stopped_midway(self):
        rows, total = self.first_page("leads", {"assignee_ids": [self.me]})
        self.assertGreater(total, 50)
        user = next(u for u in self.users if u["id"] != self.me)
        with TempHome() as home:
            # a slow budget: the change takes long enough to be stopped
            t = self.start(home, config="set rate-limit = 20\nset burst = 4\n")
            t.send("f")
            t.wait_for("Filter:")
            t.send("owner:me\r")
            t.wait_for("of %d" % total, timeout=30)
            t.send("*")
            t.wait_for("\u2713 %d selected" % total, timeout=30)
            mark = len(self.sb.log())
            t.send("BOwner\r")
            t.wait_for("Owner for %d Leads" % total)
            t.send(user["name"] + "\r")
            t.wait_for("Set Owner on %d leads: up to %d requests" % (total, total + (total + 49) // 50))
            t.send("y")
            t.wait_for(lambda s: "saving " in s.splitlines()[0], what="the change under way")
            t.send("\x1b")
            t.wait_for("Stop the change?")
            t.send("y")
            t.wait_for("Set Owner: stopped;", timeout=60)
            line = next(ln for ln in t.text().splitlines() if "Set Owner: stopped;" in ln)
            changed = int(line.split("stopped; ")[1].split(" of ")[0])
            self.assertLess(changed, total)
            # nothing more is sent once it says it stopped
            t.pump(3)
            puts = [e for e in self.since(mark) if e["method"] == "PUT"]
            self.assertEqual(len(puts), changed)
            self.assertEqual(len({e["path"] for e in puts}), changed)
            owned = [r for r in self.first_page("leads", {"assignee_ids": [user["id"]]})[0]
                     if r["id"] in {x["id"] for x in rows}]
            self.assertEqual(len(owned), changed)
            # what was not sent stays selected, for another try
            t.wait_for("\u2713 %d selected" % (total - changed))


class Tags(BulkCase, unittest.TestCase):
    def test_one_record_tags_built_on_what_it_has_when_read(self):
        rows, _ = self.first_page("leads")
        lead = rows[0]
        with TempHome() as home:
            t = self.start(home)
            mark = len(self.sb.log())
            # a typo removes nothing, and sends nothing
            t.send("T")
            t.wait_for("Tags (has:")
            t.send("\x15-= no-such-tag\r")
            t.wait_for("'no-such-tag' is not on the list")
            self.assertEqual(self.writes(mark), [])
            # a colleague tags it meanwhile: their tag is kept
            t.send("\x15")
            self.sb.control("POST", "/_sandbox/mutate/leads/%d" % lead["id"],
                            {"tags": list(lead.get("tags") or []) + ["colleague"]})
            t.send("+= hot\r")
            t.wait_for("Tags += hot: 1 lead", timeout=30)
            log = [e for e in self.since(mark) if e["path"].startswith(API + "/leads/")]
            self.assertEqual([(e["method"], e["path"]) for e in log],
                             [("GET", "%s/leads/%d" % (API, lead["id"])),
                              ("PUT", "%s/leads/%d" % (API, lead["id"]))])
            self.assertEqual(log[1]["body"], {"tags": list(lead.get("tags") or []) + ["colleague", "hot"]})
            # the detail pane tags its record too, and u there undoes it
            t.send("\t")
            t.wait_for("Lead #%d" % lead["id"])
            mark = len(self.sb.log())
            t.send("T")
            t.wait_for("Tags (has:")
            t.send("\x15+= warm -= hot\r")
            t.wait_for("Tags += warm -= hot: 1 lead", timeout=30)
            puts = [e for e in self.since(mark) if e["method"] == "PUT"]
            self.assertEqual([e["body"] for e in puts],
                             [{"tags": list(lead.get("tags") or []) + ["colleague", "warm"]}])
            t.send("u")
            t.wait_for('Undid "Tags += warm -= hot": 1 lead', timeout=30)
            self.assertEqual(self.lead(lead["id"])["tags"], list(lead.get("tags") or []) + ["colleague", "hot"])

    def test_tags_view_most_used_first_and_a_tags_records(self):
        by_use, _ = self.sb.api("GET", "/tags?sort_by=count")
        top = by_use[0]
        with TempHome() as home:
            t = self.start(home, tab="1")
            mark = len(self.sb.log())
            t.send("\x14")   # C-t
            t.wait_for("Tags, most used first")
            t.wait_for(top["name"])
            lines = [ln for ln in t.text().splitlines()[4:] if ln.strip()]
            self.assertTrue(lines[0].strip().startswith(top["name"]), lines[:3])
            self.assertIn("{:,}".format(top["count"]), lines[0])
            self.assertEqual([e["path"] for e in self.since(mark) if e["path"].endswith("/tags")],
                             [API + "/tags"])
            t.send("ll\r")   # the Leads column
            t.wait_for('filter tag:"%s"' % top["name"], timeout=30)
            t.wait_for(lambda s: "of " in s.splitlines()[0], what="the list's count")
            search = [e for e in self.since(mark) if e["path"].endswith("/leads/search")]
            _, leads = self.first_page("leads", {"tags": [top["name"]]})
            t.wait_for("of %s" % "{:,}".format(leads), timeout=30)
            self.assertEqual(len(search), 1, search)
            self.assertEqual(search[0]["body"]["tags"], [top["name"]])
            self.assertIn(" 3 Leads ", t.line(1))
            # ":tags" opens it too, with no new request
            mark = len(self.sb.log())
            t.send(":tags\r")
            t.wait_for("Tags, most used first")
            self.assertEqual([e for e in self.since(mark) if e["path"].endswith("/tags")], [])


class Faults(BulkCase, unittest.TestCase):
    def test_failures_summed_up_stay_selected_and_a_lost_answer_is_not_resent(self):
        rows, _ = self.first_page("leads")
        chosen = rows[10:13]
        user = next(u for u in self.users if all(r.get("assignee_id") != u["id"] for r in chosen))
        with TempHome() as home:
            t = self.start(home)
            t.send("j" * 10 + "   ")
            t.wait_for("\u2713 3 selected")
            # the first PUT is refused; the second is carried out but its answer lost
            self.sb.control("POST", "/_sandbox/fail_next", {
                "count": 1, "status": 422, "method": "PUT", "path_prefix": "/leads"})
            self.sb.control("POST", "/_sandbox/fail_next", {
                "count": 1, "method": "PUT", "path_prefix": "/leads", "after": True})
            mark = len(self.sb.log())
            t.send("BOwner\r")
            t.wait_for("Owner for 3 Leads")
            t.send(user["name"] + "\r")
            t.wait_for("Set Owner: 1 of 3 leads failed (HTTP 422", timeout=30)
            t.wait_for("what failed stays selected")
            t.wait_for("\u2713 1 selected")
            log = self.since(mark)
            puts = [e for e in log if e["method"] == "PUT"]
            self.assertEqual(len(puts), 3)
            self.assertEqual(len({e["path"] for e in puts}), 3)   # none sent twice
            lost = puts[1]["path"]
            # the lost one was read again, and is saved
            self.assertEqual([e["method"] for e in log if e["path"] == lost], ["PUT", "GET"])
            self.assertEqual(self.lead(int(lost.rsplit("/", 1)[1]))["assignee_id"], user["id"])
            refused = int(puts[0]["path"].rsplit("/", 1)[1])
            self.assertNotEqual(self.lead(refused).get("assignee_id"), user["id"])
            # a value refused before anything is sent comes back for a fix
            mark = len(self.sb.log())
            t.send("BOwner\rNobody At All\r")
            t.wait_for("Owner for 1 Lead")
            self.assertEqual(self.writes(mark), [])


class Export(BulkCase, unittest.TestCase):
    def test_every_page_to_csv_and_json_never_over_a_file(self):
        formula, _ = self.sb.api("POST", "/leads", {"name": "=HYPERLINK(\"http://x\",\"y\")"})
        rows, total = self.first_page("leads")
        self.assertGreater(total, 400)
        everyone = []
        for page in range(1, (total + 199) // 200 + 1):
            got, _ = self.sb.api("POST", "/leads/search", {"page_size": 200, "page_number": page})
            everyone += got
        with TempHome() as home:
            path = os.path.join(home, "leads.csv")
            t = self.start(home)
            mark = len(self.sb.log())
            t.send("X")
            day = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
            t.wait_for("Export %s Leads to (.csv or .json): leads-%s.csv" % ("{:,}".format(total), day))
            t.send("\x15" + path + "\r")
            t.wait_for("Exported %s Leads to %s" % ("{:,}".format(total), path), timeout=60)
            pages = [e for e in self.since(mark) if e["path"].endswith("/leads/search")]
            self.assertEqual(sorted(e["body"]["page_number"] for e in pages),
                             list(range(1, (total + 199) // 200 + 1)))
            self.assertTrue(all(e["body"]["page_size"] == 200 for e in pages))
            with open(path, newline="") as f:
                table = list(csv.reader(f))
            self.assertEqual(table[0][:3], ["Id", "Name", "Company"])
            self.assertEqual([int(r[0]) for r in table[1:]], [r["id"] for r in everyone])
            cell = next(r[1] for r in table[1:] if int(r[0]) == formula["id"])
            self.assertEqual(cell, "'" + formula["name"])       # it cannot run as a formula
            self.assertEqual(os.stat(path).st_mode & 0o777, 0o600)
            # the same name again: asked, and no is no
            before = open(path, "rb").read()
            mark = len(self.sb.log())
            t.send("X\x15" + path + "\r")
            t.wait_for("%s is there already: replace it? (y/n)" % path)
            t.send("n")
            t.wait_for("Export to (.csv or .json): " + path)
            t.send("\x1b")
            self.assertEqual(open(path, "rb").read(), before)
            self.assertEqual([e for e in self.since(mark) if e["path"].endswith("/leads/search")], [])
            # JSON: the records as Copper sent them
            jpath = os.path.join(home, "leads.json")
            t.send("X\x15" + jpath + "\r")
            t.wait_for("Exported %s Leads to %s" % ("{:,}".format(total), jpath), timeout=60)
            with open(jpath) as f:
                self.assertEqual(json.load(f), everyone)
            # a name that says neither is refused, nothing read
            mark = len(self.sb.log())
            t.send("X\x15" + os.path.join(home, "leads.txt") + "\r")
            t.wait_for("Name the file .csv or .json")
            self.assertEqual([e for e in self.since(mark) if e["path"].endswith("/leads/search")], [])
            # a page that cannot be read: nothing is left, under any name
            t.send("\x1b")
            self.sb.control("POST", "/_sandbox/fail_next", {
                "count": 1, "status": 422, "method": "POST", "path_prefix": "/leads/search"})
            fpath = os.path.join(home, "failed.json")
            t.send("X\x15" + fpath + "\r")
            t.wait_for("Not exported to %s" % fpath, timeout=30)
            left = None
            for _ in range(40):
                left = [n for n in os.listdir(home) if n.startswith("failed.json")]
                if not left:
                    break
                t.pump(0.05)
            self.assertEqual(left, [])


if __name__ == "__main__":
    unittest.main(verbosity=2)
