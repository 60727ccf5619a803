"""mirror_tokenizer: which full-text index the mirror uses, by measurement.

The sandbox's dataset (20,000 records of each entity, 120,000 in all, from
tests/sandbox/dataset.py, no server) indexed the way src/mirror/extract.c
splits a record (name; emails and phones, with each phone's digit
suffixes; other fields) into SQLite FTS5 tables of several kinds, with
this machine's libsqlite3 (Python's sqlite3 module links the same one):

  unicode61      tokenize='unicode61 remove_diacritics 2', no prefix index
  unicode61+p    the same with prefix='1 2 3'
  unicode61+p+c  the same, detail=column, columnsize=0 (the mirror's)
  trigram        tokenize='trigram' (substrings; 3.40 cannot fold accents)

For each: index bytes per record, and for the issue's three queries
("sofia hern" must find "Sofía Hernández", "555-23" a phone, "@acme" an
email) whether a record that should match does, and the time of a set of
typical first keystrokes (one and two letters: the broadest queries).
The mirror's choice is the row marked *.
"""

import os
import re
import sqlite3
import sys
import time
import unicodedata

from benchlib import SRCDIR, figure, main, table

sys.path.insert(0, os.path.join(SRCDIR, "tests", "sandbox"))
import dataset  # noqa: E402

NAME = "mirror_tokenizer"
PER_ENTITY = 20000

VARIANTS = [
    ("unicode61", "tokenize='unicode61 remove_diacritics 2'", False),
    ("unicode61+p", "tokenize='unicode61 remove_diacritics 2', prefix='1 2 3'", False),
    ("unicode61+p+c", "tokenize='unicode61 remove_diacritics 2', prefix='1 2 3', detail=column,"
     " columnsize=0", True),
    ("trigram", "tokenize='trigram'", False),
]


def s(v):
    return v if isinstance(v, str) else ""


def columns(r):
    name = s(r.get("name"))
    contact = []
    for e in r.get("emails") or []:
        if isinstance(e, dict):
            contact.append(s(e.get("email")))
    if isinstance(r.get("email"), dict):
        contact.append(s(r["email"].get("email")))
    for p in r.get("phone_numbers") or []:
        if isinstance(p, dict):
            n = s(p.get("number"))
            contact.append(n)
            d = re.sub(r"\D", "", n)
            contact += [d[i:] for i in range(0, max(0, len(d) - 2))]
    other = [s(r.get(k)) for k in ("company_name", "title", "details")]
    a = r.get("address")
    if isinstance(a, dict):
        other.append(s(a.get("city")))
    other += [t for t in (r.get("tags") or []) if isinstance(t, str)]
    other += [c["value"] for c in (r.get("custom_fields") or [])
              if isinstance(c, dict) and isinstance(c.get("value"), str)]
    return name, " ".join(contact), " ".join(x for x in other if x)


def fold(text):
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold())
                   if not unicodedata.combining(c))


def match_expr(query, trigram):
    if re.fullmatch(r"[\d\-+(). ]+", query) and sum(c.isdigit() for c in query) >= 3:
        digits = re.sub(r"\D", "", query)
        return ('"%s"' % digits) if trigram else '{contact} : "%s"*' % digits
    words = [w for w in re.split(r"\W+", fold(query)) if w]
    if trigram:
        return " AND ".join('"%s"' % w for w in words if len(w) >= 3) or '"' + query + '"'
    return " AND ".join('"%s"*' % w for w in words)


def run():
    ds = dataset.build(records=PER_ENTITY)
    recs = [r for e in dataset.ENTITIES for r in ds.records[e].values()]
    # the examples, put in last (the most recent: the first of
    # each answer) as records the queries must find
    probes = [
        {"id": 1, "name": "Sof\u00eda Hern\u00e1ndez"},
        {"id": 2, "name": "Phone", "phone_numbers": [{"number": "(305) 555-2345"}]},
        {"id": 3, "name": "Mail", "emails": [{"email": "jo@acme.example"}]},
    ]
    base = len(recs)
    queries = [("sofia hern", base + 1), ("555-23", base + 2), ("@acme", base + 3)]
    first_keys = ["a", "s", "m", "jo", "an", "ma", "ro", "be"]
    rows = []
    chosen = None
    for label, options, mine in VARIANTS:
        db = sqlite3.connect(":memory:")
        db.execute("CREATE VIRTUAL TABLE fts USING fts5(name, contact, other, content='', %s)"
                   % options)
        t0 = time.monotonic()
        with db:
            for i, r in enumerate(recs + probes):
                db.execute("INSERT INTO fts(rowid, name, contact, other) VALUES(?, ?, ?, ?)",
                           (i + 1,) + columns(r))
            db.execute("INSERT INTO fts(fts) VALUES('optimize')")
        build = time.monotonic() - t0
        size = db.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'fts%'").fetchone()[0]
        trigram = label == "trigram"
        found = []
        for q, want in queries:
            try:
                got = {row[0] for row in db.execute(
                    "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rowid DESC LIMIT 100",
                    (match_expr(q, trigram),))}
            except sqlite3.OperationalError:
                got = set()
            found.append("yes" if want in got else "no")
        times = []
        answered = 0
        for q in first_keys:
            t = time.perf_counter()
            try:
                answered += bool(db.execute(
                    "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rowid DESC LIMIT 100",
                    (match_expr(q, trigram),)).fetchall())
            except sqlite3.OperationalError:
                pass
            times.append((time.perf_counter() - t) * 1000)
        per_record = size / len(recs)
        rows.append([label + (" *" if mine else ""), "%.0f B" % per_record] + found +
                    ["%.2f ms" % max(times), "%d/%d" % (answered, len(first_keys)),
                     "%.1f s" % build])
        if mine:
            chosen = (per_record, found, max(times))
        db.close()
    table(["index", "bytes/record", "sofia hern", "555-23", "@acme", "1-2 letters (max)",
           "answered", "build"], rows,
          "FTS5 variants over %s records (%d per entity)" % ("{:,}".format(len(recs)), PER_ENTITY))
    per_record, found, worst = chosen
    figure(NAME, "index bytes/record (the mirror's)", per_record, "< 1536 with the records",
           per_record < 1024)
    figure(NAME, "the issue's 3 queries found", found.count("yes"), "3", found.count("yes") == 3)
    figure(NAME, "1-2 letter query, worst (ms)", worst, "< 10", worst < 10)


if __name__ == "__main__":
    main(NAME, run, 300)
