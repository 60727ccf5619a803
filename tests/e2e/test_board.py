"""The pipeline board, end to end: columns, counts and sums against the
sandbox's data, and one-key actions proven by the request log."""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import PATINA, Sandbox, TempHome, Terminal, patina_env, require_pyte  # noqa: E402

API = "/developer_api/v1"


def money(x):
    s = "{:,.2f}".format(x)
    return s[:-3] if s.endswith(".00") else s


class BoardCase:
    sandbox_args = ()

    @classmethod
    def setUpClass(cls):
        require_pyte()
        cls.sb = Sandbox(*cls.sandbox_args)
        cls.pipelines, _ = cls.sb.api("GET", "/pipelines")

    @classmethod
    def tearDownClass(cls):
        cls.sb.stop()

    def stage_deals(self, pipeline, stage, statuses=(0,)):
        """A column of the board: the stage's open deals, by close date."""
        rows, h = self.sb.api("POST", "/opportunities/search", {
            "pipeline_ids": [pipeline], "pipeline_stage_ids": [stage],
            "status_ids": list(statuses), "page_size": 200, "sort_by": "close_date"})
        return rows, int(h["X-PW-TOTAL"])

    def start(self, home, cols=200, rows=50):
        t = Terminal([PATINA], patina_env(self.sb, home, NO_COLOR="1", TZ="UTC"), cols, rows)
        self.addCleanup(t.close)
        t.wait_for(" of ")
        t.send("b")
        t.wait_for("Board: ")
        return t

    def loaded(self, t):
        """Every visible column has its first page."""
        t.wait_for(lambda s: len(s.splitlines()) > 4 and "deal" in s.splitlines()[4]
                   and "loading" not in s.splitlines()[4], timeout=30, what="columns loaded")

    def puts(self):
        return [e for e in self.sb.log() if e["method"] == "PUT"]


