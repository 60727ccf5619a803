#!/usr/bin/env python3
"""Local Copper Developer API sandbox: patina's demo backend and test backend.

Python 3.11 standard library only.  Serves /developer_api/v1/ on 127.0.0.1
following the Copper API reference in shared/copper-api/, with the data of
tests/sandbox/dataset.py, plus a control API under /_sandbox/ for tests.

    python3 tests/sandbox/copper_sandbox.py --port 0 [flags]

With --port 0 the chosen port is printed alone on the first line of stdout
(once the data is loaded); nothing else is ever printed there.  SIGTERM and
SIGINT stop the server cleanly (exit status 0, state journal flushed).

Flags
  --port N            TCP port on 127.0.0.1 (0: pick a free one and print it)
  --seed N            dataset seed (default 1)
  --records N         records per entity, passed to dataset.build()
  --state FILE        JSON-lines journal of every create/update/convert/
                      activity/mutate/relation/delete, replayed on start
                      (edits survive restarts)
  --log FILE          request log, one JSON object per line, flushed per line:
                      {"ts","method","path","query","body","status"[,"fault"]}
                      (no headers are logged, so no tokens)
  --token T           accepted token (default dataset.DEFAULT_TOKEN)
  --email E           accepted X-PW-UserEmail (default the dataset's API user)
  --rate-limit N      N requests per rolling 60 s per user, then 429 with a
                      JSON body and no Retry-After (0 = off, the default)
  --hostile           dataset.build(hostile=True)
  --shift-to-today    move every date of the dataset (dataset.shift_dates) by
                      whole days so that its fixed "today" (dataset.NOW,
                      2025-12-01) is today: tasks fall due today and this
                      week, deals close this month (make demo uses it;
                      tests do not, their dates stay fixed)
  --latency MS, --jitter MS       delay every API request by MS + U(0, jitter)
  --error-rate P      fraction answered 500/502/503 with a JSON error
  --malformed-rate P  fraction of 200 answers whose body is not valid JSON
  --truncate-rate P   fraction whose Content-Length promises more than is sent
                      (the connection is then closed)
  --drop-rate P       fraction closed without any answer
  --trickle BPS       send every body at about BPS bytes per second
  --fault-seed N      seed of the fault dice (deterministic fault sequences)
  --search-cap N      (hidden) the 100,000-result search cap, for tests

Control API (no auth, never slowed, faulted, rate limited or logged)
  GET  /_sandbox/health            {"ok": true, "records": {entity: count}, ...}
  GET  /_sandbox/config            current knobs (+ pending fail_next rules)
  POST /_sandbox/config            {"latency", "jitter", "error_rate",
                                    "malformed_rate", "truncate_rate",
                                    "drop_rate", "trickle", "rate_limit", "rate_window",
                                    "fault_seed"}: any subset; 400 if unknown
  GET  /_sandbox/log               the request log as a JSON array
  POST /_sandbox/log/clear         empty it (the --log file is kept)
  POST /_sandbox/mutate/{entity}/{id}   partial update as a colleague in the
                                   web app would make it; always moves
                                   date_modified; returns the record
  POST /_sandbox/mutate/{entity}   {"ids": [...], "changes": {...}}: the same
                                   for many records at once (404 and
                                   nothing changed if one is missing);
                                   returns {"ok": true, "count": N}
  POST /_sandbox/fail_next         {"count": N, "status": S, "path_prefix": P,
                                    "method": M}: the next N API requests whose
                                   path starts with P (relative to
                                   /developer_api/v1 unless it starts with
                                   /developer_api) and method is M (any if
                                   omitted) are answered S with a JSON error;
                                   with "after": true they are carried out
                                   and then the connection drops unanswered
                                   (a write the client cannot see happen);
                                   with "body": B they are answered B (any
                                   JSON, e.g. a list where an object belongs)
                                   with status S (default 200); with "bomb":
                                   K a hostile 200 answer, gzip-encoded
                                   whatever the client accepts:
                                     "values": a JSON array of zeros that
                                       decodes to "bomb_mb" MiB (default 60,
                                       about 61 KB on the wire)
                                     "size": a JSON array padded with spaces
                                       that decodes to "bomb_mb" MiB
                                       (default 256)
                                     "deep": arrays nested "bomb_depth"
                                       deep (default 500)
                                   {"clear": true} drops every rule left

Order of checks for an API request: latency, GET-with-body (400 HTML), unknown
path outside /developer_api/v1 (404), auth (401), rate limit (429), fail_next,
drop, error rate, then the endpoint; malformed/truncate/trickle act on the
answer after the endpoint ran (so a write may have happened even though the
client saw a broken answer; a 5xx, fail_next or drop changes nothing, except
fail_next with "after", which writes and then drops).

Choices where the reference is silent or unclear
  * page_size above 200 is clamped to 200; page_size/page_number < 1 is 422.
  * Search never returns results past the first 100,000 matches (later pages
    are short or empty) while X-PW-TOTAL still reports the true match count.
  * name filters are case-insensitive substring matches for every entity
    (the opportunities page says "exact match"; substring is a superset).
  * The footnotes listing sortable fields are empty in our copy of the
    reference; sort_by accepts the fields of the public Copper docs'
    footnote 1 for each entity (plus a few obvious extras); anything else is
    a 422 naming sort_by.  Sorting is by the field, then id; empty values last
    (first when descending).
  * followed: from dataset.followed ({entity: ids}) when the dataset has it,
    else every record whose id is divisible by 3 is "followed".
  * Converting a lead keeps the lead record (hidden from search unless
    include_converted_leads is true; a second conversion is a 422).
  * A person's email is unique: creating or updating a person with another
    person's email is a 422 naming emails.
  * GET /pipeline_stages/pipeline/{id} is served although our copy of the
    reference does not list it (it is in the public Copper docs).
  * Related items (supplement/README.md): GET /{entity}/{id}/related[/{plural}]
    lists the relations the records' own fields hold (a person's or an
    opportunity's company_id, an opportunity's primary contact, a task's or
    a project's related_resource) and those made through POST, sorted by
    type then id, dangling ones left out. POST relating a person to a company
    sets its company_id (422 while it has another: remove that first);
    relating a task sets its related_resource (422 while it has any
    relation); other pairs are kept beside the records. Relating what is
    already related answers "added" and changes nothing. DELETE clears the
    field or forgets the pair; an opportunity's primary contact cannot be
    removed (422), nor a relation that does not exist (422). A pair the
    table does not allow is a 422 naming both types.
  * DELETE /{entity}/{id} and /activities/{id} remove for good and answer
    {"id", "is_deleted": true}; a second DELETE is a 404. Relations made
    through POST go with the record; other records' fields pointing at it
    stay (dangling, as Copper leaves them).
"""

import argparse
import bisect
import collections
import copy
import datetime
import gc
import itertools
import json
import os
import random
import re
import signal
import socket
import struct
import sys
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)
import dataset  # noqa: E402  (tests/sandbox/dataset.py)

API_PREFIX = "/developer_api/v1"
SEARCH_CAP = 100000          # Copper returns at most the first 100,000 matches
PAGE_SIZE_DEFAULT = 20
PAGE_SIZE_MAX = 200
JSON_CT = "application/json; charset=utf-8"

ENTITY_TYPE = {"people": "person", "companies": "company", "leads": "lead",
               "opportunities": "opportunity", "projects": "project", "tasks": "task"}
TYPE_ENTITY = {v: k for k, v in ENTITY_TYPE.items()}
# Related items: which record types may be related (supplement/README.md).
RELATABLE = {
    "lead": {"task"},
    "person": {"company", "opportunity", "task", "project"},
    "company": {"opportunity", "person", "task", "project"},
    "opportunity": {"company", "person", "task", "project"},
    "project": {"company", "person", "opportunity", "task"},
    "task": {"company", "person", "opportunity", "lead", "project"},
}
PRIORITIES = ("None", "Low", "Medium", "High")
OPP_STATUSES = ("Open", "Won", "Lost", "Abandoned")
TASK_STATUSES = ("Open", "Completed")
PROJECT_STATUSES = ("Open", "Completed")


class ApiError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


def err422(field, why):
    return ApiError(422, "Invalid value for field '%s': %s" % (field, why))


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def is_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def digits(s):
    return re.sub(r"\D", "", s) if isinstance(s, str) else ""


