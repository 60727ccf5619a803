"""Tests for tests/sandbox/dataset.py (stdlib unittest).

Run from the repo root with either
    python3 -m unittest tests/sandbox/test_dataset.py
    python3 tests/sandbox/test_dataset.py
SANDBOX_BIG=1 also builds records=120000 and prints the time and peak memory.
COPPER_API_REF (default /work/shared/copper-api) is the Copper API reference; when
it is present the embedded examples are checked against it verbatim.
"""

import json
import os
import re
import sys
import time
import unicodedata
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

import dataset as D  # noqa: E402

REF_DIR = os.environ.get("COPPER_API_REF", "/work/shared/copper-api")
N_MEDIUM = 5000

_CACHE = {}


def get(seed=1, records=None, hostile=False):
    key = (seed, records, hostile)
    if key not in _CACHE:
        _CACHE[key] = D.build(seed=seed, records=records, hostile=hostile)
    return _CACHE[key]


# ---------------------------------------------------------------------------
# type predicates
# ---------------------------------------------------------------------------

def is_int(v):
    return type(v) is int


def is_num(v):
    return type(v) in (int, float)


def is_str(v):
    return type(v) is str


def is_bool(v):
    return type(v) is bool


def opt(f):
    return lambda v: v is None or f(v)


def list_of(f):
    return lambda v: type(v) is list and all(f(x) for x in v)


def obj(spec):
    return lambda v: type(v) is dict and set(v) == set(spec) and all(
        f(v[k]) for k, f in spec.items())


def one_of(*values):
    return lambda v: v in values


EMAIL_CATS = ("work", "personal", "other")
PHONE_CATS = ("mobile", "work", "home", "other")
SOCIAL_CATS = ("linkedin", "twitter", "googleplus", "facebook", "youtube", "quora",
               "foursquare", "klout", "gravatar", "other")
WEBSITE_CATS = ("work", "personal", "other")
PRIORITIES = ("None", "Low", "Medium", "High")
CLOSE_DATE_RE = re.compile(r"^\d{1,2}/\d{1,2}/\d{4}$")

ADDRESS = obj({k: opt(is_str) for k in ("street", "city", "state", "postal_code", "country")})
EMAIL = obj({"email": is_str, "category": one_of(*EMAIL_CATS)})
PHONE = obj({"number": is_str, "category": one_of(*PHONE_CATS)})
SOCIAL = obj({"url": is_str, "category": one_of(*SOCIAL_CATS)})
WEBSITE = obj({"url": is_str, "category": one_of(*WEBSITE_CATS)})
CF_ENTRY = obj({"custom_field_definition_id": is_int, "value": lambda v: True})
CONVERTED_FROM = obj({"lead_id": is_int, "converted_timestamp": is_int})
ts = is_int

TYPES = {
    "people": {
        "id": is_int, "name": is_str, "prefix": opt(is_str), "first_name": opt(is_str),
        "middle_name": opt(is_str), "last_name": opt(is_str), "suffix": opt(is_str),
        "address": opt(ADDRESS), "assignee_id": opt(is_int), "company_id": opt(is_int),
        "company_name": opt(is_str), "contact_type_id": opt(is_int), "details": opt(is_str),
        "emails": list_of(EMAIL), "phone_numbers": list_of(PHONE), "socials": list_of(SOCIAL),
        "tags": list_of(is_str), "title": opt(is_str), "websites": list_of(WEBSITE),
        "custom_fields": list_of(CF_ENTRY), "date_created": ts, "date_modified": ts,
        "date_last_contacted": opt(ts), "interaction_count": is_int,
        "leads_converted_from": list_of(CONVERTED_FROM), "date_lead_created": opt(ts)},
    "companies": {
        "id": is_int, "name": is_str, "address": opt(ADDRESS), "assignee_id": opt(is_int),
        "contact_type_id": opt(is_int), "details": opt(is_str), "email_domain": opt(is_str),
        "phone_numbers": list_of(PHONE), "primary_contact_id": opt(is_int),
        "socials": list_of(SOCIAL), "tags": list_of(is_str), "websites": list_of(WEBSITE),
        "custom_fields": list_of(CF_ENTRY), "interaction_count": is_int,
        "date_created": ts, "date_modified": ts},
    "leads": {
        "id": is_int, "name": is_str, "prefix": opt(is_str), "first_name": opt(is_str),
        "last_name": opt(is_str), "middle_name": opt(is_str), "suffix": opt(is_str),
        "address": opt(ADDRESS), "assignee_id": opt(is_int), "company_name": opt(is_str),
        "customer_source_id": opt(is_int), "details": opt(is_str), "email": opt(EMAIL),
        "interaction_count": is_int, "monetary_unit": opt(is_str),
        "monetary_value": opt(is_num), "socials": list_of(SOCIAL), "status": is_str,
        "status_id": is_int, "tags": list_of(is_str), "title": opt(is_str),
        "websites": list_of(WEBSITE), "phone_numbers": list_of(PHONE),
        "custom_fields": list_of(CF_ENTRY), "date_created": ts, "date_modified": ts,
        "date_last_contacted": opt(ts), "converted_opportunity_id": opt(is_int),
        "converted_contact_id": opt(is_int), "converted_at": opt(ts)},
    "opportunities": {
        "id": is_int, "name": is_str, "assignee_id": opt(is_int),
        "close_date": opt(lambda v: is_str(v) and bool(CLOSE_DATE_RE.match(v))),
        "company_id": opt(is_int), "company_name": opt(is_str),
        "customer_source_id": opt(is_int), "details": opt(is_str),
        "loss_reason_id": opt(is_int), "pipeline_id": is_int, "pipeline_is_revenue": is_bool,
        "pipeline_stage_id": is_int, "pipeline_type": one_of("opportunity"),
        "primary_contact_id": opt(is_int), "priority": opt(one_of(*PRIORITIES)),
        "status": one_of("Open", "Won", "Lost", "Abandoned"), "tags": list_of(is_str),
        "interaction_count": is_int, "monetary_unit": opt(is_str),
        "monetary_value": opt(is_num), "converted_unit": opt(is_str),
        "converted_value": opt(is_num),
        "win_probability": lambda v: is_num(v) and 0 <= v <= 100,
        "date_stage_changed": opt(ts), "date_last_contacted": opt(ts),
        "leads_converted_from": list_of(CONVERTED_FROM), "date_lead_created": opt(ts),
        "date_created": ts, "date_modified": ts, "custom_fields": list_of(CF_ENTRY)},
    "projects": {
        "id": is_int, "name": is_str,
        "related_resource": opt(obj({"id": is_int, "type": one_of(*D.ENTITY_FOR_TYPE)})),
        "assignee_id": opt(is_int), "status": one_of("Open", "Completed"),
        "details": opt(is_str), "tags": list_of(is_str), "custom_fields": list_of(CF_ENTRY),
        "date_created": ts, "date_modified": ts},
    "tasks": {
        "id": is_int, "name": is_str,
        "related_resource": obj({"id": opt(is_int), "type": opt(one_of(*D.ENTITY_FOR_TYPE))}),
        "assignee_id": opt(is_int), "due_date": opt(ts), "reminder_date": opt(ts),
        "completed_date": opt(ts), "priority": one_of(*PRIORITIES),
        "status": one_of("Open", "Completed"), "details": opt(is_str), "tags": list_of(is_str),
        "custom_fields": list_of(CF_ENTRY), "date_created": ts, "date_modified": ts,
        "custom_activity_type_id": opt(is_int)},
}
ACTIVITY_TYPES = {
    "id": is_int, "parent": obj({"id": is_int, "type": one_of(*D.ENTITY_FOR_TYPE)}),
    "type": obj({"id": is_int, "category": one_of("user", "system")}),
    "user_id": opt(is_int), "details": opt(is_str), "activity_date": ts,
    "old_value": opt(lambda v: type(v) is dict), "new_value": opt(lambda v: type(v) is dict),
    "date_created": ts, "date_modified": ts,
}