class Board(BoardCase, unittest.TestCase):
    def test_every_pipeline_stage_order_counts_and_sums(self):
        with TempHome() as home:
            t = self.start(home, cols=230)
            for n, p in enumerate(self.pipelines):
                if n:
                    t.send("P")
                t.wait_for("Board: " + p["name"])
                names = [s["name"] for s in p["stages"]]
                header = None
                for _ in range(100):
                    t.pump(0.05)
                    header = t.line(3)
                    if "loading" not in t.line(4) and all(nm[:20] in header for nm in names[:8]):
                        break
                # stage order, left to right
                positions = [header.index(nm[:20]) for nm in names if nm[:20] in header]
                self.assertEqual(positions, sorted(positions), header)
                stats = t.line(4)
                for s in p["stages"]:
                    rows, total = self.stage_deals(p["id"], s["id"])
                    want = "%d open deal%s" % (total, "" if total == 1 else "s")
                    self.assertIn(want, stats, "%s/%s" % (p["name"], s["name"]))
                    units = {r.get("monetary_unit") for r in rows if isinstance(r.get("monetary_value"), (int, float))}
                    vals = sum(r["monetary_value"] for r in rows if isinstance(r.get("monetary_value"), (int, float)))
                    if len(units) == 1 and total <= 200 and total > 0:
                        self.assertIn(money(vals), stats, s["name"])
                    # never a sum across currencies, and no "mixed"
                    self.assertNotIn("mixed", stats)
                if len(names) * 26 > 230:
                    break  # columns scroll: checked what is visible

    def test_move_forward_and_back_one_put_each(self):
        p = self.pipelines[0]
        s1, s2 = p["stages"][0]["id"], p["stages"][1]["id"]
        deals, _ = self.stage_deals(p["id"], s1)
        deal = deals[0]
        with TempHome() as home:
            t = self.start(home)
            self.loaded(t)
            self.sb.clear_log()
            t.send(">")
            t.wait_for("Moved to " + p["stages"][1]["name"])
            t.send("<")
            t.wait_for("Moved to " + p["stages"][0]["name"])
        puts = self.puts()
        self.assertEqual([(e["path"], e["body"]) for e in puts],
                         [("%s/opportunities/%d" % (API, deal["id"]), {"pipeline_stage_id": s2}),
                          ("%s/opportunities/%d" % (API, deal["id"]), {"pipeline_stage_id": s1})])

    def test_mark_lost_with_a_reason_and_set_a_close_date(self):
        reasons, _ = self.sb.api("GET", "/loss_reasons")
        p = self.pipelines[0]
        deals, _ = self.stage_deals(p["id"], p["stages"][2]["id"])
        deal = next(d for d in deals if d["status"] == "Open")
        with TempHome() as home:
            t = self.start(home)
            self.loaded(t)
            t.send("ll")
            t.send("j" * deals.index(deal))
            self.sb.clear_log()
            t.send("L")
            t.wait_for("loss reason")
            t.send(reasons[0]["name"] + "\r")
            t.wait_for("Marked Lost")
            t.send("c")
            t.wait_for("Close date")
            t.send("2027-03-31\r")
            t.wait_for("Set Close date")
        puts = [e["body"] for e in self.puts()]
        self.assertEqual(puts, [{"status": "Lost", "loss_reason_id": reasons[0]["id"]},
                                {"close_date": "03/31/2027"}])

    def test_a_failed_update_puts_the_card_back(self):
        p = self.pipelines[0]
        deals, _ = self.stage_deals(p["id"], p["stages"][3]["id"])
        with TempHome() as home:
            t = self.start(home)
            self.loaded(t)
            t.send("lll")
            # an update is sent once: a 503 is a failure to report, not to repeat
            self.sb.control("POST", "/_sandbox/fail_next", {
                "count": 1, "status": 503, "method": "PUT", "path_prefix": "/opportunities"})
            t.send(">")
            # the reason is said, not only that it failed
            t.wait_for("1 deal failed and was put back (the record still has its old values; "
                       "the answer was lost: HTTP 503")
            still, _ = self.stage_deals(p["id"], p["stages"][3]["id"])
            self.assertIn(deals[0]["id"], [d["id"] for d in still])
            # on screen it is back in its column, not pending
            t.send("h" * 3 + "l" * 3)
            t.wait_for(deals[0]["name"][:20])

    def test_a_failed_typed_value_comes_back_for_another_try(self):
        p = self.pipelines[0]
        deals, _ = self.stage_deals(p["id"], p["stages"][1]["id"])
        with TempHome() as home:
            t = self.start(home)
            self.loaded(t)
            t.send("l")
            self.sb.control("POST", "/_sandbox/fail_next", {
                "count": 1, "status": 503, "method": "PUT", "path_prefix": "/opportunities"})
            t.send("c")
            t.wait_for("Close date")
            t.send("2027-09-09\r")
            t.wait_for("failed and was put back")
            t.wait_for("Close date (eom, eow, +1w, +1m, 2026-12-31): 2027-09-09")
            self.sb.clear_log()
            t.send("\r")   # the same value, again
            t.wait_for("Set Close date: 1 deal")
        bodies = [e["body"] for e in self.puts()]
        self.assertEqual(bodies, [{"close_date": "09/09/2027"}])

    def test_undo_sends_the_opposite_update(self):
        p = self.pipelines[0]
        deals, _ = self.stage_deals(p["id"], p["stages"][0]["id"])
        deal = deals[0]
        self.assertTrue(deal["close_date"])
        with TempHome() as home:
            t = self.start(home)
            self.loaded(t)
            self.sb.clear_log()
            t.send("c")
            t.send("+1w\r")
            t.wait_for("u undoes")
            t.send("u")
            t.wait_for("Undid")
        bodies = [e["body"] for e in self.puts()]
        self.assertEqual([list(b) for b in bodies], [["close_date"], ["close_date"]])

        def day(mdy):
            m, d, y = (int(x) for x in mdy.split("/"))
            return (y, m, d)
        self.assertNotEqual(day(bodies[0]["close_date"]), day(deal["close_date"]))
        self.assertEqual(day(bodies[1]["close_date"]), day(deal["close_date"]))
        now, _ = self.sb.api("GET", "/opportunities/%d" % deal["id"])
        self.assertEqual(day(now["close_date"]), day(deal["close_date"]))


class BoardUnderRateLimit(BoardCase, unittest.TestCase):
    """Copper's own limit, 180 requests a rolling minute: a bulk action
    paced by patina's budget must never meet a 429."""
    sandbox_args = ("--rate-limit", "180")

    def test_bulk_action_on_twenty_cards_within_budget(self):
        p = self.pipelines[0]
        col = max(range(len(p["stages"])), key=lambda i: self.stage_deals(p["id"], p["stages"][i]["id"])[1])
        if col == len(p["stages"]) - 1:
            col -= 1
        deals, _ = self.stage_deals(p["id"], p["stages"][col]["id"])
        self.assertGreaterEqual(len(deals), 20)
        with TempHome() as home:
            t = self.start(home)
            self.loaded(t)
            t.send("l" * col)
            t.send(" " * 20)
            t.wait_for("20 selected")
            self.sb.clear_log()
            t.send(">")
            t.wait_for("Moved to %s: 20 deals" % p["stages"][col + 1]["name"], timeout=60)
        log = self.sb.log()
        self.assertEqual([e for e in log if e["status"] == 429], [])
        puts = [e for e in log if e["method"] == "PUT"]
        self.assertEqual(len(puts), 20)
        self.assertTrue(all(e["body"] == {"pipeline_stage_id": p["stages"][col + 1]["id"]} for e in puts))
        moved = {e["path"].rsplit("/", 1)[1] for e in puts}
        self.assertEqual(moved, {str(d["id"]) for d in deals[:20]})



if __name__ == "__main__":
    unittest.main(verbosity=2)
