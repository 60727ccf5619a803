"""Browsing, end to end: the real patina in a pseudo-terminal against the
sandbox, with the sandbox's request log as the proof of what was sent."""

import json
import os
import re
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import PATINA, Sandbox, TempHome, Terminal, patina_env, require_pyte, run_patina  # noqa: E402

ENTITIES = ["people", "companies", "leads", "opportunities", "projects", "tasks"]
TITLES = ["People", "Companies", "Leads", "Opportunities", "Projects", "Tasks"]
SEARCH = "/developer_api/v1/%s/search"


def searches(log, entity):
    return [e for e in log if e["method"] == "POST" and e["path"] == SEARCH % entity]


def user_names(sb):
    users, _ = sb.api("POST", "/users/search", {"page_size": 200})
    return {u["id"]: u["name"] for u in users}


class Browse(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        require_pyte()
        cls.sb = Sandbox()
        cls.users = user_names(cls.sb)

    @classmethod
    def tearDownClass(cls):
        cls.sb.stop()

    def start(self, home, cols=160, rows=50, **env):
        t = Terminal([PATINA], patina_env(self.sb, home, **env), cols, rows)
        self.addCleanup(t.close)
        return t

    def first_page(self, entity, **body):
        body.setdefault("page_size", 200)
        rows, headers = self.sb.api("POST", "/%s/search" % entity, body)
        return rows, int(headers["X-PW-TOTAL"])

    def test_every_entity_lists_with_names_resolved(self):
        with TempHome() as home:
            t = self.start(home)
            for key, (entity, title) in enumerate(zip(ENTITIES, TITLES), start=1):
                rows, total = self.first_page(entity)
                t.send(str(key))
                t.wait_for(lambda s, title=title: title in s.splitlines()[0], what=title)
                t.wait_for("of {:,}".format(total), what="%s total" % entity)
                t.wait_for(rows[0]["name"][:20], what="first %s" % entity)
                # the owner column shows a user's name, never a raw id
                owned = next(r for r in rows[:10] if r.get("assignee_id") in self.users)
                # (names of related records come with a request of their own:
                # a column wide enough shows "Opportunity #5001057" until then)
                def row(s, name=owned["name"][:15]):
                    return next((ln for ln in s.splitlines() if ln.startswith(name)), "")
                t.wait_for(lambda s: row(s) and not re.search(r"#\d{5,}", row(s)),
                           what="%s: names, not ids" % entity)
                self.assertIn(self.users[owned["assignee_id"]][:6], row(t.text()), entity)

    def test_detail_follows_the_field_layout(self):
        with TempHome() as home:
            t = self.start(home, 160, 60)
            for key, entity in enumerate(ENTITIES, start=1):
                rows, _ = self.first_page(entity)
                rec = rows[0]
                path = "/field_layouts/by_entity/" + entity
                if entity == "opportunities":
                    path += "?pipeline_id=%d" % rec["pipeline_id"]
                layout, _ = self.sb.api("GET", path)
                # Visibility is the web app's own setting: the API has no value for it
                labels = [f["field_label"] for f in layout if f.get("enabled", True)
                          and f["field_key"] != "visibility"]
                t.send(str(key))
                t.wait_for(rec["name"][:20])
                # the detail pane, maximized, with empty fields shown
                t.send("\tz.")
                t.wait_for("Showing empty fields")
                short = [lb[:22] for lb in labels]

                def shown(screen):
                    seen = []
                    for line in screen.splitlines()[2:]:
                        label = line[:22].strip()
                        if label in short and not line.startswith(" "):
                            seen.append(label)
                    return seen
                # the pane may draw a default order first, until the layout arrives
                t.wait_for(lambda s: len(shown(s)) >= min(8, len(labels)) and
                           shown(s) == short[:len(shown(s))], what="%s fields in layout order" % entity)
                t.send(".z\t")
                t.wait_for("Hiding empty fields")

    def test_search_as_you_type_is_debounced_on_the_server(self):
        with TempHome() as home:
            t = self.start(home)
            rows, _ = self.first_page("people")
            t.wait_for(rows[0]["name"][:20])
            expected, total = self.first_page("people", name="Ald")
            self.sb.clear_log()
            t.send("/Ald")
            t.wait_for("Search: Ald")
            t.wait_for('search "Ald"')
            t.wait_for("of {:,}".format(total))
            log = searches(self.sb.log(), "people")
            names = [e["body"].get("name") for e in log]
            # three keys typed at once: one search, not three
            self.assertEqual(names, ["Ald"])
            t.send("\r")
            t.wait_for(expected[0]["name"][:20])

    def test_filter_owner_me_and_sort_both_ways(self):
        with TempHome() as home:
            t = self.start(home)
            t.send("4")
            t.wait_for("Opportunities")
            t.wait_for("Demo User")  # the API user's name in the title
            mine, total = self.first_page("opportunities", assignee_ids=[159258], status_ids=[0])
            desc, _ = self.first_page("opportunities", assignee_ids=[159258], status_ids=[0],
                                      sort_by="name", sort_direction="desc")
            self.sb.clear_log()
            t.send("fowner:me status:open\r")
            t.wait_for("filter owner:me status:open")
            t.wait_for("of {:,}".format(total))
            body = searches(self.sb.log(), "opportunities")[-1]["body"]
            self.assertEqual(body["assignee_ids"], [159258])
            self.assertEqual(body["status_ids"], [0])
            self.sb.clear_log()
            t.send("s")
            t.wait_for("sort Name \u2191")
            t.send("S")
            t.wait_for("sort Name \u2193")
            t.wait_for(desc[0]["name"][:20])
            bodies = [e["body"] for e in searches(self.sb.log(), "opportunities")]
            self.assertEqual([(b["sort_by"], b["sort_direction"]) for b in bodies],
                             [("name", "asc"), ("name", "desc")])
            # a bad filter is refused with a message, and nothing is sent
            self.sb.clear_log()
            t.send("c")
            t.wait_for(lambda s: "filter" not in s.splitlines()[0], what="filter cleared")
            self.sb.clear_log()
            t.send("fstage:Nonexistent\r")
            t.wait_for("no stage named")
            self.assertEqual(searches(self.sb.log(), "opportunities"), [])

    def test_follow_related_records_and_back(self):
        rows, _ = self.first_page("opportunities")
        opp = next(r for r in rows if r.get("company_id"))
        company, _ = self.sb.api("GET", "/companies/%d" % opp["company_id"])
        with TempHome() as home:
            t = self.start(home)
            t.send("4")
            t.wait_for(rows[0]["name"][:20])
            t.send("#%d\r" % (rows.index(opp) + 1))
            t.wait_for("Opportunity #%d" % opp["id"])
            t.send("\tr")
            t.wait_for("Company")
            # the primary contact comes first, then the company
            t.send("j\r")
            t.wait_for("Company #%d" % company["id"])
            t.wait_for(company["name"][:20])
            t.send("h")
            t.wait_for("Opportunity #%d" % opp["id"])

    def test_activity_timeline_newest_first(self):
        rows, _ = self.first_page("opportunities")
        with TempHome() as home:
            t = self.start(home)
            for rec in rows[:20]:
                acts, _ = self.sb.api("POST", "/activities/search",
                                      {"parent": {"id": rec["id"], "type": "opportunity"}})
                if len(acts) >= 2:
                    break
            self.assertGreaterEqual(len(acts), 2)
            t.send("4")
            t.wait_for(rows[0]["name"][:20])
            t.send("#%d\r\ta" % (rows.index(rec) + 1))
            t.wait_for(lambda s: " by " in s, what="the timeline")
            dates = [a["activity_date"] for a in acts]
            self.assertEqual(dates, sorted(dates, reverse=True))

    def test_rebound_key_theme_and_keymap_errors(self):
        with TempHome() as home:
            cfg = os.path.join(home, "config", "patina")
            os.makedirs(cfg)
            with open(os.path.join(cfg, "keys"), "w") as f:
                f.write("bind list x move-down\nbind list j none\n")
            with open(os.path.join(cfg, "config"), "w") as f:
                f.write("set theme = %s/themes/light.theme\n" % os.environ.get(
                    "TOP_SRCDIR", os.path.dirname(os.path.dirname(os.path.dirname(
                        os.path.abspath(__file__))))))
            rows, _ = self.first_page("people")
            t = self.start(home, NO_COLOR="")
            t.wait_for(rows[1]["name"][:20])
            # light theme: the title bar's background is colour 25 (#005faf)
            self.assertEqual(t.screen.buffer[0][2].bg, "005faf")
            t.send("\t")
            t.wait_for(lambda s: "Person #%d" % rows[0]["id"] in s, what="first person in detail")
            t.send("\t")
            t.send("x")
            t.wait_for("Person #%d" % rows[1]["id"])
            t.send("j")  # unbound: nothing moves
            t.pump(0.5)
            self.assertIn("Person #%d" % rows[1]["id"], t.text())
            t.send("?")
            t.wait_for("x, Down")

            with open(os.path.join(cfg, "keys"), "w") as f:
                f.write("bind list x move-down\nbind lsit j move-up\n")
            r = run_patina([], patina_env(self.sb, home))
            self.assertEqual(r.returncode, 2)
            self.assertIn("keys:2: bind: unknown context 'lsit'", r.stderr)


class DeepList(unittest.TestCase):
    """A 120,000-row list: jumps fetch only the page they land on."""

    @classmethod
    def setUpClass(cls):
        require_pyte()
        cls.sb = Sandbox("--records", "120000")

    @classmethod
    def tearDownClass(cls):
        cls.sb.stop()

    def test_jump_to_end_and_to_a_row(self):
        with TempHome() as home:
            t = Terminal([PATINA], patina_env(self.sb, home), 140, 40)
            self.addCleanup(t.close)
            _, headers = self.sb.api("POST", "/people/search", {"page_size": 1})
            total = int(headers["X-PW-TOTAL"])
            self.assertGreater(total, 100000)
            t.wait_for("of {:,}".format(total), timeout=60)
            t.wait_for("only the first 100,000")
            self.sb.clear_log()
            t.send("G")
            t.wait_for("\u2013100,000 of {:,}".format(total))
            last, _ = self.sb.api("POST", "/people/search", {"page_size": 200, "page_number": 500})
            t.wait_for(last[-1]["name"][:20])
            t.send("#50,001\r")
            page, _ = self.sb.api("POST", "/people/search", {"page_size": 200, "page_number": 251})
            t.wait_for(page[0]["name"][:20])
            log = self.sb.log()
            pages = sorted({e["body"]["page_number"] for e in searches(log, "people")})
            # the landing pages and their neighbours for prefetch; nothing in between
            self.assertTrue({500, 251} <= set(pages), pages)
            self.assertLessEqual(len(pages), 6, pages)


if __name__ == "__main__":
    unittest.main(verbosity=2)