def parse_close_date(s):
    """Copper close_date: MM/DD/YYYY (or DD/MM/YYYY); returns a UTC timestamp or None."""
    if not isinstance(s, str):
        return None
    m = re.fullmatch(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*", s)
    if not m:
        return None
    a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    for mo, da in ((a, b), (b, a)):
        try:
            d = datetime.datetime(y, mo, da, tzinfo=datetime.timezone.utc)
            return int(d.timestamp())
        except ValueError:
            continue
    return None


def as_list(v):
    """A record value that should be a list (hostile data may hold anything)."""
    return v if isinstance(v, list) else ()


def hget(table, key):
    """table.get(key) that tolerates unhashable keys from hostile data."""
    try:
        return table.get(key)
    except TypeError:
        return None


def safe_pred(p):
    def f(r):
        try:
            return p(r)
        except (TypeError, AttributeError, KeyError, ValueError):
            return False
    return f


def safe_key(fn):
    def f(r):
        try:
            return fn(r)
        except (TypeError, AttributeError, KeyError, ValueError):
            return NULL_KEY
    return f


def dumps(obj):
    try:
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates in hostile data: escape them
        return json.dumps(obj, ensure_ascii=True, separators=(",", ":")).encode("ascii")


# --------------------------------------------------------------------------
# Sorted orders (one per entity and sort key, maintained incrementally)
# --------------------------------------------------------------------------

NULL_KEY = (1,)


def skey_str(v):
    if v is None or v == "":
        return NULL_KEY
    return (0, str(v).casefold())


def skey_num(v):
    if not is_num(v):
        return NULL_KEY
    return (0, float(v))


class SortedOrder:
    __slots__ = ("items", "keyof", "keyfn")

    def __init__(self, keyfn, records):
        self.keyfn = keyfn
        self.keyof = {}
        items = []
        for rid, rec in records.items():
            k = keyfn(rec)
            self.keyof[rid] = k
            items.append((k, rid))
        items.sort()
        self.items = items

    def remove(self, rid):
        k = self.keyof.pop(rid, None)
        if k is None:
            return
        i = bisect.bisect_left(self.items, (k, rid))
        if i < len(self.items) and self.items[i] == (k, rid):
            del self.items[i]

    def upsert(self, rid, rec):
        k = self.keyfn(rec)
        old = self.keyof.get(rid)
        if old == k:
            return
        if old is not None:
            self.remove(rid)
        self.keyof[rid] = k
        bisect.insort(self.items, (k, rid))


# --------------------------------------------------------------------------
# The store: every piece of API logic, no HTTP
# --------------------------------------------------------------------------

class Store:
    def __init__(self, ds, state_path=None, search_cap=SEARCH_CAP):
        self.ds = ds
        self.lock = threading.RLock()
        self.records = ds.records
        for e in ENTITY_TYPE:
            self.records.setdefault(e, {})
        self.activities = ds.activities
        self.search_cap = search_cap
        self.users = {u["id"]: u for u in ds.users}
        me = ds.me
        if me.get("id") not in self.users:
            self.users[me["id"]] = me
        self.contact_types = {c["id"]: c for c in ds.contact_types}
        self.customer_sources = {c["id"]: c for c in ds.customer_sources}
        self.lead_statuses = {s["id"]: s for s in ds.lead_statuses}
        self.loss_reasons = {r["id"]: r for r in ds.loss_reasons}
        self.pipelines = {p["id"]: p for p in ds.pipelines}
        self.stages = {}
        self.stage_pos = {}
        for p in ds.pipelines:
            for i, s in enumerate(p.get("stages") or []):
                st = dict(s)
                st.setdefault("pipeline_id", p["id"])
                self.stages[s["id"]] = st
                self.stage_pos[s["id"]] = (p["id"], i)
        for s in ds.pipeline_stages:
            if s["id"] not in self.stages:
                self.stages[s["id"]] = s
                self.stage_pos[s["id"]] = (s.get("pipeline_id"), len(self.stage_pos))
        self.cfdefs = {d["id"]: d for d in ds.custom_field_definitions}
        self.activity_type_keys = set()
        for cat, lst in (ds.activity_types or {}).items():
            for t in lst:
                self.activity_type_keys.add((t.get("category", cat), t["id"]))
        self.followed = self._followed_sets()
        self.converted = set()
        # relations made through the related-items API beyond what the
        # records' own fields hold: frozenset({(type, id), (type, id)})
        self.links = set()
        self._related_index = None  # (write_gen, {(type, id): {(type, id)}})
        for lid, rec in self.records["leads"].items():
            if self._looks_converted(rec):
                self.converted.add(lid)
        self.orders = {e: {} for e in ENTITY_TYPE}
        self.cross_keys = {e: set() for e in ENTITY_TYPE}
        self.id_floor = {e: max(self.records[e], default=0) for e in ENTITY_TYPE}
        self.act_floor = max(self.activities, default=0)
        self.write_gen = 0
        self.gen = {e: 0 for e in ENTITY_TYPE}
        self._tags_cache = None
        self._act_index = None
        self._act_all = None
        self._email_index = None
        self.journal = None
        if state_path:
            self._replay(state_path)
            self.journal = open(state_path, "a", encoding="utf-8")

    # ---- helpers -------------------------------------------------------

    def _followed_sets(self):
        f = getattr(self.ds, "followed", None)
        out = {}
        for e in ENTITY_TYPE:
            if isinstance(f, dict) and e in f:
                out[e] = set(f[e])
            else:
                out[e] = None
        return out

    def is_followed(self, entity, rec):
        s = self.followed.get(entity)
        if s is not None:
            return rec["id"] in s
        # No follow data in the dataset: a fixed, documented rule.
        return rec["id"] % 3 == 0

    def _looks_converted(self, rec):
        return rec.get("converted_at") is not None or rec.get("converted_contact_id") is not None

    def now_ts(self):
        return int(time.time())

    def bump_modified(self, rec):
        old = rec.get("date_modified")
        rec["date_modified"] = max(self.now_ts(), int(old) + 1 if is_num(old) else 0)

    def new_id(self, entity):
        try:
            cand = int(self.ds.next_id(entity))
        except Exception:
            cand = 0
        rid = max(cand, self.id_floor[entity] + 1)
        self.id_floor[entity] = rid
        return rid

    def user_name(self, uid):
        u = self.users.get(uid)
        return u.get("name") if u else None

    def cf_applies(self, d, entity):
        av = d.get("available_on")
        if not av:
            return True
        return ENTITY_TYPE[entity] in av or entity in av

    # ---- journal -------------------------------------------------------

    def _replay(self, path):
        if not os.path.exists(path):
            return
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if not line:
                    continue
                try:
                    op = json.loads(line)
                except ValueError:
                    continue  # torn last line
                kind = op.get("op")
                if kind == "record" and op.get("entity") in self.records:
                    rec = op["record"]
                    e = op["entity"]
                    self.records[e][rec["id"]] = rec
                    self.id_floor[e] = max(self.id_floor[e], rec["id"])
                elif kind == "converted":
                    self.converted.add(op["id"])
                elif kind == "activity":
                    rec = op["record"]
                    self.activities[rec["id"]] = rec
                    self.act_floor = max(self.act_floor, rec["id"])
                elif kind == "delete" and op.get("entity") in self.records:
                    self.records[op["entity"]].pop(op["id"], None)
                elif kind == "delete_activity":
                    self.activities.pop(op["id"], None)
                elif kind in ("link", "unlink"):
                    pair = frozenset((t, i) for t, i in op["pair"])
                    (self.links.add if kind == "link" else self.links.discard)(pair)

    def _journal(self, op):
        if self.journal:
            self.journal.write(json.dumps(op, ensure_ascii=True) + "\n")
            self.journal.flush()

    def close(self):
        with self.lock:
            if self.journal:
                self.journal.flush()
                try:
                    os.fsync(self.journal.fileno())
                except OSError:
                    pass
                self.journal.close()
                self.journal = None

    # ---- writes --------------------------------------------------------

    def _stored(self, entity, rec):
        """Record (new or changed) is now in place: indexes, caches, journal."""
        rid = rec["id"]
        self.records[entity][rid] = rec
        self.write_gen += 1
        self.gen[entity] += 1
        self._tags_cache = None
        for order in self.orders[entity].values():
            order.upsert(rid, rec)
        for e in ENTITY_TYPE:  # sort keys that read other entities
            if e != entity:
                for k in list(self.cross_keys[e]):
                    self.orders[e].pop(k, None)
        if entity == "people" and self._email_index is not None:
            for em, pid in list(self._email_index.items()):
                if pid == rid:
                    del self._email_index[em]
            for em in as_list(rec.get("emails")):
                if isinstance(em, dict) and isinstance(em.get("email"), str):
                    self._email_index.setdefault(em["email"].casefold(), rid)
        self._journal({"op": "record", "entity": entity, "record": rec})

    # ---- field validation ----------------------------------------------

    def _v_ref(self, table, what):
        def check(field, v):
            if v is None:
                return None
            if not is_int(v):
                raise err422(field, "expected an integer id")
            if v not in table:
                raise err422(field, "unknown %s id %d" % (what, v))
            return v
        return check

    def _v_record_ref(self, entity):
        def check(field, v):
            if v is None:
                return None
            if not is_int(v):
                raise err422(field, "expected an integer id")
            if v not in self.records[entity]:
                raise err422(field, "no %s with id %d" % (ENTITY_TYPE[entity], v))
            return v
        return check

    @staticmethod
    def _v_str(field, v):
        if v is None or isinstance(v, str):
            return v
        raise err422(field, "expected a string")

    @staticmethod
    def _v_name(field, v):
        if not isinstance(v, str) or not v.strip():
            raise err422(field, "a non-empty string is required")
        return v

    @staticmethod
    def _v_num(field, v):
        if v is None or is_num(v):
            return v
        raise err422(field, "expected a number")

    @staticmethod
    def _v_percent(field, v):
        if v is None:
            return None
        if not is_num(v) or v < 0 or v > 100:
            raise err422(field, "expected a number from 0 to 100")
        return v

    @staticmethod
    def _v_ts(field, v):
        if v is None or is_int(v):
            return v
        raise err422(field, "expected a Unix timestamp (integer)")

    @staticmethod
    def _v_tags(field, v):
        if v is None:
            return []
        if not isinstance(v, list) or not all(isinstance(t, str) for t in v):
            raise err422(field, "expected a list of strings")
        out = []
        for t in v:
            if t not in out:
                out.append(t)
        return out

    @staticmethod
    def _v_objlist(key):
        def check(field, v):
            if v is None:
                return []
            if not isinstance(v, list):
                raise err422(field, "expected a list of objects")
            out = []
            for item in v:
                if not isinstance(item, dict) or not isinstance(item.get(key), str):
                    raise err422(field, "each entry needs a string '%s'" % key)
                cat = item.get("category")
                if cat is not None and not isinstance(cat, str):
                    raise err422(field, "'category' must be a string")
                out.append({key: item[key], "category": cat if cat is not None else "work"})
            return out
        return check

    @staticmethod
    def _v_address(field, v):
        if v is None:
            return None
        if not isinstance(v, dict):
            raise err422(field, "expected an object")
        out = {}
        for k in ("street", "city", "state", "postal_code", "country"):
            x = v.get(k)
            if x is not None and not isinstance(x, str):
                raise err422(field, "'%s' must be a string" % k)
            out[k] = x
        return out

    @staticmethod
    def _v_email_obj(field, v):
        if v is None:
            return None
        if not isinstance(v, dict) or not isinstance(v.get("email"), str):
            raise err422(field, "expected an object with a string 'email'")
        cat = v.get("category")
        if cat is not None and not isinstance(cat, str):
            raise err422(field, "'category' must be a string")
        return {"email": v["email"], "category": cat if cat is not None else "work"}

    @staticmethod
    def _v_enum(values):
        def check(field, v):
            if v not in values:
                raise err422(field, "expected one of %s" % ", ".join(values))
            return v
        return check

    @staticmethod
    def _v_close_date(field, v):
        if v is None:
            return None
        if parse_close_date(v) is None:
            raise err422(field, "expected a date as MM/DD/YYYY")
        return v

    def _v_related(self, entity):
        allowed = ("person", "company", "lead", "opportunity", "project") if entity == "tasks" \
            else ("person", "company", "lead", "opportunity")

        def check(field, v):
            if v is None or (isinstance(v, dict) and v.get("id") is None and v.get("type") is None):
                return {"id": None, "type": None} if entity == "tasks" else None
            if not isinstance(v, dict) or not is_int(v.get("id")) or v.get("type") not in allowed:
                raise err422(field, "expected {\"id\": <integer>, \"type\": one of %s}" % ", ".join(allowed))
            if v["id"] not in self.records[TYPE_ENTITY[v["type"]]]:
                raise err422(field, "no %s with id %d" % (v["type"], v["id"]))
            return {"id": v["id"], "type": v["type"]}
        return check

    def field_specs(self, entity):
        s, n = self._v_str, self._v_name
        user = self._v_ref(self.users, "user")
        common_contact = {
            "name": n, "prefix": s, "first_name": s, "middle_name": s, "last_name": s, "suffix": s,
            "address": self._v_address, "assignee_id": user, "details": s,
            "phone_numbers": self._v_objlist("number"), "socials": self._v_objlist("url"),
            "websites": self._v_objlist("url"), "tags": self._v_tags, "title": s,
        }
        if entity == "people":
            d = dict(common_contact)
            d.update({"company_id": self._v_record_ref("companies"),
                      "contact_type_id": self._v_ref(self.contact_types, "contact type"),
                      "emails": self._v_objlist("email")})
            return d
        if entity == "leads":
            d = dict(common_contact)
            d.update({"company_name": s, "customer_source_id": self._v_ref(self.customer_sources, "customer source"),
                      "email": self._v_email_obj, "monetary_value": self._v_num, "monetary_unit": s,
                      "status_id": self._v_ref(self.lead_statuses, "lead status"), "status": self._v_lead_status_name})
            return d
        if entity == "companies":
            return {"name": n, "address": self._v_address, "assignee_id": user,
                    "contact_type_id": self._v_ref(self.contact_types, "contact type"), "details": s,
                    "email_domain": s, "phone_numbers": self._v_objlist("number"),
                    "primary_contact_id": self._v_record_ref("people"), "socials": self._v_objlist("url"),
                    "tags": self._v_tags, "websites": self._v_objlist("url")}
        if entity == "opportunities":
            return {"name": n, "assignee_id": user, "close_date": self._v_close_date,
                    "company_id": self._v_record_ref("companies"),
                    "customer_source_id": self._v_ref(self.customer_sources, "customer source"),
                    "details": s, "loss_reason_id": self._v_ref(self.loss_reasons, "loss reason"),
                    "monetary_value": self._v_num, "monetary_unit": s,
                    "pipeline_id": self._v_ref(self.pipelines, "pipeline"),
                    "pipeline_stage_id": self._v_ref(self.stages, "pipeline stage"),
                    "primary_contact_id": self._v_record_ref("people"),
                    "priority": self._v_enum(PRIORITIES), "status": self._v_enum(OPP_STATUSES),
                    "tags": self._v_tags, "win_probability": self._v_percent}
        if entity == "projects":
            return {"name": n, "related_resource": self._v_related("projects"), "assignee_id": user,
                    "status": self._v_enum(PROJECT_STATUSES), "details": s, "tags": self._v_tags}
        if entity == "tasks":
            return {"name": n, "related_resource": self._v_related("tasks"), "assignee_id": user,
                    "due_date": self._v_ts, "reminder_date": self._v_ts, "priority": self._v_enum(PRIORITIES),
                    "status": self._v_enum(TASK_STATUSES), "details": s, "tags": self._v_tags}
        raise KeyError(entity)

    def _v_lead_status_name(self, field, v):
        for st in self.lead_statuses.values():
            if st["name"] == v:
                return v
        raise err422(field, "unknown lead status %r" % (v,))

    def _cf_value(self, d, v, field):
        dt = str(d.get("data_type", "")).casefold()
        if v is None:
            return [] if dt == "multiselect" else None
        if dt in ("string", "text", "url"):
            if not isinstance(v, str):
                raise err422(field, "expected a string")
        elif dt == "dropdown":
            opts = {o["id"] for o in d.get("options") or []}
            if not is_int(v) or v not in opts:
                raise err422(field, "%r is not an option id of custom field %d" % (v, d["id"]))
        elif dt == "multiselect":
            opts = {o["id"] for o in d.get("options") or []}
            if not isinstance(v, list) or not all(is_int(x) and x in opts for x in v):
                raise err422(field, "expected a list of option ids of custom field %d" % d["id"])
        elif dt == "date":
            if not is_int(v):
                raise err422(field, "expected a Unix timestamp (integer)")
        elif dt == "checkbox":
            if not isinstance(v, bool):
                raise err422(field, "expected true or false")
        elif dt in ("float", "percentage", "currency", "number"):
            if not is_num(v):
                raise err422(field, "expected a number")
        return v

    def _apply_custom_fields(self, entity, rec, value):
        field = "custom_fields"
        if not isinstance(rec.get("custom_fields"), list):
            rec["custom_fields"] = []
        cfs = rec["custom_fields"] = [dict(c) for c in rec["custom_fields"] if isinstance(c, dict)]
        if value is None:
            changed = False
            for c in cfs:
                d = self.cfdefs.get(c.get("custom_field_definition_id"))
                empty = [] if d and str(d.get("data_type", "")).casefold() == "multiselect" else None
                if c.get("value") != empty:
                    c["value"] = empty
                    changed = True
            return changed
        if not isinstance(value, list):
            raise err422(field, "expected a list of {custom_field_definition_id, value}")
        updates = []
        for item in value:
            if not isinstance(item, dict) or not is_int(item.get("custom_field_definition_id")):
                raise err422(field, "each entry needs an integer custom_field_definition_id")
            did = item["custom_field_definition_id"]
            d = self.cfdefs.get(did)
            if d is None:
                raise err422(field, "unknown custom_field_definition_id %d" % did)
            if not self.cf_applies(d, entity):
                raise err422(field, "custom field %d is not available on %s" % (did, entity))
            updates.append((did, self._cf_value(d, item.get("value"), "custom_fields[%d]" % did)))
        changed = False
        for did, v in updates:
            for c in cfs:
                if c.get("custom_field_definition_id") == did:
                    if c.get("value") != v:
                        c["value"] = v
                        changed = True
                    break
            else:
                cfs.append({"custom_field_definition_id": did, "value": v})
                changed = True
        return changed

    def _apply(self, entity, rec, body, creating=False):
        """Apply a partial update (already type-checked per field) in place."""
        if not isinstance(body, dict):
            raise ApiError(422, "Request body must be a JSON object")
        specs = self.field_specs(entity)
        clean = {}
        for k, v in body.items():
            if k in specs:
                clean[k] = specs[k](k, v)
        cf = body["custom_fields"] if "custom_fields" in body else ...
        # cross-field consistency checks before anything changes
        if entity == "opportunities":
            if clean.get("pipeline_stage_id") is not None and clean.get("pipeline_id") is not None:
                if self.stages[clean["pipeline_stage_id"]].get("pipeline_id") != clean["pipeline_id"]:
                    raise err422("pipeline_stage_id", "stage %d is not in pipeline %d"
                                 % (clean["pipeline_stage_id"], clean["pipeline_id"]))
            if "pipeline_id" in clean and clean["pipeline_id"] is None:
                raise err422("pipeline_id", "an opportunity needs a pipeline")
            if "pipeline_stage_id" in clean and clean["pipeline_stage_id"] is None:
                raise err422("pipeline_stage_id", "an opportunity needs a pipeline stage")
        if entity == "leads" and "status" in clean and "status_id" in clean and clean["status_id"] is not None:
            if self.lead_statuses[clean["status_id"]]["name"] != clean["status"]:
                raise err422("status", "does not match status_id")
        if entity == "people" and "emails" in clean:
            self._email_idx()
            mine = {m["email"].casefold() for m in as_list(rec.get("emails"))
                    if isinstance(m, dict) and isinstance(m.get("email"), str)}
            for em in clean["emails"]:
                if em["email"].casefold() in mine:
                    continue
                owner = self._email_index.get(em["email"].casefold())
                if owner is not None and owner != rec.get("id"):
                    raise err422("emails", "email %s is already used by person %d" % (em["email"], owner))
        before = copy.deepcopy(rec)
        if cf is not ...:
            self._apply_custom_fields(entity, rec, cf)
        for k, v in clean.items():
            rec[k] = v
        self._derive(entity, rec, before, clean, creating)
        return rec != before

    def _derive(self, entity, rec, before, clean, creating):
        now = self.now_ts()
        if entity in ("people", "leads"):
            parts = ("first_name", "middle_name", "last_name", "suffix")
            if "name" in clean and not any(p in clean for p in parts):
                toks = clean["name"].strip().split(None, 1)
                rec["first_name"] = toks[0] if toks else None
                rec["last_name"] = toks[1] if len(toks) > 1 else None
                rec["middle_name"] = None
                rec["suffix"] = None
            elif any(p in clean for p in parts) and "name" not in clean:
                nm = " ".join(x for x in (rec.get("first_name"), rec.get("middle_name"), rec.get("last_name"))
                              if isinstance(x, str) and x)
                if rec.get("suffix"):
                    nm = (nm + ", " + rec["suffix"]) if nm else rec["suffix"]
                if not nm.strip():
                    raise err422("name", "a person or lead needs a name")
                rec["name"] = nm
        if entity in ("people", "opportunities") and "company_id" in clean:
            c = self.records["companies"].get(rec.get("company_id"))
            rec["company_name"] = c.get("name") if c else None
        if entity == "leads":
            if "status_id" in clean and clean["status_id"] is not None:
                rec["status"] = self.lead_statuses[clean["status_id"]]["name"]
            elif "status" in clean:
                for st in self.lead_statuses.values():
                    if st["name"] == clean["status"]:
                        rec["status_id"] = st["id"]
                        break
            elif "status_id" in clean and clean["status_id"] is None:
                raise err422("status_id", "a lead needs a status")
        if entity == "opportunities":
            stage_changed = False
            if "pipeline_stage_id" in clean:
                rec["pipeline_id"] = self.stages[rec["pipeline_stage_id"]].get("pipeline_id", rec.get("pipeline_id"))
                stage_changed = rec["pipeline_stage_id"] != before.get("pipeline_stage_id")
            elif "pipeline_id" in clean and rec.get("pipeline_id") != before.get("pipeline_id"):
                stages = self.pipelines[rec["pipeline_id"]].get("stages") or []
                rec["pipeline_stage_id"] = stages[0]["id"] if stages else None
                stage_changed = True
            if stage_changed:
                rec["date_stage_changed"] = now
                if "win_probability" not in clean:
                    st = self.stages.get(rec["pipeline_stage_id"]) or {}
                    if "win_probability" in st:
                        rec["win_probability"] = st["win_probability"]
            p = hget(self.pipelines, rec.get("pipeline_id"))
            if p is not None and (creating or stage_changed):
                if "pipeline_is_revenue" in rec or creating:
                    rec["pipeline_is_revenue"] = p.get("is_revenue", rec.get("pipeline_is_revenue"))
                if "pipeline_type" in rec or creating:
                    rec["pipeline_type"] = p.get("type", rec.get("pipeline_type", "opportunity"))
            if "status" in clean and rec["status"] != "Lost" and "loss_reason_id" not in clean:
                rec["loss_reason_id"] = None
        if entity == "tasks" and "status" in clean:
            if rec["status"] == "Completed" and before.get("status") != "Completed":
                rec["completed_date"] = now
            elif rec["status"] == "Open" and before.get("status") == "Completed":
                rec["completed_date"] = None

    # ---- templates for creation -----------------------------------------

    def _cf_template(self, entity):
        out = []
        for d in self.ds.custom_field_definitions:
            if self.cf_applies(d, entity):
                dt = str(d.get("data_type", "")).casefold()
                out.append({"custom_field_definition_id": d["id"],
                            "value": [] if dt == "multiselect" else (False if dt == "checkbox" else None)})
        return out

    def _default_contact_type(self):
        for c in self.ds.contact_types:
            if c.get("name") == "Uncategorized":
                return c["id"]
        return None

    def template(self, entity):
        cf = self._cf_template(entity)
        if entity == "people":
            return {"id": None, "name": None, "prefix": None, "first_name": None, "middle_name": None,
                    "last_name": None, "suffix": None, "address": None, "assignee_id": None, "company_id": None,
                    "company_name": None, "contact_type_id": self._default_contact_type(), "details": None,
                    "emails": [], "phone_numbers": [], "socials": [], "tags": [], "title": None, "websites": [],
                    "custom_fields": cf, "date_created": None, "date_modified": None, "date_last_contacted": None,
                    "interaction_count": 0, "leads_converted_from": [], "date_lead_created": None}
        if entity == "companies":
            return {"id": None, "name": None, "address": None, "assignee_id": None, "contact_type_id": None,
                    "details": None, "email_domain": None, "phone_numbers": [], "primary_contact_id": None,
                    "socials": [], "tags": [], "websites": [], "custom_fields": cf, "interaction_count": 0,
                    "date_created": None, "date_modified": None, "date_last_contacted": None}
        if entity == "leads":
            st = next((s for s in self.ds.lead_statuses if s.get("is_default")), None) or \
                (self.ds.lead_statuses[0] if self.ds.lead_statuses else {"id": None, "name": "New"})
            return {"id": None, "name": None, "prefix": None, "first_name": None, "last_name": None,
                    "middle_name": None, "suffix": None, "address": None, "assignee_id": None,
                    "company_name": None, "customer_source_id": None, "details": None, "email": None,
                    "interaction_count": 0, "monetary_unit": None, "monetary_value": None, "socials": [],
                    "status": st["name"], "status_id": st["id"], "tags": [], "title": None, "websites": [],
                    "phone_numbers": [], "custom_fields": cf, "date_created": None, "date_modified": None,
                    "date_last_contacted": None}
        if entity == "opportunities":
            p = next((p for p in self.ds.pipelines if p.get("type", "opportunity") == "opportunity"),
                     self.ds.pipelines[0] if self.ds.pipelines else None)
            st = (p.get("stages") or [None])[0] if p else None
            return {"id": None, "name": None, "assignee_id": None, "close_date": None, "company_id": None,
                    "company_name": None, "customer_source_id": None, "details": None, "loss_reason_id": None,
                    "pipeline_id": p["id"] if p else None,
                    "pipeline_is_revenue": p.get("is_revenue", False) if p else False,
                    "pipeline_stage_id": st["id"] if st else None,
                    "pipeline_type": p.get("type", "opportunity") if p else "opportunity",
                    "primary_contact_id": None, "priority": "None", "status": "Open", "tags": [],
                    "interaction_count": 0, "monetary_unit": None, "monetary_value": None,
                    "converted_unit": None, "converted_value": None,
                    "win_probability": st.get("win_probability", 0) if st else 0,
                    "date_stage_changed": None, "date_last_contacted": None, "leads_converted_from": [],
                    "date_lead_created": None, "date_created": None, "date_modified": None, "custom_fields": cf}
        if entity == "projects":
            return {"id": None, "name": None, "related_resource": None, "assignee_id": None, "status": "Open",
                    "details": None, "tags": [], "custom_fields": cf, "date_created": None, "date_modified": None}
        if entity == "tasks":
            return {"id": None, "name": None, "related_resource": {"id": None, "type": None},
                    "assignee_id": self.ds.me.get("id"), "due_date": None, "reminder_date": None,
                    "completed_date": None, "priority": "None", "status": "Open", "details": None, "tags": [],
                    "custom_fields": cf, "date_created": None, "date_modified": None}
        raise KeyError(entity)

    # ---- public operations (call with self.lock held) --------------------

    def get(self, entity, rid):
        rec = self.records[entity].get(rid)
        if rec is None:
            raise ApiError(404, "Resource not found")
        return rec

    def create(self, entity, body):
        if not isinstance(body, dict):
            raise ApiError(422, "Request body must be a JSON object")
        if entity in ("people", "leads") and not body.get("name") and \
                (body.get("first_name") or body.get("last_name")):
            pass  # name derived from its parts
        elif "name" not in body or body.get("name") is None:
            raise err422("name", "name is required")
        if entity == "opportunities" and body.get("primary_contact_id") is None:
            raise err422("primary_contact_id", "primary_contact_id is required")
        rec = self.template(entity)
        keys = getattr(dataset, "RECORD_KEYS", {}).get(entity)
        if keys:  # the same key set as the dataset's records
            for k in list(rec):
                if k not in keys:
                    del rec[k]
            for k in keys:
                rec.setdefault(k, None)
        self._apply(entity, rec, body, creating=True)
        if not isinstance(rec.get("name"), str) or not rec["name"].strip():
            raise err422("name", "name is required")
        now = self.now_ts()
        if entity == "opportunities":
            if "company_id" not in body:
                pc = self.records["people"].get(rec.get("primary_contact_id"))
                if pc and hget(self.records["companies"], pc.get("company_id")) is not None:
                    rec["company_id"] = pc["company_id"]
                    rec["company_name"] = self.records["companies"][pc["company_id"]].get("name")
            rec["date_stage_changed"] = now
        if entity == "tasks" and rec["status"] == "Completed":
            rec["completed_date"] = now
        rec["id"] = self.new_id(entity)
        rec["date_created"] = now
        rec["date_modified"] = now
        self._stored(entity, rec)
        return rec

    def update(self, entity, rid, body):
        rec = self.get(entity, rid)
        work = copy.deepcopy(rec)
        if self._apply(entity, work, body):
            self.bump_modified(work)
            self._stored(entity, work)
            return work
        return rec

    def fetch_by_email(self, body):
        if not isinstance(body, dict) or not isinstance(body.get("email"), str):
            raise err422("email", "expected a string")
        pid = self._email_idx().get(body["email"].strip().casefold())
        if pid is None or pid not in self.records["people"]:
            raise ApiError(404, "Resource not found")
        return self.records["people"][pid]

    def _email_idx(self):
        if self._email_index is None:
            idx = {}
            for pid in sorted(self.records["people"]):
                for em in as_list(self.records["people"][pid].get("emails")):
                    if isinstance(em, dict) and isinstance(em.get("email"), str):
                        idx.setdefault(em["email"].casefold(), pid)
            self._email_index = idx
        return self._email_index

    # ---- related items ---------------------------------------------------

    def _own_relations(self, rtype, rec):
        """The relations a record's own fields hold: (type, id) pairs."""
        out = []
        if rtype in ("person", "opportunity") and is_int(rec.get("company_id")):
            out.append(("company", rec["company_id"]))
        if rtype == "opportunity" and is_int(rec.get("primary_contact_id")):
            out.append(("person", rec["primary_contact_id"]))
        if rtype in ("task", "project"):
            rr = rec.get("related_resource")
            if isinstance(rr, dict) and rr.get("type") in TYPE_ENTITY and is_int(rr.get("id")):
                out.append((rr["type"], rr["id"]))
        return out

    def _related_idx(self):
        if self._related_index is None or self._related_index[0] != self.write_gen:
            idx = collections.defaultdict(set)
            for e, recs in self.records.items():
                t = ENTITY_TYPE[e]
                for rid, rec in recs.items():
                    for other in self._own_relations(t, rec):
                        idx[(t, rid)].add(other)
                        idx[other].add((t, rid))
            for pair in self.links:
                a, b = tuple(pair)
                idx[a].add(b)
                idx[b].add(a)
            self._related_index = (self.write_gen, idx)
        return self._related_index[1]

    def _exists(self, key):
        t, rid = key
        return t in TYPE_ENTITY and hget(self.records[TYPE_ENTITY[t]], rid) is not None

    def related(self, entity, rid, only=None):
        self.get(entity, rid)
        if only is not None and only not in ENTITY_TYPE:
            raise ApiError(404, "Not found")
        want = ENTITY_TYPE[only] if only else None
        me = (ENTITY_TYPE[entity], rid)
        found = [k for k in self._related_idx().get(me, ()) if self._exists(k) and
                 (want is None or k[0] == want)]
        return [{"id": i, "type": t} for t, i in sorted(found)]

    def _resource(self, entity, rid, body):
        """(me, other) from a related-items body, both checked to exist."""
        self.get(entity, rid)
        if not isinstance(body, dict) or not isinstance(body.get("resource"), dict):
            raise err422("resource", "expected {\"resource\": {\"id\": <integer>, \"type\": <type>}}")
        r = body["resource"]
        if r.get("type") not in TYPE_ENTITY or not is_int(r.get("id")):
            raise err422("resource", "expected {\"id\": <integer>, \"type\": <singular type>}")
        me, other = (ENTITY_TYPE[entity], rid), (r["type"], r["id"])
        if other[0] not in RELATABLE[me[0]]:
            raise err422("resource", "a %s cannot be related to a %s" % (me[0], other[0]))
        if not self._exists(other):
            raise err422("resource", "no %s with id %d" % other)
        return me, other

    def _with(self, key, change):
        """Applies change(record copy) to a record's fields and stores it."""
        e = TYPE_ENTITY[key[0]]
        work = copy.deepcopy(self.records[e][key[1]])
        change(work)
        self.bump_modified(work)
        self._stored(e, work)

    def relate(self, entity, rid, body):
        me, other = self._resource(entity, rid, body)
        idx = self._related_idx()
        if other in idx.get(me, ()):
            return {"added": True, "resource": {"id": other[1], "type": other[0]}}
        pair = dict([me, other]) if me[0] != other[0] else {}
        for t, i in (me, other):
            if t == "task" and any(self._exists(k) for k in idx.get((t, i), ())):
                raise err422("resource", "a task can be related to at most 1 record")
        person, company = pair.get("person"), pair.get("company")
        if person is not None and company is not None:
            has = self.records["people"][person].get("company_id")
            if is_int(has) and hget(self.records["companies"], has) is not None:
                raise err422("resource", "a person can be related to at most 1 company: remove "
                                         "the relation to company %d first" % has)
            name = self.records["companies"][company].get("name")

            def set_company(r):
                r["company_id"], r["company_name"] = company, name
            self._with(("person", person), set_company)
        elif "task" in pair:
            target = other if me[0] == "task" else me

            def set_related(r):
                r["related_resource"] = {"id": target[1], "type": target[0]}
            self._with(("task", pair["task"]), set_related)
        else:
            self.links.add(frozenset((me, other)))
            self.write_gen += 1
            self._journal({"op": "link", "pair": [list(me), list(other)]})
        return {"added": True, "resource": {"id": other[1], "type": other[0]}}

    def unrelate(self, entity, rid, body):
        me, other = self._resource(entity, rid, body)
        pair = frozenset((me, other))
        if pair in self.links:
            self.links.discard(pair)
            self.write_gen += 1
            self._journal({"op": "unlink", "pair": [list(me), list(other)]})
            return {"removed": True, "resource": {"id": other[1], "type": other[0]}}
        for a, b in ((me, other), (other, me)):
            e = TYPE_ENTITY[a[0]]
            rec = self.records[e][a[1]]
            if b not in self._own_relations(a[0], rec):
                continue
            if a[0] == "opportunity" and b[0] == "person" and rec.get("primary_contact_id") == b[1]:
                raise err422("resource", "an opportunity needs its primary contact: set another "
                                         "one instead")

            def clear(r, b=b):
                if b[0] == "company" and r.get("company_id") == b[1]:
                    r["company_id"] = None
                    if "company_name" in r:
                        r["company_name"] = None
                rr = r.get("related_resource")
                if isinstance(rr, dict) and (rr.get("type"), rr.get("id")) == b:
                    r["related_resource"] = None
            self._with(a, clear)
            return {"removed": True, "resource": {"id": other[1], "type": other[0]}}
        raise err422("resource", "the %s %d is not related to this %s" % (other[0], other[1], me[0]))

    # ---- deleting ----------------------------------------------------------

    def delete(self, entity, rid):
        rec = self.get(entity, rid)
        del self.records[entity][rid]
        for order in self.orders[entity].values():
            order.remove(rid)
        self.write_gen += 1
        self.gen[entity] += 1
        self._tags_cache = None
        if entity == "people" and self._email_index is not None:
            for em in as_list(rec.get("emails")):
                if isinstance(em, dict) and isinstance(em.get("email"), str):
                    if self._email_index.get(em["email"].casefold()) == rid:
                        del self._email_index[em["email"].casefold()]
        me = (ENTITY_TYPE[entity], rid)
        self.links = {p for p in self.links if me not in p}
        if entity == "leads":
            self.converted.discard(rid)
        self._journal({"op": "delete", "entity": entity, "id": rid})
        return {"id": rid, "is_deleted": True}

    def delete_activity(self, aid):
        if aid not in self.activities:
            raise ApiError(404, "Resource not found")
        del self.activities[aid]
        self._act_index = None
        self._act_all = None
        self._journal({"op": "delete_activity", "id": aid})
        return {"id": aid, "is_deleted": True}

    def convert_lead(self, lid, body):
        lead = self.get("leads", lid)
        if lid in self.converted:
            raise ApiError(422, "Lead %d has already been converted" % lid)
        if not isinstance(body, dict):
            raise ApiError(422, "Request body must be a JSON object")
        details = body.get("details", {})
        if details is None:
            details = {}
        if not isinstance(details, dict):
            raise err422("details", "expected an object")
        pd = details.get("person") or {}
        cd = details.get("company")
        od = details.get("opportunity")
        for name, v in (("details.person", pd), ("details.company", cd), ("details.opportunity", od)):
            if v is not None and not isinstance(v, dict):
                raise err422(name, "expected an object")
        # ---- validate everything first, then write ----
        pname = pd.get("name", lead.get("name") if isinstance(lead.get("name"), str) and lead["name"].strip()
                       else "Converted lead %d" % lid)
        if not isinstance(pname, str) or not pname.strip():
            raise err422("details.person.name", "a non-empty string is required")
        ct = self._v_ref(self.contact_types, "contact type")("details.person.contact_type_id",
                                                               pd.get("contact_type_id"))
        la = lead.get("assignee_id")
        pas = self._v_ref(self.users, "user")("details.person.assignee_id",
                                             pd.get("assignee_id", la if hget(self.users, la) else None))
        company = None
        new_company_name = None
        if cd is not None and "id" in cd and cd["id"] is not None:
            company = self.records["companies"].get(self._v_record_ref("companies")("details.company.id", cd["id"]))
        else:
            if cd is not None and "name" in cd:
                cname = cd["name"]
                if cname is not None and not isinstance(cname, str):
                    raise err422("details.company.name", "expected a string")
            else:
                cname = lead.get("company_name") if isinstance(lead.get("company_name"), str) else None
            if cname:
                for c in self.records["companies"].values():
                    if isinstance(c.get("name"), str) and c["name"].casefold() == cname.casefold():
                        company = c
                        break
                else:
                    new_company_name = cname
        if od is not None:
            oname = od.get("name")
            if not isinstance(oname, str) or not oname.strip():
                raise err422("details.opportunity.name", "a non-empty string is required")
            opp_body = {"name": oname}
            for k in ("pipeline_id", "pipeline_stage_id", "monetary_value", "assignee_id"):
                if k in od:
                    opp_body[k] = od[k]
            # dry-run validation on a scratch record
            self._apply("opportunities", self.template("opportunities"), opp_body, creating=True)
        now = self.now_ts()
        if new_company_name:
            cbody = {"name": new_company_name, "assignee_id": pas}
            try:
                cbody["address"] = self._v_address("address", lead.get("address"))
            except ApiError:
                pass
            company = self.create("companies", cbody)
        email = lead.get("email")
        existing = None
        if isinstance(email, dict) and isinstance(email.get("email"), str):
            epid = self._email_idx().get(email["email"].casefold())
            existing = self.records["people"].get(epid) if epid else None
        conv = {"lead_id": lid, "converted_timestamp": now}
        if existing is not None:
            person = copy.deepcopy(existing)
            person.setdefault("leads_converted_from", [])
            person["leads_converted_from"] = list(as_list(person["leads_converted_from"])) + [conv]
            if company is not None and person.get("company_id") is None:
                person["company_id"] = company["id"]
                person["company_name"] = company.get("name")
            self.bump_modified(person)
            self._stored("people", person)
        else:
            pbody = {"name": pname}
            pspecs = self.field_specs("people")
            for k in ("prefix", "title", "details", "phone_numbers", "socials", "websites", "tags", "address"):
                if lead.get(k) is not None:
                    try:  # hostile leads may hold values of the wrong type: leave those out
                        pbody[k] = pspecs[k](k, lead[k])
                    except ApiError:
                        pass
            if "name" not in pd and all(isinstance(lead.get(k), (str, type(None)))
                                        for k in ("first_name", "middle_name", "last_name", "suffix")):
                for k in ("first_name", "middle_name", "last_name", "suffix"):
                    pbody[k] = lead.get(k)
                if not any(pbody.get(k) for k in ("first_name", "last_name")):
                    for k in ("first_name", "middle_name", "last_name", "suffix"):
                        pbody.pop(k, None)
            if isinstance(email, dict) and isinstance(email.get("email"), str):
                pbody["emails"] = [email]
            if ct is not None:
                pbody["contact_type_id"] = ct
            pbody["assignee_id"] = pas
            if company is not None:
                pbody["company_id"] = company["id"]
            cfs = []
            for c in as_list(lead.get("custom_fields")):
                d = hget(self.cfdefs, c.get("custom_field_definition_id")) if isinstance(c, dict) else None
                if d is not None and self.cf_applies(d, "people") and c.get("value") not in (None, []):
                    try:
                        self._cf_value(d, c["value"], "custom_fields")
                        cfs.append(c)
                    except ApiError:
                        pass
            if cfs:
                pbody["custom_fields"] = cfs
            person = self.create("people", pbody)
            person["leads_converted_from"] = [conv]
            person["date_lead_created"] = lead.get("date_created")
            self._stored("people", person)
        opp = None
        if od is not None:
            opp_body["primary_contact_id"] = person["id"]
            if company is not None:
                opp_body["company_id"] = company["id"]
            if is_int(lead.get("customer_source_id")) and lead["customer_source_id"] in self.customer_sources:
                opp_body["customer_source_id"] = lead["customer_source_id"]
            opp = self.create("opportunities", opp_body)
            opp["leads_converted_from"] = [conv]
            opp["date_lead_created"] = lead.get("date_created")
            self._stored("opportunities", opp)
        newlead = copy.deepcopy(lead)
        newlead["converted_contact_id"] = person["id"]
        newlead["converted_opportunity_id"] = opp["id"] if opp is not None else None
        newlead["converted_at"] = now
        conv_status = next((st for st in self.ds.lead_statuses
                            if str(st.get("name", "")).casefold() == "converted"), None)
        if conv_status is not None:
            newlead["status"] = conv_status["name"]
            newlead["status_id"] = conv_status["id"]
        self.bump_modified(newlead)
        self.converted.add(lid)
        self._journal({"op": "converted", "id": lid})
        self._stored("leads", newlead)
        return {"person": person, "company": company, "opportunity": opp}

    # ---- activities ----------------------------------------------------

    def _act_idx(self):
        if self._act_index is None:
            idx = collections.defaultdict(list)
            for a in self.activities.values():
                p = a.get("parent") or {}
                idx[(p.get("type"), p.get("id"))].append(a["id"])
            self._act_index = idx
        return self._act_index

    def create_activity(self, body):
        if not isinstance(body, dict):
            raise ApiError(422, "Request body must be a JSON object")
        p = body.get("parent")
        if not isinstance(p, dict) or p.get("type") not in TYPE_ENTITY or not is_int(p.get("id")):
            raise err422("parent", "expected {\"id\": <integer>, \"type\": <entity type>}")
        if p["id"] not in self.records[TYPE_ENTITY[p["type"]]]:
            raise err422("parent", "no %s with id %d" % (p["type"], p["id"]))
        t = body.get("type")
        if not isinstance(t, dict) or not is_int(t.get("id")) or t.get("category") not in ("user", "system"):
            raise err422("type", "expected {\"id\": <integer>, \"category\": \"user\"}")
        if (t["category"], t["id"]) not in self.activity_type_keys:
            raise err422("type", "unknown activity type %s/%d" % (t["category"], t["id"]))
        det = body.get("details")
        if det is not None and not isinstance(det, str):
            raise err422("details", "expected a string")
        ad = body.get("activity_date")
        if ad is not None and not is_int(ad):
            raise err422("activity_date", "expected a Unix timestamp (integer)")
        now = self.now_ts()
        try:
            cand = int(self.ds.next_id("activities"))
        except Exception:
            cand = 0
        self.act_floor = max(cand, self.act_floor + 1)
        a = {"id": self.act_floor, "parent": {"id": p["id"], "type": p["type"]},
             "type": {"id": t["id"], "category": t["category"]}, "user_id": self.ds.me.get("id"),
             "details": det, "activity_date": ad if ad is not None else now, "old_value": None,
             "new_value": None, "date_created": now, "date_modified": now}
        self._act_stored(a)
        return a

    def _act_stored(self, a, new=True):
        self.activities[a["id"]] = a
        if new and self._act_index is not None:
            p = a["parent"]
            self._act_index[(p["type"], p["id"])].append(a["id"])
        self._act_all = None
        self._journal({"op": "activity", "record": a})

    def update_activity(self, aid, body):
        a = self.activities.get(aid)
        if a is None:
            raise ApiError(404, "Resource not found")
        if not isinstance(body, dict):
            raise ApiError(422, "Request body must be a JSON object")
        new = copy.deepcopy(a)
        if "details" in body:
            new["details"] = self._v_str("details", body["details"])
        if "activity_date" in body:
            if not is_int(body["activity_date"]):
                raise err422("activity_date", "expected a Unix timestamp (integer)")
            new["activity_date"] = body["activity_date"]
        if new != a:
            self.bump_modified(new)
            self._act_stored(new, new=False)
        return new

    def search_activities(self, body):
        body = body if body is not None else {}
        if not isinstance(body, dict):
            raise ApiError(422, "Request body must be a JSON object")
        size, number = self._paging(body)
        preds = []
        parent = body.get("parent")
        if parent is not None:
            if not isinstance(parent, dict) or parent.get("type") not in TYPE_ENTITY or not is_int(parent.get("id")):
                raise err422("parent", "expected {\"id\": <integer>, \"type\": <entity type>}")
            cands = [self.activities[i] for i in self._act_idx().get((parent["type"], parent["id"]), [])
                     if i in self.activities]
        else:
            if self._act_all is None:
                self._act_all = sorted(self.activities.values(),
                                       key=lambda a: (-(a.get("activity_date") or 0), -a["id"]))
            cands = self._act_all
        types = body.get("activity_types")
        if types is not None:
            if not isinstance(types, list) or not all(isinstance(t, dict) and is_int(t.get("id")) for t in types):
                raise err422("activity_types", "expected a list of {\"id\", \"category\"}")
            keys = {(t.get("category"), t["id"]) for t in types}
            ids_any = {t["id"] for t in types if t.get("category") is None}
            preds.append(lambda a: ((a["type"].get("category"), a["type"].get("id")) in keys
                                    or a["type"].get("id") in ids_any))
        for k, op in (("minimum_activity_date", 1), ("maximum_activity_date", -1)):
            if body.get(k) is not None:
                v = body[k]
                if not is_num(v):
                    raise err422(k, "expected a Unix timestamp")
                if op == 1:
                    preds.append(lambda a, v=v: (a.get("activity_date") or 0) >= v)
                else:
                    preds.append(lambda a, v=v: (a.get("activity_date") or 0) <= v)
        out = [a for a in cands if all(p(a) for p in preds)]
        if parent is not None:
            out.sort(key=lambda a: (-(a.get("activity_date") or 0), -a["id"]))
        start = (number - 1) * size
        return out[start:start + size], len(out)

    # ---- listing helpers ---------------------------------------------------

    def tags(self, query):
        if self._tags_cache is None:
            counts = {}
            for t in getattr(self.ds, "tags", None) or []:
                name = t.get("name") if isinstance(t, dict) else t
                if isinstance(name, str):
                    counts.setdefault(name, {e: 0 for e in ENTITY_TYPE})
            for e in ENTITY_TYPE:
                for rec in self.records[e].values():
                    for t in as_list(rec.get("tags")):
                        if isinstance(t, str):
                            counts.setdefault(t, {x: 0 for x in ENTITY_TYPE})[e] += 1
            out = []
            for name, c in counts.items():
                item = {"name": name, "count": sum(c.values())}
                for e in ENTITY_TYPE:
                    item["count_" + e] = c[e]
                out.append(item)
            self._tags_cache = out
        out = self._tags_cache
        names_only = (query.get("tag_names_only") or ["false"])[-1].lower() == "true"
        if names_only:
            names = sorted((t["name"] for t in out), key=str.casefold)
            last = (query.get("last_tag_value") or [None])[-1]
            if last:
                names = [n for n in names if n.casefold() > last.casefold()]
            return names[:10000]
        sort_by = (query.get("sort_by") or ["name"])[-1]
        if sort_by == "count":
            return sorted(out, key=lambda t: (-t["count"], t["name"].casefold()))
        if sort_by != "name":
            raise err422("sort_by", "expected name or count")
        return sorted(out, key=lambda t: t["name"].casefold())

    def computed(self, rec):
        """Copy of rec with computed_value on each custom field."""
        out = dict(rec)
        cfs = []
        if not isinstance(rec.get("custom_fields"), list):
            return out
        for c in rec["custom_fields"]:
            if not isinstance(c, dict):
                cfs.append(c)
                continue
            c2 = dict(c)
            d = hget(self.cfdefs, c.get("custom_field_definition_id"))
            v = c.get("value")
            dt = str((d or {}).get("data_type", "")).casefold()
            if d is not None and dt in ("dropdown", "multiselect"):
                names = {o["id"]: o.get("name") for o in d.get("options") or []}
                if dt == "dropdown":
                    c2["computed_value"] = hget(names, v) if v is not None else None
                else:
                    c2["computed_value"] = [hget(names, x) for x in v] if isinstance(v, list) else v
            else:
                c2["computed_value"] = v
            cfs.append(c2)
        out["custom_fields"] = cfs
        return out

    # ---- search --------------------------------------------------------

    def _paging(self, body):
        size = body.get("page_size", PAGE_SIZE_DEFAULT)
        number = body.get("page_number", 1)
        if size is None:
            size = PAGE_SIZE_DEFAULT
        if number is None:
            number = 1
        if not is_int(size) or size < 1:
            raise err422("page_size", "expected a positive integer")
        if not is_int(number) or number < 1:
            raise err422("page_number", "expected a positive integer")
        return min(size, PAGE_SIZE_MAX), number

    def sort_fields(self, entity):
        recs = self.records
        users = self.users

        def g(k):
            return lambda r: skey_str(r.get(k))

        def gn(k):
            return lambda r: skey_num(r.get(k))

        def addr(k):
            return lambda r: skey_str((r.get("address") or {}).get(k) if isinstance(r.get("address"), dict) else None)

        def first_of(k, sub):
            def f(r):
                lst = r.get(k)
                if isinstance(lst, list) and lst and isinstance(lst[0], dict):
                    return skey_str(lst[0].get(sub))
                return NULL_KEY
            return f

        def user(k):
            return lambda r: skey_str((hget(users, r.get(k)) or {}).get("name"))

        def person(k, sub="name"):
            return lambda r: skey_str((hget(recs["people"], r.get(k)) or {}).get(sub))

        def related(r):
            rr = r.get("related_resource")
            if isinstance(rr, dict) and rr.get("type") in TYPE_ENTITY:
                return skey_str((hget(recs[TYPE_ENTITY[rr["type"]]], rr.get("id")) or {}).get("name"))
            return NULL_KEY

        def enum(k, values):
            return lambda r: (0, values.index(r.get(k))) if r.get(k) in values else NULL_KEY

        def lookup(k, table):
            return lambda r: skey_str((hget(table, r.get(k)) or {}).get("name"))

        base = {"name": g("name"), "date_modified": gn("date_modified"), "date_created": gn("date_created")}
        cross = set()
        if entity in ("people", "leads"):
            base.update({"first_name": g("first_name"), "last_name": g("last_name"), "title": g("title"),
                         "phone": first_of("phone_numbers", "number"), "city": addr("city"),
                         "state": addr("state"), "country": addr("country"), "zip": addr("postal_code"),
                         "interaction_count": gn("interaction_count"),
                         "last_interaction": gn("date_last_contacted"), "company_name": g("company_name"),
                         "assignee": user("assignee_id")})
        if entity == "people":
            base.update({"email": first_of("emails", "email"),
                         "contact_type": lookup("contact_type_id", self.contact_types),
                         "contact_group": lookup("contact_type_id", self.contact_types)})
        if entity == "leads":
            base.update({"email": lambda r: skey_str((r.get("email") or {}).get("email")
                                                     if isinstance(r.get("email"), dict) else None),
                         "value": gn("monetary_value"),
                         "inactive_days": lambda r: skey_num(-r["date_last_contacted"])
                         if is_num(r.get("date_last_contacted")) else NULL_KEY,
                         "status": lookup("status_id", self.lead_statuses),
                         "source": lookup("customer_source_id", self.customer_sources)})
        if entity == "companies":
            base.update({"phone": first_of("phone_numbers", "number"), "contact": person("primary_contact_id"),
                         "contact_first_name": person("primary_contact_id", "first_name"),
                         "contact_last_name": person("primary_contact_id", "last_name"),
                         "email_domain": g("email_domain"), "city": addr("city"), "state": addr("state"),
                         "country": addr("country"), "zip": addr("postal_code"), "assignee": user("assignee_id"),
                         "contact_group": lookup("contact_type_id", self.contact_types),
                         "last_interaction": gn("date_last_contacted"), "interaction_count": gn("interaction_count"),
                         "primary_website": first_of("websites", "url")})
            cross |= {"contact", "contact_first_name", "contact_last_name"}
        if entity == "opportunities":
            base.update({"account": g("company_name"), "company_name": g("company_name"),
                         "value": gn("monetary_value"), "monetary_value": gn("monetary_value"),
                         "assignee": user("assignee_id"), "customer_source_id": gn("customer_source_id"),
                         "contact": person("primary_contact_id"),
                         "stage": lambda r: (0,) + self.stage_pos[r["pipeline_stage_id"]]
                         if r.get("pipeline_stage_id") in self.stage_pos else NULL_KEY,
                         "status": enum("status", OPP_STATUSES),
                         "close_date": lambda r: skey_num(parse_close_date(r.get("close_date"))),
                         "source": lookup("customer_source_id", self.customer_sources),
                         "priority": enum("priority", PRIORITIES), "last_interaction": gn("date_last_contacted"),
                         "interaction_count": gn("interaction_count"), "deal_last_stage": gn("date_stage_changed"),
                         "win_probability": gn("win_probability")})
            cross |= {"contact"}
        # the names used by the dataset module (and likely by clients) as aliases
        for alias, real in (("postal_code", "zip"), ("contact_type", "contact_group"),
                            ("customer_source", "source"), ("date_stage_changed", "deal_last_stage")):
            if real in base and alias not in base:
                base[alias] = base[real]
        if entity == "leads":
            base["monetary_value"] = base["value"]
        if entity == "opportunities":
            base["pipeline"] = lookup("pipeline_id", self.pipelines)
        if entity in ("projects", "tasks"):
            base.update({"assigned_to": user("assignee_id"), "assignee": user("assignee_id"),
                         "related_to": related, "status": g("status")})
            cross |= {"related_to"}
        if entity == "tasks":
            base.update({"priority": enum("priority", PRIORITIES), "due_date": gn("due_date"),
                         "reminder_date": gn("reminder_date"), "completed_date": gn("completed_date")})
        return base, cross

    DEFAULT_SORT = {"people": "first_name", "leads": "name", "opportunities": "name",
                    "companies": "date_modified", "projects": "name", "tasks": "due_date"}

    def order(self, entity, sort_by):
        o = self.orders[entity].get(sort_by)
        if o is None:
            fields, cross = self.sort_fields(entity)
            o = SortedOrder(safe_key(fields[sort_by]), self.records[entity])
            self.orders[entity][sort_by] = o
            if sort_by in cross:
                self.cross_keys[entity].add(sort_by)
        return o

    WARM_SORTS = ("name", "date_modified", "date_created")

    def warm(self):
        """Build the common sort orders in the background, mostly off the lock."""
        for e in ENTITY_TYPE:
            for key in (self.DEFAULT_SORT[e],) + self.WARM_SORTS:
                with self.lock:
                    if key in self.orders[e]:
                        continue
                    gen = self.gen[e]
                    snap = dict(self.records[e])
                    keyfn = safe_key(self.sort_fields(e)[0][key])
                order = SortedOrder(keyfn, snap)
                with self.lock:
                    if key not in self.orders[e] and self.gen[e] == gen:
                        self.orders[e][key] = order

    def search(self, entity, body):
        if body is None:
            body = {}
        if not isinstance(body, dict):
            raise ApiError(422, "Request body must be a JSON object")
        size, number = self._paging(body)
        fields, _ = self.sort_fields(entity)
        sort_by = body.get("sort_by")
        if sort_by is None:
            sort_by = self.DEFAULT_SORT[entity]
        if not isinstance(sort_by, str) or sort_by not in fields:
            raise err422("sort_by", "cannot sort %s by %r; sortable fields: %s"
                         % (entity, sort_by, ", ".join(sorted(fields))))
        direction = body.get("sort_direction", "asc")
        if direction is None:
            direction = "asc"
        if direction not in ("asc", "desc"):
            raise err422("sort_direction", "expected asc or desc")
        flt = SearchFilters(self, entity)
        preds = flt.build(body)
        hidden = flt.hidden
        order = self.order(entity, sort_by)
        items = order.items
        seq = items if direction == "asc" else reversed(items)
        start = (number - 1) * size
        cap = self.search_cap
        if hidden and not preds:  # e.g. leads without converted ones: skip them while paging
            total = len(items) - len(hidden)
            lo, hi = min(start, cap), min(start + size, cap)
            ids = list(itertools.islice((rid for _, rid in seq if rid not in hidden), lo, hi))
            return [self.records[entity][i] for i in ids], total
        if hidden:
            preds.append(lambda r: r["id"] not in hidden)
        if not preds:
            total = len(items)
            lo, hi = min(start, cap), min(start + size, cap)
            if direction == "asc":
                ids = [rid for _, rid in items[lo:hi]]
            else:
                n = len(items)
                ids = [rid for _, rid in reversed(items[max(0, n - hi):max(0, n - lo)])]
            return [self.records[entity][i] for i in ids], total
        recs = self.records[entity]
        if len(preds) == 1:
            p0 = preds[0]
            matched = [rid for _, rid in seq if p0(recs[rid])]
        else:
            matched = []
            for _, rid in seq:
                r = recs[rid]
                for p in preds:
                    if not p(r):
                        break
                else:
                    matched.append(rid)
        total = len(matched)
        capped = matched[:cap]
        return [recs[i] for i in capped[start:start + size]], total


class SearchFilters:
    """Turns a search body into predicates; wrong types are 422 naming the field."""

    def __init__(self, store, entity):
        self.s = store
        self.e = entity
        self.hidden = None  # ids excluded unless asked for (converted leads)

    # -- value parsers --
    @staticmethod
    def ids(field, v):
        if not isinstance(v, list) or not all(is_int(x) for x in v):
            raise err422(field, "expected a list of integer ids")
        return set(v)

    @staticmethod
    def strs(field, v):
        if isinstance(v, str):
            return [v]
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            raise err422(field, "expected a list of strings")
        return v

    @staticmethod
    def num(field, v):
        if not is_num(v):
            raise err422(field, "expected a number")
        return v

    def build(self, body):
        e = self.e
        s = self.s
        P = []
        g = body.get

        def idfilter(field, getter, nullable=True):
            v = g(field)
            if v is None:
                return
            want = self.ids(field, v)
            if not want:
                return
            none = -2 in want and nullable
            P.append(lambda r: getter(r) in want or (none and getter(r) is None))

        idfilter("ids", lambda r: r.get("id"), nullable=False)
        if g("name") is not None:
            v = g("name")
            if not isinstance(v, str):
                raise err422("name", "expected a string")
            needle = v.casefold()
            if needle:
                P.append(lambda r: isinstance(r.get("name"), str) and needle in r["name"].casefold())
        if g("phone_number") is not None:
            v = g("phone_number")
            if not isinstance(v, str):
                raise err422("phone_number", "expected a string")
            dv = digits(v)
            if dv:
                P.append(lambda r: any(isinstance(p, dict) and dv in digits(p.get("number"))
                                       for p in r.get("phone_numbers") or []))
        if g("emails") is not None and e in ("people", "leads"):
            want = {x.strip().casefold() for x in self.strs("emails", g("emails"))}
            if want:
                if e == "people":
                    P.append(lambda r: any(isinstance(m, dict) and isinstance(m.get("email"), str)
                                           and m["email"].casefold() in want for m in r.get("emails") or []))
                else:
                    P.append(lambda r: isinstance(r.get("email"), dict) and isinstance(r["email"].get("email"), str)
                             and r["email"]["email"].casefold() in want)
        if g("email_domains") is not None and e == "companies":
            want = {x.strip().casefold() for x in self.strs("email_domains", g("email_domains"))}
            if want:
                P.append(lambda r: isinstance(r.get("email_domain"), str) and r["email_domain"].casefold() in want)
        if g("socials") is not None and e in ("people", "leads", "companies"):
            want = {x.strip().casefold() for x in self.strs("socials", g("socials"))}
            if want:
                P.append(lambda r: any(isinstance(x, dict) and isinstance(x.get("url"), str)
                                       and x["url"].casefold() in want for x in r.get("socials") or []))
        idfilter("assignee_ids", lambda r: r.get("assignee_id"))
        if e in ("people", "companies"):
            idfilter("contact_type_ids", lambda r: r.get("contact_type_id"))
        if e == "people":
            idfilter("company_ids", lambda r: r.get("company_id"))
            if g("company_id") is not None:  # the reference's "Search by Company Id" example
                v = g("company_id")
                if not is_int(v):
                    raise err422("company_id", "expected an integer id")
                P.append(lambda r: r.get("company_id") == v)
            self._opp_people(g, P)
        if e in ("leads", "opportunities"):
            idfilter("customer_source_ids", lambda r: r.get("customer_source_id"))
        if e == "leads":
            idfilter("status_ids", lambda r: r.get("status_id"))
            inc = g("include_converted_leads")
            if inc is not None and not isinstance(inc, bool):
                raise err422("include_converted_leads", "expected true or false")
            if not inc and s.converted:
                self.hidden = s.converted  # applied by Store.search (fast path when alone)
        if e == "opportunities":
            idfilter("company_ids", lambda r: r.get("company_id"))
            idfilter("pipeline_ids", lambda r: r.get("pipeline_id"))
            idfilter("pipeline_stage_ids", lambda r: r.get("pipeline_stage_id"))
            idfilter("primary_contact_ids", lambda r: r.get("primary_contact_id"))
            idfilter("loss_reason_ids", lambda r: r.get("loss_reason_id"))
            self._status_filter(g, P, OPP_STATUSES)
            if g("priority_ids") is not None:
                want = self.ids("priority_ids", g("priority_ids"))
                names = {PRIORITIES[i] for i in want if 0 <= i < len(PRIORITIES)}
                P.append(lambda r: r.get("priority") in names)
            for key in ("priorities", "priority"):
                if g(key) is not None:
                    names = set(self.strs(key, g(key)))
                    bad = names - set(PRIORITIES)
                    if bad:
                        raise err422(key, "unknown priority %r" % sorted(bad)[0])
                    P.append(lambda r, names=names: r.get("priority") in names)
        if e == "projects":
            self._status_filter(g, P, PROJECT_STATUSES)
        if e == "tasks":
            self._status_filter(g, P, TASK_STATUSES)
            for key in ("priorities", "priority"):
                if g(key) is not None:
                    names = set(self.strs(key, g(key)))
                    bad = names - set(PRIORITIES)
                    if bad:
                        raise err422(key, "unknown priority %r" % sorted(bad)[0])
                    P.append(lambda r, names=names: r.get("priority") in names)
            self._related_ids(g, P, "project_ids", "project")
            self._related_ids(g, P, "opportunity_ids", "opportunity")
            self._related_ids(g, P, "company_ids", "company")
            self._related_ids(g, P, "person_ids", "person")
            self._related_ids(g, P, "lead_ids", "lead")
            rr = g("related_resource")
            if rr is not None:
                if not isinstance(rr, dict) or rr.get("type") not in TYPE_ENTITY or not is_int(rr.get("id")):
                    raise err422("related_resource", "expected {\"id\": <integer>, \"type\": <entity type>}")
                P.append(lambda r, rr=rr: isinstance(r.get("related_resource"), dict)
                         and r["related_resource"].get("type") == rr["type"]
                         and r["related_resource"].get("id") == rr["id"])
        if e in ("people", "leads", "companies"):
            for k in ("city", "state", "postal_code", "country"):
                self._addr_filter(g, P, k)
        self._tags(g, P)
        if g("followed") is not None:
            v = g("followed")
            if v not in (1, 2) or isinstance(v, bool):
                raise err422("followed", "expected 1 (followed) or 2 (not followed)")
            want = v == 1
            P.append(lambda r: s.is_followed(e, r) == want)
        if g("age") is not None:
            v = self.num("age", g("age"))
            floor = s.now_ts() - v
            P.append(lambda r: is_num(r.get("date_created")) and r["date_created"] >= floor)
        ranges = [("created_date", lambda r: r.get("date_created"))]
        if e in ("people", "leads", "companies", "opportunities"):
            ranges += [("interaction_count", lambda r: r.get("interaction_count")),
                       ("interaction_date", lambda r: r.get("date_last_contacted"))]
        if e in ("leads", "opportunities", "projects", "tasks", "people", "companies"):
            ranges.append(("modified_date", lambda r: r.get("date_modified")))
        if e in ("leads", "opportunities"):
            ranges.append(("monetary_value", lambda r: r.get("monetary_value")))
        if e == "leads":
            ranges.append(("status_change_date",
                           lambda r: r.get("date_status_changed", r.get("date_created"))))
        if e == "opportunities":
            ranges += [("close_date", lambda r: parse_close_date(r.get("close_date"))),
                       ("stage_change_date", lambda r: r.get("date_stage_changed"))]
        if e == "tasks":
            ranges += [("due_date", lambda r: r.get("due_date")),
                       ("reminder_date", lambda r: r.get("reminder_date")),
                       ("completed_date", lambda r: r.get("completed_date"))]
        for name, getter in ranges:
            lo, hi = g("minimum_" + name), g("maximum_" + name)
            if lo is not None:
                lo = self.num("minimum_" + name, lo)
                P.append(lambda r, lo=lo, getter=getter: is_num(getter(r)) and getter(r) >= lo)
            if hi is not None:
                hi = self.num("maximum_" + name, hi)
                P.append(lambda r, hi=hi, getter=getter: is_num(getter(r)) and getter(r) <= hi)
        self._custom_fields(g, P)
        return [safe_pred(p) for p in P]

    def _opp_people(self, g, P):
        v = g("opportunity_ids")
        if v is None:
            return
        want = self.ids("opportunity_ids", v)
        if not want:
            return
        people = set()
        for oid in want:
            o = self.s.records["opportunities"].get(oid)
            if o and o.get("primary_contact_id") is not None:
                people.add(o["primary_contact_id"])
        P.append(lambda r: r["id"] in people)

    def _related_ids(self, g, P, field, rtype):
        v = g(field)
        if v is None:
            return
        want = self.ids(field, v)
        if not want:
            return
        none = -2 in want

        def pred(r):
            rr = r.get("related_resource")
            if isinstance(rr, dict) and rr.get("type") == rtype:
                return rr.get("id") in want
            return none
        P.append(pred)

    def _status_filter(self, g, P, values):
        if g("status_ids") is not None:
            want = self.ids("status_ids", g("status_ids"))
            names = {values[i] for i in want if 0 <= i < len(values)}
            P.append(lambda r: r.get("status") in names)
        if g("statuses") is not None:
            names = set(self.strs("statuses", g("statuses")))
            bad = names - set(values)
            if bad:
                raise err422("statuses", "unknown status %r; expected %s" % (sorted(bad)[0], ", ".join(values)))
            P.append(lambda r: r.get("status") in names)

    def _addr_filter(self, g, P, k):
        v = g(k)
        if v is None:
            return
        allow_empty = False
        if isinstance(v, dict):
            allow_empty = v.get("allow_empty", False)
            if not isinstance(allow_empty, bool):
                raise err422(k, "'allow_empty' must be true or false")
            v = v.get("value")
            if v is not None and not isinstance(v, str):
                raise err422(k, "expected a string")
        elif not isinstance(v, str):
            raise err422(k, "expected a string or {\"value\", \"allow_empty\"}")
        want = v.casefold() if v else None

        def pred(r):
            a = r.get("address")
            x = a.get(k) if isinstance(a, dict) else None
            if not x:
                return allow_empty
            return want is not None and isinstance(x, str) and x.casefold() == want
        if want is None and not allow_empty:
            return
        P.append(pred)

    def _tags(self, g, P):
        v = g("tags")
        if v is None:
            return
        option, allow_empty = "ANY", False
        if isinstance(v, dict):
            option = v.get("option", "ANY")
            allow_empty = v.get("allow_empty", False)
            if option not in ("ANY", "ALL", "NONE"):
                raise err422("tags", "option must be ANY, ALL or NONE")
            if not isinstance(allow_empty, bool):
                raise err422("tags", "'allow_empty' must be true or false")
            v = v.get("value", [])
            if v is None:
                v = []
        if not isinstance(v, list) or not all(isinstance(t, str) for t in v):
            raise err422("tags", "expected a list of strings or {\"option\", \"value\", \"allow_empty\"}")
        want = {t.casefold() for t in v}
        if not want and not allow_empty:
            return  # an empty tag list filters nothing

        if option == "ANY" and not allow_empty:
            P.append(lambda r: any(isinstance(t, str) and t.casefold() in want for t in as_list(r.get("tags"))))
            return

        def pred(r):
            have = {t.casefold() for t in as_list(r.get("tags")) if isinstance(t, str)}
            if not have:
                return allow_empty or (option == "NONE" and bool(want))
            if not want:
                return False
            if option == "ALL":
                return want <= have
            if option == "NONE":
                return not (want & have)
            return bool(want & have)
        P.append(pred)

    def _custom_fields(self, g, P):
        v = g("custom_fields")
        if v is None:
            return
        if not isinstance(v, list):
            raise err422("custom_fields", "expected a list of filters")
        for f in v:
            if not isinstance(f, dict) or not is_int(f.get("custom_field_definition_id")):
                raise err422("custom_fields", "each filter needs an integer custom_field_definition_id")
            did = f["custom_field_definition_id"]
            d = self.s.cfdefs.get(did)
            if d is None:
                raise err422("custom_fields", "unknown custom_field_definition_id %d" % did)
            field = "custom_fields[%d]" % did
            dt = str(d.get("data_type", "")).casefold()
            allow_empty = f.get("allow_empty", False)
            if not isinstance(allow_empty, bool):
                raise err422(field, "'allow_empty' must be true or false")

            def val(r, did=did):
                for c in r.get("custom_fields") or []:
                    if c.get("custom_field_definition_id") == did:
                        return c.get("value")
                return None

            if dt in ("string", "text", "url"):
                raise err422(field, "text custom fields are not searchable")
            if dt in ("dropdown", "multiselect"):
                want = f.get("value")
                if want is None:
                    want = []
                if is_int(want):
                    want = [want]
                if not isinstance(want, list) or not all(is_int(x) for x in want):
                    raise err422(field, "expected a list of option ids")
                want = set(want)
                option = f.get("option", "ANY")
                if option not in ("ANY", "ALL", "NONE"):
                    raise err422(field, "option must be ANY, ALL or NONE")
                if not want and not allow_empty:
                    continue

                def pred(r, want=want, option=option, allow_empty=allow_empty, val=val):
                    x = val(r)
                    have = set(x) if isinstance(x, list) else ({x} if x is not None else set())
                    if not have:
                        return allow_empty
                    if not want:
                        return False
                    if option == "ALL":
                        return want <= have
                    if option == "NONE":
                        return not (want & have)
                    return bool(want & have)
                P.append(pred)
            elif dt == "checkbox":
                want = f.get("value")
                if not isinstance(want, bool):
                    raise err422(field, "expected true or false")
                P.append(lambda r, want=want, val=val: bool(val(r)) == want)
            else:  # Date, Float, Percentage, Currency: ranges (or exact value)
                lo = f.get("minimum_value", f.get("min_value"))
                hi = f.get("maximum_value", f.get("max_value"))
                exact = f.get("value")
                for name, x in (("minimum_value", lo), ("maximum_value", hi), ("value", exact)):
                    if x is not None and not is_num(x):
                        raise err422(field, "'%s' must be a number" % name)
                if lo is None and hi is None and exact is None:
                    if allow_empty:
                        P.append(lambda r, val=val: val(r) is None)
                    continue

                def pred(r, lo=lo, hi=hi, exact=exact, val=val, allow_empty=allow_empty):
                    x = val(r)
                    if not is_num(x):
                        return allow_empty and x is None
                    if exact is not None and x != exact:
                        return False
                    if lo is not None and x < lo:
                        return False
                    if hi is not None and x > hi:
                        return False
                    return True
                P.append(pred)


# --------------------------------------------------------------------------
# Faults, rate limit, request log
# --------------------------------------------------------------------------

BOMB_KINDS = ("values", "size", "deep")
_bombs = {}
_bombs_lock = threading.Lock()


def gzip_repeated(head, block, count, tail):
    """gzip of head + block * count + tail, made without compressing count
    blocks: after a full flush deflate forgets everything before it, so the
    block's compressed form can be repeated as it is."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(head) + c.flush(zlib.Z_FULL_FLUSH)
    chunk = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    last = c.compress(tail) + c.flush()
    crc = zlib.crc32(head)
    for _ in range(count):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head) + len(block) * count + len(tail)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"  # gzip, deflate, no name, Unix
    return header + first + chunk * count + last + struct.pack("<II", crc, size & 0xffffffff)


def bomb_payload(kind, mb=None, depth=None):
    """The gzip-encoded body of a bomb (see fail_next), built once."""
    key = (kind, mb, depth)
    with _bombs_lock:
        if key not in _bombs:
            mib = 1 << 20
            if kind == "values":
                body = gzip_repeated(b"[", b"0," * (mib // 2), (mb or 60) - 1,
                                     b"0," * (mib // 2 - 1) + b"0]")
            elif kind == "size":
                body = gzip_repeated(b"[", b" " * mib, (mb or 256) - 1, b" " * (mib - 2) + b"]")
            else:
                d = depth or 500
                body = gzip_repeated(b"", b"[", d, b"]" * d)
            _bombs[key] = body
        return _bombs[key]


class Faults:
    KNOBS = {"latency": float, "jitter": float, "error_rate": float, "malformed_rate": float,
             "truncate_rate": float, "drop_rate": float, "trickle": float, "rate_limit": int,
             "rate_window": float}
    ALIASES = {"latency_ms": "latency", "jitter_ms": "jitter", "trickle_bps": "trickle"}

    def __init__(self, args):
        self.lock = threading.Lock()
        self.values = {k: getattr(args, k) for k in self.KNOBS}
        self.fault_seed = args.fault_seed
        self.rng = random.Random(args.fault_seed)
        self.fail_rules = []

    def get(self, k):
        with self.lock:
            return self.values[k]

    def snapshot(self):
        with self.lock:
            d = dict(self.values)
            d["fault_seed"] = self.fault_seed
            d["fail_next"] = [dict(r) for r in self.fail_rules]
            return d

    def update(self, body):
        if not isinstance(body, dict):
            raise ApiError(400, "expected a JSON object")
        clean = {}
        for k, v in body.items():
            k = str(k).replace("-", "_")
            k = self.ALIASES.get(k, k)
            if k == "fault_seed":
                if v is not None and not is_int(v):
                    raise ApiError(400, "fault_seed must be an integer")
                clean[k] = v
                continue
            if k not in self.KNOBS:
                raise ApiError(400, "unknown knob %r" % k)
            if not is_num(v) or v < 0 or (k.endswith("_rate") and v > 1):
                raise ApiError(400, "bad value for %s" % k)
            clean[k] = self.KNOBS[k](v)
        with self.lock:
            for k, v in clean.items():
                if k == "fault_seed":
                    self.fault_seed = v
                    self.rng = random.Random(v)
                else:
                    self.values[k] = v
        return "rate_limit" in clean or "rate_window" in clean

    def roll(self, knob):
        with self.lock:
            p = self.values[knob]
            if p <= 0:
                return False
            return self.rng.random() < p

    def choice(self, seq):
        with self.lock:
            return self.rng.choice(seq)

    def delay(self):
        with self.lock:
            lat, jit = self.values["latency"], self.values["jitter"]
            extra = self.rng.uniform(0, jit) if jit > 0 else 0
        return (lat + extra) / 1000.0

    def add_rule(self, body):
        if not isinstance(body, dict):
            raise ApiError(400, "expected a JSON object")
        if body.get("clear") is True:
            with self.lock:
                self.fail_rules = []
            return []
        count = body.get("count", 1)
        bomb = body.get("bomb")
        if bomb is not None and bomb not in BOMB_KINDS:
            raise ApiError(400, "bomb must be one of %s" % ", ".join(BOMB_KINDS))
        for k in ("bomb_mb", "bomb_depth"):
            if body.get(k) is not None and (not is_int(body[k]) or not 1 <= body[k] <= 4096 * 16):
                raise ApiError(400, "%s must be a whole number from 1 to 65536" % k)
        answers = bomb is not None or "body" in body
        status = body.get("status", 200 if answers else 500)
        prefix = body.get("path_prefix", "")
        method = body.get("method")
        if not is_int(count) or count < 0 or not is_int(status) or not 100 <= status <= 599:
            raise ApiError(400, "count must be >= 0 and status an HTTP status")
        if prefix is None:
            prefix = ""
        if not isinstance(prefix, str) or (method is not None and not isinstance(method, str)):
            raise ApiError(400, "path_prefix and method must be strings")
        if prefix and not prefix.startswith("/developer_api"):
            prefix = API_PREFIX + ("" if prefix.startswith("/") else "/") + prefix
        after = body.get("after", False)
        if not isinstance(after, bool):
            raise ApiError(400, "after must be true or false")
        rule = {"count": count, "status": status, "path_prefix": prefix,
                "method": method.upper() if method else None, "message": body.get("message"),
                "after": after, "bomb": bomb, "bomb_mb": body.get("bomb_mb"),
                "bomb_depth": body.get("bomb_depth")}
        if "body" in body:
            rule["body"] = body["body"]
        with self.lock:
            if count > 0:
                self.fail_rules.append(rule)
            return [dict(r) for r in self.fail_rules]

    def take_rule(self, method, path):
        with self.lock:
            for r in self.fail_rules:
                if path.startswith(r["path_prefix"]) and (r["method"] is None or r["method"] == method):
                    r["count"] -= 1
                    if r["count"] <= 0:
                        self.fail_rules.remove(r)
                    return r
        return None


class RateLimiter:
    def __init__(self):
        self.lock = threading.Lock()
        self.windows = collections.defaultdict(collections.deque)

    def reset(self):
        with self.lock:
            self.windows.clear()

    def allow(self, user, limit, window=60.0):
        if limit <= 0:
            return True
        now = time.monotonic()
        with self.lock:
            w = self.windows[user]
            while w and w[0] <= now - window:
                w.popleft()
            if len(w) >= limit:
                return False
            w.append(now)
            return True


class RequestLog:
    def __init__(self, path):
        self.lock = threading.Lock()
        self.entries = collections.deque(maxlen=200000)
        self.f = open(path, "a", encoding="utf-8") if path else None

    def add(self, entry):
        line = json.dumps(entry, ensure_ascii=True)
        with self.lock:
            self.entries.append(entry)
            if self.f:
                self.f.write(line + "\n")
                self.f.flush()

    def clear(self):
        with self.lock:
            self.entries.clear()

    def all(self):
        with self.lock:
            return list(self.entries)

    def close(self):
        with self.lock:
            if self.f:
                self.f.close()
                self.f = None


# --------------------------------------------------------------------------
# HTTP
# --------------------------------------------------------------------------

BAD_REQUEST_HTML = (b"<!DOCTYPE html>\n<html><head><title>400 Bad Request</title></head>\n"
                    b"<body><h1>Bad Request</h1><p>Your client has issued a malformed or illegal "
                    b"request.</p></body></html>\n")


class Drop(Exception):
    pass


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "CopperSandbox/1.0"
    sys_version = ""

    def log_message(self, fmt, *args):
        pass

    def version_string(self):
        return self.server_version

    def setup(self):
        super().setup()
        try:
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass

    # every method goes through one dispatcher
    def do_GET(self):
        self.dispatch()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = do_GET

    # ---- body --------------------------------------------------------
    def read_body(self):
        te = (self.headers.get("Transfer-Encoding") or "").lower()
        if "chunked" in te:
            chunks = []
            while True:
                line = self.rfile.readline(65537)
                if not line:
                    break
                try:
                    n = int(line.split(b";")[0].strip(), 16)
                except ValueError:
                    break
                if n == 0:
                    while True:  # trailers
                        t = self.rfile.readline(65537)
                        if t in (b"\r\n", b"\n", b""):
                            break
                    break
                chunks.append(self.rfile.read(n))
                self.rfile.readline(65537)
            return b"".join(chunks), True
        try:
            n = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            n = 0
        if n > 0:
            return self.rfile.read(n), True
        return b"", False

    # ---- output ------------------------------------------------------
    def send(self, status, body, ctype=JSON_CT, headers=None, close=False, faults=None):
        entry = getattr(self, "_entry", None)
        if entry is not None:  # logged before the answer leaves, so a client that got
            entry["status"] = status  # its answer always finds the request in the log
            self.server.app.log.add(entry)
            self._entry = None
        truncate = trickle = 0
        if faults:
            truncate = faults.get("truncate")
            trickle = faults.get("trickle") or 0
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if close:
            self.send_header("Connection", "close")
        if close or truncate:  # a truncated answer just stops: the connection is cut
            self.close_connection = True
        # headers and body leave in one write (no Nagle/delayed-ACK stall)
        self._headers_buffer.append(b"\r\n")
        head = b"".join(self._headers_buffer)
        self._headers_buffer = []
        if self.command == "HEAD":
            self.wfile.write(head)
            return
        if truncate:
            self.wfile.write(head + body[:len(body) // 2])
            return
        if trickle > 0:
            self.wfile.write(head)
            step = max(1, int(trickle / 20))
            for i in range(0, len(body), step):
                time.sleep(len(body[i:i + step]) / trickle)
                self.wfile.write(body[i:i + step])
            return
        self.wfile.write(head + body)

    def send_json(self, status, obj, headers=None, faults=None):
        self.send(status, dumps(obj), headers=headers, faults=faults)

    def error_json(self, status, message):
        return {"success": False, "status": status, "message": message}

    # ---- main dispatcher -----------------------------------------------
    def dispatch(self):
        app = self.server.app
        split = urlsplit(self.path)
        path = split.path
        query = parse_qs(split.query, keep_blank_values=True)
        raw, has_body = self.read_body()
        if path.startswith("/_sandbox/") or path == "/_sandbox":
            return self.control(app, path, raw)
        entry = {"ts": round(time.time(), 3), "method": self.command, "path": path,
                 "query": {k: (v[0] if len(v) == 1 else v) for k, v in query.items()},
                 "body": None, "status": None}
        if raw:
            try:
                entry["body"] = json.loads(raw)
            except ValueError:
                entry["body"] = raw.decode("utf-8", "replace")
        self._entry = entry
        try:
            self.api(app, path, query, raw, has_body, entry)
        except Drop:
            entry["status"] = None
            entry.setdefault("fault", "drop")
            self.close_connection = True
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception:  # a sandbox bug: say so rather than drop the connection
            import traceback
            traceback.print_exc()
            try:
                self._headers_buffer = []
                self.send_json(500, self.error_json(500, "sandbox internal error"))
            except OSError:
                self.close_connection = True
        if self._entry is not None:  # nothing was sent (dropped)
            app.log.add(self._entry)
            self._entry = None

    def api(self, app, path, query, raw, has_body, entry):
        d = app.faults.delay()
        if d > 0:
            time.sleep(d)
        if self.command == "GET" and has_body:
            self.send(400, BAD_REQUEST_HTML, ctype="text/html; charset=UTF-8", close=True)
            return 400
        if not path.startswith(API_PREFIX + "/"):
            self.send_json(404, self.error_json(404, "Not found"))
            return 404
        user = self.authenticate(app)
        if user is None:
            self.send_json(401, self.error_json(401, "Invalid authentication credentials"))
            return 401
        if not app.ratelimiter.allow(user, app.faults.get("rate_limit"), app.faults.get("rate_window")):
            self.send_json(429, self.error_json(429, "Rate limit exceeded"))
            return 429
        rule = app.faults.take_rule(self.command, path)
        if rule is not None and rule.get("after"):
            # the request is carried out, then the connection drops before
            # any answer: the client cannot know the write happened
            try:
                app.route(self.command, path[len(API_PREFIX):], query, json.loads(raw) if raw else None)
            except (ApiError, ValueError):
                pass
            entry["fault"] = "drop_after"
            raise Drop()
        if rule is not None:
            st = rule["status"]
            entry["fault"] = "fail_next"
            if rule.get("bomb"):
                entry["fault"] = "bomb"
                self.send(st, bomb_payload(rule["bomb"], rule.get("bomb_mb"), rule.get("bomb_depth")),
                          headers={"Content-Encoding": "gzip"})
            elif "body" in rule:
                self.send_json(st, rule["body"])
            else:
                self.send_json(st, self.error_json(st, rule.get("message") or "Injected failure (fail_next)"))
            return st
        if app.faults.roll("drop_rate"):
            raise Drop()
        if app.faults.roll("error_rate"):
            st = app.faults.choice((500, 502, 503))
            entry["fault"] = "error"
            self.send_json(st, self.error_json(st, "Internal server error (sandbox fault)"))
            return st
        body = None
        if raw:
            try:
                body = json.loads(raw)
            except ValueError:
                self.send_json(400, self.error_json(400, "Malformed JSON request body"))
                return 400
        try:
            status, obj, headers = app.route(self.command, path[len(API_PREFIX):], query, body)
        except ApiError as e:
            status, obj, headers = e.status, self.error_json(e.status, e.message), {}
        faults = {}
        if status == 200 and app.faults.roll("malformed_rate"):
            payload = b'{"id": 1, "name": "broken' + b'\x00' + b'", [}'
            entry["fault"] = "malformed"
        else:
            payload = obj if isinstance(obj, bytes) else dumps(obj)
        if app.faults.roll("truncate_rate"):
            faults["truncate"] = True
            entry["fault"] = "truncate"
        tr = app.faults.get("trickle")
        if tr > 0:
            faults["trickle"] = tr
        self.send(status, payload, headers=headers, faults=faults)
        return status

    def authenticate(self, app):
        auth = self.headers.get("Authorization")
        if auth:
            parts = auth.split(None, 1)
            if len(parts) == 2 and parts[0].lower() == "bearer" and parts[1].strip() == app.token:
                return app.email.casefold()
        tok = self.headers.get("X-PW-AccessToken")
        em = self.headers.get("X-PW-UserEmail")
        ap = self.headers.get("X-PW-Application")
        if tok != app.token or ap != "developer_api" or not em or em.strip().casefold() != app.email.casefold():
            return None
        return app.email.casefold()

    # ---- control API -----------------------------------------------------
    def control(self, app, path, raw):
        self._entry = None
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            return self.send_json(400, {"ok": False, "error": "malformed JSON"})
        m = self.command
        try:
            if path == "/_sandbox/health" and m == "GET":
                with app.store.lock:
                    counts = {e: len(app.store.records[e]) for e in ENTITY_TYPE}
                return self.send_json(200, {"ok": True, "records": counts, "pid": os.getpid(),
                                            "uptime": round(time.time() - app.started, 3)})
            if path == "/_sandbox/config" and m == "GET":
                return self.send_json(200, app.faults.snapshot())
            if path == "/_sandbox/config" and m == "POST":
                if app.faults.update(body if body is not None else {}):
                    app.ratelimiter.reset()
                return self.send_json(200, app.faults.snapshot())
            if path == "/_sandbox/log/clear" and m == "POST":
                app.log.clear()
                return self.send_json(200, {"ok": True})
            if path == "/_sandbox/log" and m == "GET":
                return self.send_json(200, app.log.all())
            if path == "/_sandbox/fail_next" and m == "POST":
                return self.send_json(200, {"ok": True, "rules": app.faults.add_rule(body or {})})
            mm = re.fullmatch(r"/_sandbox/mutate/([a-z]+)", path)
            if mm and m == "POST":
                return self.send_json(200, self.mutate_many(app, mm.group(1), body))
            mm = re.fullmatch(r"/_sandbox/mutate/([a-z]+)/(\d+)", path)
            if mm and m == "POST":
                entity, rid = mm.group(1), int(mm.group(2))
                if entity not in ENTITY_TYPE:
                    raise ApiError(404, "unknown entity")
                with app.store.lock:
                    rec = app.store.get(entity, rid)
                    work = copy.deepcopy(rec)
                    app.store._apply(entity, work, body if body is not None else {})
                    app.store.bump_modified(work)  # a colleague saved the record
                    app.store._stored(entity, work)
                    return self.send(200, dumps(work))
            return self.send_json(404, {"ok": False, "error": "unknown control endpoint"})
        except ApiError as e:
            return self.send_json(e.status, {"ok": False, "success": False, "status": e.status,
                                             "message": e.message})

    @staticmethod
    def mutate_many(app, entity, body):
        """POST /_sandbox/mutate/{entity} {"ids": [...], "changes": {...}}: the
        same partial update, as a colleague's, of many records at once."""
        if entity not in ENTITY_TYPE:
            raise ApiError(404, "unknown entity")
        if not isinstance(body, dict) or not isinstance(body.get("ids"), list) \
                or not all(is_int(i) for i in body["ids"]):
            raise ApiError(400, "expected {\"ids\": [integer ids], \"changes\": {...}}")
        changes = body.get("changes") or {}
        if not isinstance(changes, dict):
            raise ApiError(400, "changes: expected an object")
        with app.store.lock:
            recs = [app.store.get(entity, rid) for rid in body["ids"]]  # 404 before any change
            for rec in recs:
                work = copy.deepcopy(rec)
                app.store._apply(entity, work, changes)
                app.store.bump_modified(work)
                app.store._stored(entity, work)
        return {"ok": True, "count": len(recs)}


class App:
    def __init__(self, args, ds):
        self.args = args
        self.ds = ds
        self.token = args.token
        self.email = args.email or ds.me.get("email")
        self.store = Store(ds, args.state, args.search_cap)
        self.faults = Faults(args)
        self.ratelimiter = RateLimiter()
        self.log = RequestLog(args.log)
        self.started = time.time()

    # (status, obj_or_bytes, headers)
    def route(self, method, path, query, body):
        st = self.store
        computed = (query.get("custom_field_computed_values") or ["false"])[-1].lower() == "true"
        parts = [p for p in path.split("/") if p]

        def out(rec):
            return st.computed(rec) if computed else rec

        def ok(obj, headers=None):
            with st.lock:
                return 200, dumps(obj), headers or {}

        def need_int(s, what="id"):
            if not re.fullmatch(r"\d+", s):
                raise ApiError(404, "Resource not found")
            return int(s)

        if not parts:
            raise ApiError(404, "Not found")
        head = parts[0]
        n = len(parts)
        if head in ENTITY_TYPE:
            entity = head
            with st.lock:
                if n == 1 and method == "POST":
                    return 200, dumps(out(st.create(entity, body if body is not None else {}))), {}
                if n == 2 and parts[1] == "search" and method == "POST":
                    recs, total = st.search(entity, body)
                    return 200, dumps([out(r) for r in recs]), {"X-PW-TOTAL": str(total)}
                if n == 2 and entity == "people" and parts[1] == "fetch_by_email" and method == "POST":
                    return 200, dumps(out(st.fetch_by_email(body))), {}
                if n == 3 and entity == "leads" and parts[2] == "convert" and method == "POST":
                    res = st.convert_lead(need_int(parts[1]), body if body is not None else {})
                    return 200, dumps({k: (out(v) if v is not None else None) for k, v in res.items()}), {}
                if n == 2 and method == "GET":
                    return 200, dumps(out(st.get(entity, need_int(parts[1])))), {}
                if n == 2 and method == "PUT":
                    return 200, dumps(out(st.update(entity, need_int(parts[1]),
                                                    body if body is not None else {}))), {}
                if n == 2 and method == "DELETE":
                    return 200, dumps(st.delete(entity, need_int(parts[1]))), {}
                if n in (3, 4) and parts[2] == "related":
                    rid = need_int(parts[1])
                    if method == "GET":
                        return 200, dumps(st.related(entity, rid, parts[3] if n == 4 else None)), {}
                    if n == 3 and method == "POST":
                        return 200, dumps(st.relate(entity, rid, body)), {}
                    if n == 3 and method == "DELETE":
                        return 200, dumps(st.unrelate(entity, rid, body)), {}
            raise ApiError(404, "Not found")
        if method == "GET":
            if parts == ["account"]:
                return ok(self.ds.account)
            if head == "users" and n == 2:
                if parts[1] == "me":
                    return ok(self.ds.me)
                uid = need_int(parts[1])
                u = st.users.get(uid)
                if u is None:
                    raise ApiError(404, "Resource not found")
                details = getattr(self.ds, "user_details", None) or {}
                if uid in details:
                    return ok(details[uid])
                return ok(self.ds.me if u.get("id") == self.ds.me.get("id") else u)
            simple = {"contact_types": self.ds.contact_types, "customer_sources": self.ds.customer_sources,
                      "lead_statuses": self.ds.lead_statuses, "loss_reasons": self.ds.loss_reasons,
                      "pipelines": self.ds.pipelines, "pipeline_stages": self.ds.pipeline_stages,
                      "custom_field_definitions": self.ds.custom_field_definitions,
                      "activity_types": self.ds.activity_types}
            if n == 1 and head in simple:
                return ok(simple[head])
            if head == "pipeline_stages" and n == 3 and parts[1] == "pipeline":
                pid = need_int(parts[2])
                if pid not in st.pipelines:
                    raise ApiError(404, "Resource not found")
                return ok([s for s in self.ds.pipeline_stages if s.get("pipeline_id") == pid])
            if head == "custom_field_definitions" and n == 2:
                d = st.cfdefs.get(need_int(parts[1]))
                if d is None:
                    raise ApiError(404, "Resource not found")
                return ok(d)
            if parts == ["tags"]:
                with st.lock:
                    return 200, dumps(st.tags(query)), {}
            if head == "activities" and n == 2:
                with st.lock:
                    a = st.activities.get(need_int(parts[1]))
                    if a is None:
                        raise ApiError(404, "Resource not found")
                    return 200, dumps(a), {}
            if head == "field_layouts" and n == 3 and parts[1] == "by_entity":
                ent = parts[2]
                if ent == "opportunities":
                    raw = (query.get("pipeline_id") or [None])[-1]
                    if raw is None or not re.fullmatch(r"\d+", raw.strip()) or \
                            int(raw) not in self.ds.opportunity_layouts:
                        raise ApiError(422, "Invalid pipeline_id: a valid pipeline_id is required for "
                                            "the opportunities field layout")
                    return ok(self.ds.opportunity_layouts[int(raw)])
                if ent in self.ds.field_layouts:
                    return ok(self.ds.field_layouts[ent])
                raise ApiError(422, "Invalid entity_type %r" % ent)
        if method == "POST":
            if parts == ["users", "search"]:
                b = body if body is not None else {}
                if not isinstance(b, dict):
                    raise ApiError(422, "Request body must be a JSON object")
                size, number = st._paging(b)
                users = self.ds.users
                start = (number - 1) * size
                return ok(users[start:start + size], {"X-PW-TOTAL": str(len(users))})
            if parts == ["activities", "search"]:
                with st.lock:
                    acts, total = st.search_activities(body)
                    return 200, dumps(acts), {"X-PW-TOTAL": str(total)}
            if parts == ["activities"]:
                with st.lock:
                    return 200, dumps(st.create_activity(body if body is not None else {})), {}
        if method == "DELETE" and head == "activities" and n == 2:
            with st.lock:
                return 200, dumps(st.delete_activity(need_int(parts[1]))), {}
        if method == "PUT" and head == "activities" and n == 2:
            with st.lock:
                return 200, dumps(st.update_activity(need_int(parts[1]), body if body is not None else {})), {}
        raise ApiError(404, "Not found")


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128


def parse_args(argv=None):
    ap = argparse.ArgumentParser(description="Local Copper Developer API sandbox")
    ap.add_argument("--port", type=int, default=8765, help="TCP port (0 = pick a free one and print it)")
    ap.add_argument("--seed", type=int, default=1, help="dataset seed")
    ap.add_argument("--records", type=int, default=None, help="records per entity (dataset default if omitted)")
    ap.add_argument("--state", default=None, help="JSON-lines journal of writes, replayed on start")
    ap.add_argument("--log", default=None, help="request log file (JSON lines)")
    ap.add_argument("--token", default=dataset.DEFAULT_TOKEN, help="accepted API token")
    ap.add_argument("--email", default=None, help="accepted X-PW-UserEmail (default: the dataset's API user)")
    ap.add_argument("--rate-limit", dest="rate_limit", type=int, default=0,
                    help="requests per rolling 60 s per user (0 = off)")
    ap.add_argument("--rate-window", dest="rate_window", type=float, default=60.0,
                    help="seconds of the rolling rate-limit window (Copper: 60; shorter for tests)")
    ap.add_argument("--hostile", action="store_true", help="serve hostile strings")
    ap.add_argument("--shift-to-today", dest="shift_to_today", action="store_true",
                    help="move the dataset's dates so that its today is today")
    ap.add_argument("--latency", type=float, default=0.0, help="added latency per request, ms")
    ap.add_argument("--jitter", type=float, default=0.0, help="random extra latency up to this, ms")
    ap.add_argument("--error-rate", dest="error_rate", type=float, default=0.0, help="fraction answered 5xx")
    ap.add_argument("--malformed-rate", dest="malformed_rate", type=float, default=0.0,
                    help="fraction of 200s with an invalid JSON body")
    ap.add_argument("--truncate-rate", dest="truncate_rate", type=float, default=0.0,
                    help="fraction whose body is cut short of Content-Length")
    ap.add_argument("--drop-rate", dest="drop_rate", type=float, default=0.0,
                    help="fraction closed without an answer")
    ap.add_argument("--trickle", type=float, default=0.0, help="send bodies at this many bytes/s")
    ap.add_argument("--fault-seed", dest="fault_seed", type=int, default=None, help="seed of the fault dice")
    ap.add_argument("--search-cap", dest="search_cap", type=int, default=SEARCH_CAP, help=argparse.SUPPRESS)
    ap.add_argument("--bind", default="127.0.0.1", help=argparse.SUPPRESS)
    return ap.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    kw = {"seed": args.seed, "hostile": args.hostile}
    if args.records is not None:
        kw["records"] = args.records
    ds = dataset.build(**kw)
    if args.shift_to_today:
        today = int(time.time()) // 86400 * 86400
        dataset.shift_dates(ds, today - dataset.NOW)
    app = App(args, ds)
    httpd = Server((args.bind, args.port), Handler)
    httpd.app = app
    with app.store.lock:  # the default orders are ready before the first request
        for e in ENTITY_TYPE:
            app.store.order(e, app.store.DEFAULT_SORT[e])
    gc.freeze()  # the loaded data is long-lived: keep the cyclic GC from rescanning it

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    threading.Thread(target=app.store.warm, daemon=True).start()
    try:
        print(httpd.server_address[1], flush=True)
        httpd.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        httpd.server_close()
        app.store.close()
        app.log.close()
    return 0


if __name__ == "__main__":
    rc = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(rc)  # state and log are closed; skip tearing down gigabytes of objects