def example_keys():
    return {(e, r["id"]) for e, r in D.reference_examples()}


def generated(ds, entity):
    examples = set(D.EXAMPLE_IDS.get(entity, ())) | set(D.REFERENCE_CREATED_IDS.get(entity, ()))
    return [r for rid, r in ds.records[entity].items() if rid not in examples]


# ---------------------------------------------------------------------------
# hostile-content detection
# ---------------------------------------------------------------------------

def iter_strings(obj):
    stack = [obj]
    while stack:
        o = stack.pop()
        t = type(o)
        if t is str:
            yield o
        elif t is dict:
            stack.extend(o.keys())
            stack.extend(o.values())
        elif t is list or t is tuple:
            stack.extend(o)


def dataset_payload(ds):
    return [ds.account, ds.me, ds.users, ds.user_details, ds.contact_types,
            ds.customer_sources, ds.lead_statuses, ds.loss_reasons, ds.pipelines,
            ds.pipeline_stages, ds.custom_field_definitions, ds.tags, ds.activity_types,
            ds.field_layouts, ds.opportunity_layouts, ds.records, ds.activities]


SGR_RE = re.compile(r"\x1b\[[0-9;]*m")
C0_RE = re.compile(r"[\x00-\x08\x0b-\x1a\x1c-\x1f\x7f]")
C1_RE = re.compile(r"[\x80-\x9f]")
CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff00-\uffef]")
EMOJI_RE = re.compile(r"[\U0001F000-\U0001FAFF\u2600-\u27bf\ufe0f]")
ZWJ_EMOJI_RE = re.compile(r"[\U0001F000-\U0001FAFF\u2600-\u27bf\ufe0f]\u200d[\U0001F000-\U0001FAFF\u2600-\u27bf]")
BIDI_CONTROL_RE = re.compile(r"[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Anything that a plain, non-hostile dataset must not contain.
FORBIDDEN_RE = re.compile(
    r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u0300-\u036f\u0590-\u08ff\u1ab0-\u1aff\u1dc0-\u1dff"
    r"\u200b-\u200f\u202a-\u202e\u2066-\u2069\u20d0-\u20ff\u2600-\u27bf\u3000-\u9fff"
    r"\uac00-\ud7af\ufe00-\ufe0f\ufeff\uff00-\uffef\U0001F000-\U0001FAFF]")


def string_kinds(s):
    kinds = set()
    if "\x1b" in s:
        if "\x1b]0;" in s or "\x1b]2;" in s:
            kinds.add("osc_title")
        if "\x1b[2J" in s:
            kinds.add("csi_clear")
        if "\x1b]52;" in s:
            kinds.add("osc52_clipboard")
        if SGR_RE.search(s):
            kinds.add("sgr_color")
        if "\x1b]8;" in s:
            kinds.add("osc8_hyperlink")
        if "\x1b[6n" in s or "\x1b[c" in s or "\x1bP" in s or "\x1b]10;?" in s:
            kinds.add("terminal_query")
    if C0_RE.search(s):
        kinds.add("c0_controls")
    if s.isascii():
        return kinds
    if C1_RE.search(s):
        kinds.add("c1_controls")
    if CJK_RE.search(s):
        kinds.add("cjk")
    if EMOJI_RE.search(s):
        kinds.add("emoji")
    if ZWJ_EMOJI_RE.search(s):
        kinds.add("zwj_emoji")
    if any(unicodedata.combining(ch) for ch in s):
        kinds.add("combining")
    if BIDI_CONTROL_RE.search(s) or any(unicodedata.bidirectional(ch) in ("R", "AL")
                                        for ch in s):
        kinds.add("rtl")
    return kinds


def record_shape_kinds(entity, rec):
    kinds = set()
    if all(v is None for k, v in rec.items() if k != "id"):
        kinds.add("all_null")
    if type(rec.get("name")) in (int, float):
        kinds.add("number_for_string")
    for key in ("monetary_value", "interaction_count", "date_created", "win_probability"):
        if type(rec.get(key)) is str:
            kinds.add("string_for_number")
    if type(rec.get("tags")) is dict:
        kinds.add("object_for_list")
    if type(rec.get("address")) is list or type(rec.get("related_resource")) is list:
        kinds.add("list_for_object")
    cfs = rec.get("custom_fields")
    if type(cfs) is list and any(type(c) is list for c in cfs):
        kinds.add("list_for_object")
    if type(rec.get("details")) is str and len(rec["details"]) >= 100_000:
        kinds.add("huge_details")
    return kinds


# ---------------------------------------------------------------------------
# consistency checks shared by several tests
# ---------------------------------------------------------------------------

class Checks:
    def check_shapes(self, ds):
        for entity in D.ENTITIES:
            keys = D.RECORD_KEYS[entity]
            required = D.REQUIRED_KEYS[entity]
            spec = TYPES[entity]
            gen_ids = {r["id"] for r in generated(ds, entity)}
            for rid, rec in ds.records[entity].items():
                self.assertIs(type(rid), int)
                self.assertEqual(rec["id"], rid)
                self.assertTrue(set(rec) <= set(keys), (entity, rid, set(rec) - set(keys)))
                self.assertTrue(required <= set(rec), (entity, rid, required - set(rec)))
                if rid in gen_ids:
                    self.assertEqual(tuple(rec), keys, (entity, rid))
                for k, v in rec.items():
                    self.assertTrue(spec[k](v), (entity, rid, k, v))
        for aid, a in ds.activities.items():
            self.assertEqual(tuple(a), D.ACTIVITY_KEYS)
            for k, v in a.items():
                self.assertTrue(ACTIVITY_TYPES[k](v), (aid, k, v))

    def check_relations(self, ds):
        R = ds.records
        people, companies, leads, opps = (R["people"], R["companies"], R["leads"],
                                          R["opportunities"])
        users = {u["id"] for u in ds.users}
        ctypes = {c["id"] for c in ds.contact_types}
        sources = {s["id"] for s in ds.customer_sources}
        statuses = {s["id"]: s["name"] for s in ds.lead_statuses}
        losses = {lr["id"] for lr in ds.loss_reasons}
        stages = {s["id"]: s for s in ds.pipeline_stages}
        pipelines = {p["id"]: p for p in ds.pipelines}
        tagnames = {t["name"] for t in ds.tags}
        cfdefs = {d["id"]: d for d in ds.custom_field_definitions}
        todo_types = {t["id"] for t in ds.activity_types["user"]}
        for entity in D.ENTITIES:
            ptype = D.PARENT_TYPE[entity]
            for rec in R[entity].values():
                self.assertIn(rec["assignee_id"], users | {None}, (entity, rec["id"]))
                self.assertTrue(set(rec["tags"]) <= tagnames)
                if "contact_type_id" in rec:
                    self.assertIn(rec["contact_type_id"], ctypes | {None})
                if "customer_source_id" in rec:
                    self.assertIn(rec["customer_source_id"], sources | {None})
                for c in rec["custom_fields"]:
                    d = cfdefs[c["custom_field_definition_id"]]
                    self.assertIn(ptype, d["available_on"], (entity, rec["id"], d["id"]))
                    self.assertTrue(cf_value_ok(d, c["value"]), (entity, rec["id"], d, c))
        for p in people.values():
            if p["company_id"] is not None:
                self.assertEqual(companies[p["company_id"]]["name"], p["company_name"])
            else:
                self.assertIsNone(p["company_name"])
        for c in companies.values():
            pc = c["primary_contact_id"]
            if pc is not None:
                self.assertEqual(people[pc]["company_id"], c["id"], c["id"])
        for o in opps.values():
            st = stages[o["pipeline_stage_id"]]
            self.assertEqual(st["pipeline_id"], o["pipeline_id"], o["id"])
            self.assertEqual(pipelines[o["pipeline_id"]]["is_revenue"], o["pipeline_is_revenue"])
            if o["status"] == "Lost":
                self.assertIn(o["loss_reason_id"], losses | {None})
            else:
                self.assertIsNone(o["loss_reason_id"], o["id"])
            if o["company_id"] is not None:
                self.assertEqual(companies[o["company_id"]]["name"], o["company_name"])
            if o["primary_contact_id"] is not None:
                person = people[o["primary_contact_id"]]
                self.assertEqual(person["company_id"], o["company_id"], o["id"])
            for link in o.get("leads_converted_from", []):
                self.assertEqual(leads[link["lead_id"]]["converted_opportunity_id"], o["id"])
        for ld in leads.values():
            self.assertEqual(statuses[ld["status_id"]], ld["status"], ld["id"])
            if ld.get("converted_opportunity_id") is not None:
                opp = opps[ld["converted_opportunity_id"]]
                self.assertIn(ld["id"], [x["lead_id"] for x in opp["leads_converted_from"]])
                person = people[ld["converted_contact_id"]]
                self.assertEqual(opp["primary_contact_id"], person["id"])
                if "leads_converted_from" in person:
                    self.assertIn(ld["id"], [x["lead_id"] for x in person["leads_converted_from"]])
        for entity in ("projects", "tasks"):
            for rec in R[entity].values():
                rel = rec["related_resource"]
                if rel is not None and rel["id"] is not None:
                    self.assertIn(rel["id"], R[D.ENTITY_FOR_TYPE[rel["type"]]], (entity, rec["id"]))
        for t in R["tasks"].values():
            self.assertEqual(t["completed_date"] is not None, t["status"] == "Completed", t["id"])
            self.assertIn(t.get("custom_activity_type_id"), todo_types | {None})
        for a in ds.activities.values():
            parent = R[D.ENTITY_FOR_TYPE[a["parent"]["type"]]][a["parent"]["id"]]
            self.assertIn(a["user_id"], users | {None})
            if a["type"] == {"id": 3, "category": "system"}:
                order = [s["id"] for s in pipelines[parent["pipeline_id"]]["stages"]]
                self.assertIn(a["old_value"]["id"], order)
                self.assertEqual(a["new_value"]["id"], parent["pipeline_stage_id"])
                self.assertLess(order.index(a["old_value"]["id"]),
                                order.index(a["new_value"]["id"]))
        # generated records: dates within the two years before the fixed epoch
        lo = D.NOW - 2 * 366 * 86400
        for entity in D.ENTITIES:
            for rec in generated(ds, entity):
                self.assertTrue(lo <= rec["date_created"] <= rec["date_modified"] <= D.NOW,
                                (entity, rec["id"]))
                dlc = rec.get("date_last_contacted")
                if dlc is not None:
                    self.assertTrue(rec["date_created"] <= dlc <= D.NOW)
        for a in ds.activities.values():
            if a["id"] not in D.EXAMPLE_IDS["activities"]:
                self.assertTrue(lo <= a["activity_date"] <= a["date_created"]
                                <= a["date_modified"] <= D.NOW, a)

    def check_clean(self, ds):
        """No hostile content anywhere in a non-hostile dataset."""
        for s in iter_strings(dataset_payload(ds)):
            m = FORBIDDEN_RE.search(s)
            self.assertIsNone(m, repr(s[:200]))
            self.assertLess(len(s), 10_000)
            if not s.isascii():
                self.assertFalse(any(unicodedata.combining(ch) for ch in s), repr(s))
                self.assertFalse(any(unicodedata.bidirectional(ch) in ("R", "AL", "RLE", "RLO",
                                                                      "LRE", "LRO", "PDF")
                                     for ch in s), repr(s))
                self.assertEqual(s, unicodedata.normalize("NFC", s))
        for entity in D.ENTITIES:
            for rec in ds.records[entity].values():
                self.assertFalse(record_shape_kinds(entity, rec), (entity, rec["id"]))


def cf_value_ok(d, v):
    t = d["data_type"]
    opts = {o["id"] for o in d.get("options", ())}
    if t == "Checkbox":
        return is_bool(v)
    if t == "MultiSelect":
        return type(v) is list and all(x in opts for x in v)
    if v is None:
        return True
    if t == "Dropdown":
        return v in opts
    if t == "Date":
        return is_int(v)
    if t in ("Float", "Currency"):
        return is_num(v)
    if t == "Percentage":
        return is_num(v) and 0 <= v <= 100
    if t == "URL":
        return is_str(v) and v.startswith(("http://", "https://"))
    if t in ("String", "Text"):
        return is_str(v)
    return False


# ---------------------------------------------------------------------------
# tests
# ---------------------------------------------------------------------------

class InterfaceTest(unittest.TestCase):
    def test_constants(self):
        self.assertEqual(D.ENTITIES, ("people", "companies", "leads", "opportunities",
                                      "projects", "tasks"))
        self.assertEqual(D.DEFAULT_TOKEN, "sandbox-token")

    def test_attributes(self):
        ds = get()
        self.assertIsInstance(ds, D.Dataset)
        self.assertEqual(set(ds.account) >= {"id", "name", "primary_timezone", "settings"}, True)
        self.assertEqual(ds.me["email"], "demo@patina.example")
        self.assertIn({"id": ds.me["id"], "name": ds.me["name"], "email": ds.me["email"]},
                      ds.users)
        self.assertTrue(10 <= len(ds.users) <= 15)
        for u in ds.users:
            self.assertEqual(set(u), {"id", "name", "email"})
            self.assertEqual(ds.user_details[u["id"]]["email"], u["email"])
        self.assertEqual(set(ds.me), {"id", "name", "email", "groups"})
        self.assertEqual(set(ds.records), set(D.ENTITIES))
        # default size
        sizes = {e: len(ds.records[e]) for e in D.ENTITIES}
        for e, n in D.DEFAULT_COUNTS.items():
            self.assertTrue(n <= sizes[e] <= n + 30, (e, sizes[e]))
        self.assertTrue(3000 <= len(ds.activities) <= 3050)

    def test_next_id(self):
        ds = D.build(records=50)
        for entity in D.ENTITIES + ("activities",):
            table = ds.activities if entity == "activities" else ds.records[entity]
            a, b = ds.next_id(entity), ds.next_id(entity)
            self.assertNotIn(a, table)
            self.assertGreater(b, a)
            self.assertGreater(a, max(table))
        self.assertGreater(ds.next_id("activities"), 2 ** 32)
        with self.assertRaises(KeyError):
            ds.next_id("nope")

    def test_own_and_helpers(self):
        ds = D.build(records=D.POOL_SIZE + 50)
        gen_ids = [r["id"] for r in generated(ds, "people")]
        clone_id, template_id = gen_ids[D.POOL_SIZE + 3], gen_ids[3]
        clone, template = ds.records["people"][clone_id], ds.records["people"][template_id]
        self.assertIs(clone["custom_fields"], template["custom_fields"])    # shared beyond POOL_SIZE
        snapshot = json.dumps(template)
        rec = ds.own("people", clone_id)
        self.assertIs(ds.records["people"][clone_id], rec)
        rec["custom_fields"][0]["value"] = "changed"
        rec["tags"].append("new-tag")
        self.assertEqual(json.dumps(template), snapshot)
        person = ds.records["people"][7]
        self.assertEqual(ds.person_by_email("JHALPERT@prosperworks.com"), 7)
        self.assertEqual(person["emails"][0]["email"], "jhalpert@prosperworks.com")
        self.assertIsNone(ds.person_by_email("nobody@nowhere.example"))
        self.assertEqual(D.close_date_to_ts("1/23/2017"), 1485129600)
        self.assertEqual(D.ts_to_close_date(1485129600), "01/23/2017")
        self.assertEqual(ds.tag_counts(), ds.tags[:0] + D.Dataset.tag_counts(ds))

    def test_followed(self):
        ds = get()
        self.assertEqual(set(ds.followed), set(D.ENTITIES))
        for entity, ids in ds.followed.items():
            self.assertEqual(ids, sorted(set(ids)))
            self.assertTrue(set(ids) <= set(ds.records[entity]))
            self.assertTrue(0 < len(ids) < len(ds.records[entity]) / 2, entity)
        self.assertIn(4, ds.followed["people"])
        mine = [r["id"] for r in ds.records["people"].values() if r["assignee_id"] == ds.me["id"]]
        self.assertTrue(set(mine) <= set(ds.followed["people"]))

    def test_people_emails_unique(self):
        for ds in (get(), get(records=N_MEDIUM)):
            emails = [e["email"].lower() for p in ds.records["people"].values()
                      for e in p["emails"]]
            self.assertEqual(len(emails), len(set(emails)))


class DeterminismTest(unittest.TestCase):
    def test_same_seed_same_data(self):
        a = json.dumps(dataset_payload(get()))
        b = json.dumps(dataset_payload(D.build(seed=1)))
        self.assertEqual(a, b)
        h1 = json.dumps(dataset_payload(get(hostile=True)))
        h2 = json.dumps(dataset_payload(D.build(hostile=True)))
        self.assertEqual(h1, h2)

    def test_other_seed_differs(self):
        a, b = get(), get(seed=2)
        self.assertNotEqual(json.dumps(a.records), json.dumps(b.records))
        self.assertNotEqual(json.dumps(a.activities), json.dumps(b.activities))
        # the reference examples do not depend on the seed
        for e, r in D.reference_examples():
            table = a.activities if e == "activities" else a.records[e]
            table2 = b.activities if e == "activities" else b.records[e]
            self.assertEqual(table[r["id"]], table2[r["id"]])


class ShapeTest(Checks, unittest.TestCase):
    def test_record_shapes(self):
        self.check_shapes(get())

    def test_required_keys_match_reference_fetch_examples(self):
        fetch = {"people": 27140442, "companies": 9607580, "leads": 8894157,
                 "opportunities": 2827698, "projects": 144296, "tasks": 3716920}
        examples = {(e, r["id"]): r for e, r in D.reference_examples()}
        for entity, rid in fetch.items():
            self.assertEqual(set(examples[(entity, rid)]), set(D.REQUIRED_KEYS[entity]))

    def test_lookup_shapes(self):
        ds = get()
        self.assertEqual(set(ds.account), {"id", "name", "primary_timezone", "settings"})
        self.assertEqual(set(ds.account["settings"]),
                         {"setting_team_permissions_enabled", "setting_enable_leads"})
        for items, keys in ((ds.contact_types, {"id", "name"}),
                            (ds.customer_sources, {"id", "name"}),
                            (ds.loss_reasons, {"id", "name"}),
                            (ds.lead_statuses, {"id", "name", "order", "is_default"}),
                            (ds.pipelines, {"id", "name", "stages", "type", "is_revenue"}),
                            (ds.pipeline_stages, {"id", "name", "pipeline_id",
                                                  "win_probability"})):
            self.assertTrue(items)
            for x in items:
                self.assertEqual(set(x), keys)
                self.assertIs(type(x["id"]), int)
                self.assertIs(type(x["name"]), str)
        self.assertEqual(sum(s["is_default"] for s in ds.lead_statuses), 1)
        # reference look-up ids are kept
        self.assertTrue({451490, 451491, 451492, 451493} <= {c["id"] for c in ds.contact_types})
        self.assertTrue({331240, 331241, 331242} <= {c["id"] for c in ds.customer_sources})
        self.assertTrue({208231, 208232, 208233, 208234} <= {c["id"] for c in ds.lead_statuses})
        for t in ds.tags:
            self.assertEqual(list(t), ["name", "count", "count_people", "count_leads",
                                       "count_companies", "count_opportunities",
                                       "count_projects", "count_tasks"])
            self.assertEqual(t["count"], sum(v for k, v in t.items() if k.startswith("count_")))
        self.assertEqual([t["name"] for t in ds.tags],
                         sorted((t["name"] for t in ds.tags), key=lambda s: (s.lower(), s)))
        self.assertEqual(set(ds.activity_types), {"user", "system"})
        for cat, items in ds.activity_types.items():
            for t in items:
                self.assertEqual(set(t), {"id", "category", "name", "is_disabled",
                                          "count_as_interaction"})
                self.assertEqual(t["category"], cat)
        self.assertEqual({t["id"] for t in ds.activity_types["system"]}, {1, 3})
        self.assertIn(0, {t["id"] for t in ds.activity_types["user"]})

    def test_tag_counts_match_records(self):
        ds = get()
        counted = {}
        for entity in D.ENTITIES:
            for rec in ds.records[entity].values():
                for tag in rec["tags"]:
                    counted.setdefault(tag, {}).setdefault(entity, 0)
                    counted[tag][entity] += 1
        self.assertEqual({t["name"] for t in ds.tags}, set(counted))
        for t in ds.tags:
            for entity in D.ENTITIES:
                self.assertEqual(t["count_" + entity], counted[t["name"]].get(entity, 0))

    def test_pipelines(self):
        ds = get()
        self.assertGreaterEqual(len(ds.pipelines), 3)
        names = [p["name"] for p in ds.pipelines]
        self.assertEqual(names[0], "Sales")
        self.assertIn("Renewals", names)
        self.assertIn("Partnerships", names)
        stage_lists = []
        for p in ds.pipelines:
            self.assertTrue(4 <= len(p["stages"]) <= 7, p["name"])
            self.assertEqual(p["type"], "opportunity")
            for s in p["stages"]:
                self.assertEqual(set(s), {"id", "name", "win_probability"})
            probs = [s["win_probability"] for s in p["stages"]]
            self.assertEqual(probs, sorted(probs))
            stage_lists.append(tuple((s["name"], s["win_probability"]) for s in p["stages"]))
        self.assertEqual(len(set(stage_lists)), len(stage_lists))
        flat = [(s["id"], s["pipeline_id"]) for s in ds.pipeline_stages]
        self.assertEqual(flat, [(s["id"], p["id"]) for p in ds.pipelines for s in p["stages"]])
        # every pipeline and every stage is used by some opportunity
        used = {o["pipeline_stage_id"] for o in ds.records["opportunities"].values()}
        self.assertEqual(used, {s["id"] for s in ds.pipeline_stages})

    def test_record_variety(self):
        ds = get()
        opps = ds.records["opportunities"].values()
        self.assertEqual({o["status"] for o in opps}, {"Open", "Won", "Lost", "Abandoned"})
        self.assertEqual({o["priority"] for o in opps} - {None}, set(PRIORITIES))
        self.assertTrue(any(o["assignee_id"] is None for o in opps))
        self.assertTrue(any(o["monetary_value"] is None for o in opps))
        self.assertTrue(any(o["loss_reason_id"] for o in opps))
        gen_close = [o["close_date"] for o in generated(ds, "opportunities") if o["close_date"]]
        self.assertTrue(all(re.match(r"^\d\d/\d\d/\d{4}$", c) for c in gen_close))
        countries = {p["address"]["country"] for p in ds.records["people"].values()
                     if p["address"]}
        cities = {p["address"]["city"] for p in ds.records["people"].values() if p["address"]}
        self.assertGreater(len(countries), 20)
        self.assertGreater(len(cities), 40)
        for key, cats in (("phone_numbers", PHONE_CATS), ("emails", EMAIL_CATS)):
            seen = {x["category"] for p in ds.records["people"].values() for x in p[key]}
            self.assertGreaterEqual(len(seen), 2, key)
        self.assertTrue(any(p["socials"] for p in ds.records["people"].values()))
        self.assertTrue(any(c["websites"] for c in ds.records["companies"].values()))
        leads = ds.records["leads"].values()
        self.assertEqual({ld["status"] for ld in leads} >= {"New", "Open", "Unqualified", "Junk"},
                         True)
        converted = [ld for ld in leads if ld.get("converted_opportunity_id")]
        self.assertGreater(len(converted), 30)
        tasks = ds.records["tasks"].values()
        self.assertEqual({t["status"] for t in tasks}, {"Open", "Completed"})
        self.assertTrue(any(t["due_date"] and t["due_date"] > D.NOW for t in tasks))
        self.assertTrue(any(t["reminder_date"] for t in tasks))
        self.assertEqual({t["related_resource"]["type"] for t in tasks},
                         {"person", "company", "opportunity", "lead", "project", None})
        self.assertEqual({p["status"] for p in ds.records["projects"].values()},
                         {"Open", "Completed"})
        interactions = [p["interaction_count"] for p in ds.records["people"].values()]
        self.assertGreater(max(interactions), 10)
        self.assertIn(0, interactions)

    def test_markdown_details(self):
        ds = get()
        details = [r["details"] for e in D.ENTITIES for r in ds.records[e].values()
                   if r["details"]]
        total = sum(len(ds.records[e]) for e in D.ENTITIES)
        self.assertGreater(len(details), total * 0.4)
        md = [d for d in details if "\n\n" in d and d.startswith("## ")]
        self.assertGreater(len(md), total * 0.2)
        joined = "\n".join(md)
        for marker in ("## ", "### ", "\n- ", "\n1. ", "**", "*", "`", "```", "](http", "> ",
                       "|---|"):
            self.assertIn(marker, joined, marker)


class CustomFieldTest(Checks, unittest.TestCase):
    def test_definitions(self):
        ds = get()
        types = {d["data_type"] for d in ds.custom_field_definitions}
        self.assertEqual(types, {"String", "Text", "Dropdown", "MultiSelect", "Date",
                                 "Checkbox", "Float", "URL", "Percentage", "Currency"})
        option_ids = []
        for d in ds.custom_field_definitions:
            expected = {"id", "name", "data_type", "available_on", "is_filterable"}
            if d["data_type"] in ("Dropdown", "MultiSelect"):
                expected.add("options")
                for rank, o in enumerate(d["options"]):
                    self.assertEqual(set(o), {"id", "name", "rank"})
                    self.assertEqual(o["rank"], rank)
                    option_ids.append(o["id"])
            if d["data_type"] == "Currency":
                expected.add("currency")
            self.assertEqual(set(d), expected)
            self.assertTrue(set(d["available_on"]) <= set(D.ENTITY_FOR_TYPE))
        self.assertEqual(len(option_ids), len(set(option_ids)))
        self.assertTrue({100764, 103481, 126240, 128735, 6, 12} <=
                        {d["id"] for d in ds.custom_field_definitions})

    def test_values_every_type(self):
        ds = get()
        defs = {d["id"]: d for d in ds.custom_field_definitions}
        non_null = {}
        for entity in D.ENTITIES:
            per_entity = set()
            for rec in ds.records[entity].values():
                for c in rec["custom_fields"]:
                    d = defs[c["custom_field_definition_id"]]
                    self.assertTrue(cf_value_ok(d, c["value"]), (entity, rec["id"], c))
                    if c["value"] not in (None, []):
                        non_null.setdefault(d["data_type"], set()).add(type(c["value"]).__name__)
                        per_entity.add(d["id"])
            self.assertGreaterEqual(len(per_entity), 8, entity)
        self.assertEqual(set(non_null), {d["data_type"] for d in defs.values()})
        # some nulls too
        self.assertTrue(any(c["value"] is None for r in ds.records["people"].values()
                            for c in r["custom_fields"]))
        # generated records carry one entry per definition available on the entity
        for entity in D.ENTITIES:
            avail = [d["id"] for d in ds.custom_field_definitions
                     if D.PARENT_TYPE[entity] in d["available_on"]]
            for rec in generated(ds, entity):
                self.assertEqual([c["custom_field_definition_id"] for c in rec["custom_fields"]],
                                 avail)


class RelationTest(Checks, unittest.TestCase):
    def test_relations_default(self):
        self.check_relations(get())

    def test_relations_other_seed(self):
        ds = get(seed=2)
        self.check_shapes(ds)
        self.check_relations(ds)


class LayoutTest(unittest.TestCase):
    def check_layout(self, layout, entity_type, defs):
        self.assertTrue(layout)
        self.assertTrue(any(not f["enabled"] for f in layout))
        self.assertTrue(any(f["field_type"] == "custom_field" for f in layout))
        keys = [f["field_key"] for f in layout]
        self.assertEqual(len(keys), len(set(keys)))
        record_keys = set(D.RECORD_KEYS[D.ENTITY_FOR_TYPE[entity_type]])
        for f in layout:
            self.assertEqual(set(f), {"field_id", "field_label", "field_key", "field_type",
                                      "enabled", "required", "required_editable"})
            self.assertIs(type(f["field_id"]), int)
            for k in ("enabled", "required", "required_editable"):
                self.assertIs(type(f[k]), bool)
            if f["field_type"] == "custom_field":
                cid = int(f["field_key"][3:])
                self.assertEqual(f["field_key"], "cf_%d" % cid)
                self.assertEqual(f["field_id"], cid)
                self.assertIn(entity_type, defs[cid]["available_on"])
                self.assertEqual(f["field_label"], defs[cid]["name"])
            else:
                self.assertEqual(f["field_type"], "static_field")
                target = D.LAYOUT_FIELD_MAP[f["field_key"]]
                if target is not None:
                    self.assertIn(target, record_keys, f["field_key"])

    def test_entity_layouts(self):
        ds = get()
        defs = {d["id"]: d for d in ds.custom_field_definitions}
        self.assertEqual(set(ds.field_layouts), {"people", "companies", "leads", "projects",
                                                 "tasks"})
        for entity, layout in ds.field_layouts.items():
            self.check_layout(layout, D.PARENT_TYPE[entity], defs)
        people_keys = [f["field_key"] for f in ds.field_layouts["people"]][:13]
        self.assertEqual(people_keys, ["full_name", "primary_organization", "title",
                                       "contact_group_id", "assignee", "emails", "phones",
                                       "websites", "socials", "address", "visibility",
                                       "details", "tags"])

    def test_opportunity_layouts(self):
        ds = get()
        defs = {d["id"]: d for d in ds.custom_field_definitions}
        self.assertEqual(set(ds.opportunity_layouts), {p["id"] for p in ds.pipelines})
        seen = []
        for pid, layout in ds.opportunity_layouts.items():
            self.check_layout(layout, "opportunity", defs)
            static = {f["field_key"] for f in layout if f["field_type"] == "static_field"}
            self.assertTrue({"name", "pipeline_id", "related_contact", "deal_date",
                             "related_organization", "stage_id", "created_date"} <= static)
            sig = (tuple(f["field_key"] for f in layout),
                   tuple(f["field_key"] for f in layout if f["enabled"]),
                   tuple(f["field_key"] for f in layout if f["field_type"] == "custom_field"))
            for other in seen:
                diffs = sum(a != b for a, b in zip(sig, other))
                self.assertGreaterEqual(diffs, 3, pid)
            seen.append(sig)


class ActivityTest(unittest.TestCase):
    def test_activities(self):
        ds = get()
        example_ids = set(D.EXAMPLE_IDS["activities"])
        ids = [a for a in ds.activities if a not in example_ids]
        self.assertTrue(all(a > 2 ** 32 for a in ids))
        self.assertTrue(all(type(a) is int for a in ds.activities))
        types = {(t["id"], t["category"]) for cat in ds.activity_types.values() for t in cat}
        parents = set()
        kinds = set()
        for a in ds.activities.values():
            self.assertIn((a["type"]["id"], a["type"]["category"]), types)
            parents.add(a["parent"]["type"])
            kinds.add(a["type"]["id"])
            if a["type"]["category"] == "user":
                self.assertIsNone(a["old_value"])
        self.assertEqual(parents, {"person", "company", "opportunity", "lead"})
        self.assertTrue({0, 1, 3, D.CALL_TYPE_ID, D.MEETING_TYPE_ID} <= kinds)
        self.assertTrue(any(a["details"] and a["details"].startswith("## ")
                            for a in ds.activities.values()))


class ReferenceExampleTest(unittest.TestCase):
    def test_examples_present(self):
        ds = get(seed=3)
        adjustments = {}
        for ent, rid, key, old, new, _ in D.ADJUSTMENTS:
            adjustments[(ent, rid, key)] = (old, new)
        for entity, ex in D.reference_examples():
            table = ds.activities if entity == "activities" else ds.records[entity]
            self.assertIn(ex["id"], table, (entity, ex["id"]))
            rec = table[ex["id"]]
            self.assertEqual(list(rec), list(ex))
            for key, value in ex.items():
                adj = adjustments.get((entity, ex["id"], key))
                if adj:
                    self.assertEqual(adj[0], value)
                    self.assertEqual(rec[key], adj[1])
                else:
                    self.assertEqual(rec[key], value, (entity, ex["id"], key))
        jim = ds.records["people"][7]
        self.assertEqual((jim["name"], jim["company_id"], jim["company_name"]),
                         ("Jim Halpert", 2, "ProsperWorks"))
        for entity, ids in D.REFERENCE_CREATED_IDS.items():
            for rid in ids:
                self.assertIn(rid, ds.records[entity])
        fetch = {"people": 27140442, "companies": 9607580, "leads": 8894157,
                 "opportunities": 2827698, "projects": 144296, "tasks": 3716920}
        for entity, rid in fetch.items():
            self.assertIn(rid, ds.records[entity])

    @unittest.skipUnless(os.path.isdir(REF_DIR), "Copper API reference not available")
    def test_examples_verbatim_in_reference(self):
        decoder = json.JSONDecoder()
        found = []

        def walk(o):
            if isinstance(o, dict):
                found.append(o)
                for v in o.values():
                    walk(v)
            elif isinstance(o, list):
                for v in o:
                    walk(v)

        for dirpath, _, files in os.walk(REF_DIR):
            for name in files:
                if not name.endswith(".txt"):
                    continue
                with open(os.path.join(dirpath, name), encoding="utf-8") as fh:
                    text = fh.read()
                for m in re.finditer(r"^[\[{]", text, re.M):
                    try:
                        obj, _ = decoder.raw_decode(text, m.start())
                    except ValueError:
                        continue
                    walk(obj)
        canon = {json.dumps(o, sort_keys=True) for o in found}
        for entity, ex in D.reference_examples():
            self.assertIn(json.dumps(ex, sort_keys=True), canon, (entity, ex["id"]))


class SizeTest(Checks, unittest.TestCase):
    def test_records_n(self):
        t = time.perf_counter()
        ds = get(records=N_MEDIUM)
        elapsed = time.perf_counter() - t
        for entity in D.ENTITIES:
            self.assertGreaterEqual(len(ds.records[entity]), N_MEDIUM, entity)
        self.assertGreaterEqual(len(ds.activities), N_MEDIUM)
        self.assertLess(elapsed, 10)
        self.check_shapes(ds)
        self.check_relations(ds)

    def test_records_small(self):
        for n in (0, 1, 7):
            ds = D.build(records=n)
            for entity in D.ENTITIES:
                self.assertGreaterEqual(len(ds.records[entity]), max(n, 1))
            self.check_shapes(ds)
            self.check_relations(ds)

    @unittest.skipUnless(os.environ.get("SANDBOX_BIG") == "1", "set SANDBOX_BIG=1")
    def test_records_120000(self):
        import resource
        t = time.perf_counter()
        ds = D.build(records=120_000)
        elapsed = time.perf_counter() - t
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        sizes = {e: len(ds.records[e]) for e in D.ENTITIES}
        print("\nbuild(records=120000): %.2f s, peak RSS %.0f MB, %s, %d activities"
              % (elapsed, rss, sizes, len(ds.activities)), file=sys.stderr)
        for entity in D.ENTITIES:
            self.assertGreaterEqual(sizes[entity], 120_000)


class HostileTest(Checks, unittest.TestCase):
    def found_kinds(self, ds):
        kinds = set()
        for s in iter_strings(dataset_payload(ds)):
            kinds |= string_kinds(s)
        for entity in D.ENTITIES:
            for rec in ds.records[entity].values():
                kinds |= record_shape_kinds(entity, rec)
        return kinds

    def test_hostile_has_every_kind(self):
        ds = get(hostile=True)
        self.assertEqual(self.found_kinds(ds), set(D.HOSTILE_KINDS))
        for entity in D.ENTITIES:
            for rid, rec in ds.records[entity].items():
                self.assertIs(type(rid), int)
                self.assertEqual(rec["id"], rid)
        self.assertTrue(all(type(a) is int for a in ds.activities))
        for a in ds.activities.values():        # parent/type still route the activity
            self.assertTrue(ACTIVITY_TYPES["parent"](a["parent"]))
            self.assertTrue(ACTIVITY_TYPES["type"](a["type"]))
        json.dumps(dataset_payload(ds))          # still serialisable
        # hostile look-up, user and tag names
        for items in (ds.users, ds.contact_types, ds.customer_sources, ds.lead_statuses,
                      ds.loss_reasons, ds.pipelines, ds.custom_field_definitions, ds.tags):
            self.assertTrue(any(string_kinds(x["name"]) for x in items
                                if isinstance(x["name"], str)))
        self.assertTrue(string_kinds(ds.account["name"]))
        self.assertTrue(any(string_kinds(a["details"]) for a in ds.activities.values()
                            if isinstance(a["details"], str)))

    def test_hostile_every_entity(self):
        ds = get(hostile=True)
        for entity in D.ENTITIES:
            kinds = set()
            for rec in ds.records[entity].values():
                kinds |= record_shape_kinds(entity, rec)
                for s in iter_strings(rec):
                    kinds |= string_kinds(s)
            self.assertEqual(kinds, set(D.HOSTILE_KINDS), entity)

    def test_hostile_share(self):
        ds = get(hostile=True)
        clean = get()
        for entity in D.ENTITIES:
            changed = sum(1 for rid, rec in ds.records[entity].items()
                          if clean.records[entity].get(rid) != rec)
            n = len(ds.records[entity])
            self.assertTrue(min(n, 25) <= changed <= max(n // 10, 40), (entity, changed))

    def test_non_hostile_is_clean(self):
        self.check_clean(get())
        self.check_clean(get(records=N_MEDIUM))

    def test_hostile_medium(self):
        ds = D.build(records=D.POOL_SIZE + 400, hostile=True)
        self.assertEqual(self.found_kinds(ds), set(D.HOSTILE_KINDS))


if __name__ == "__main__":
    unittest.main()
