"""request_economy: the requests of a scripted session against the fewest
the Copper API allows for the same information.

The session (default sandbox, latency 0, 160x50, default settings, NO_COLOR),
from a cold start:
  1. People: 13 records shown in the detail pane one after the other (j
     moves the list's cursor; the detail pane follows it) and each opened
     (Tab to the detail pane, Tab back); a search by name ("/Ald", Enter)
  2. when the edit feature exists (an "edit" action in
     keymaps/default.keys): the 13th person edited, three fields (Title,
     Description, Short Note) changed and saved once
  3. Companies: 13 records, then a search by name
  4. Opportunities: 12 records
  5. Tasks: 12 records
That is four entities, 50 details, two searches, one edit.

The minimum, for what the session showed (a request answers one question;
Copper's search returns full records):
  list pages   one search per page of rows shown: each list's first page,
               each search's first page (prefetched pages nobody saw are
               over the minimum, deliberately)
  details      none: a record on a list page came with it
  names        of records that opened records refer to (a company's or
               opportunity's primary contact, a task's related record) and
               no page shown held: one search by ids per entity referred
               to, per list page (patina asks for the names every row of a
               page refers to, opened or not: over the minimum, deliberately)
  look-ups     one per look-up used (account, the user, users, contact
               types, custom fields, pipelines, ...): those patina asked
               for, each once
  layouts      one per entity whose records were shown; for
               opportunities one per pipeline among those shown
  edit         one PUT with the three fields (patina also reads the
               record first to catch a colleague's change: deliberate,
               counted over the minimum)
"""

import os

from benchlib import (Broken, SRCDIR, busy, drain, figure, line, main, quit_patina,
                      start_patina, start_sandbox, table, temp_home, wait_screen, title_range)

NAME = "request_economy"
API = "/developer_api/v1"
COLS, ROWS = 160, 50
PLAN = [  # key, entity, title in the detail, records, search
    ("1", "people", "Person", 13, "Ald"),
    ("2", "companies", "Company", 13, None),  # search term chosen from the data
    ("4", "opportunities", "Opportunity", 12, None),
    ("6", "tasks", "Task", 12, None),
]
EDIT_FIELDS = [("Title", "VP of Benchmarks"), ("Description", "Measured twice"),
               ("Short Note", "Cut once")]


def edit_available():
    path = os.path.join(SRCDIR, "keymaps", "default.keys")
    try:
        with open(path) as f:
            return any(ln.split()[-1:] == ["edit"] for ln in f if ln.startswith("bind"))
    except OSError:
        return False


def screen_text(s):
    return "\n".join(line(s, y) for y in range(s.lines))


class Form:
    """patina's edit form, as a user drives it: NO_COLOR, so the focused
    field's label is in reverse video."""

    def __init__(self, t):
        self.t = t

    def selected(self):
        s = self.t.screen
        for y in range(3, s.lines - 1):
            if s.buffer[y][2].reverse and line(s, y)[2] != " ":
                return line(s, y)[2:22].strip().rstrip("*").strip()
        return None

    def goto(self, label):
        self.t.send("g")
        for _ in range(80):
            drain(self.t, 0.03, 1)
            if self.selected() == label:
                return
            self.t.send("j")
        raise Broken("no field %r in the edit form:\n%s" % (label, self.t.text()))

    def set(self, label, text):
        self.goto(label)
        self.t.send("\r")
        wait_screen(self.t, lambda s: label + ":" in line(s, s.lines - 1) or
                    label + " (" in line(s, s.lines - 1), 10, "the prompt for " + label)
        self.t.send("\x15" + text + "\r")  # C-u clears what was there


def run():
    sb, _ = start_sandbox()
    # what the session will show, read before it starts (then the log is cleared)
    firsts = {}
    for _, entity, _, n, _ in PLAN:
        rows, _ = sb.api("POST", "/%s/search" % entity, {"page_size": 200})
        firsts[entity] = rows
    term = firsts["companies"][20]["name"].split()[0][:4]
    plan = [(k, e, title, n, s if s or e != "companies" else term) for k, e, title, n, s in PLAN]
    searched = {}
    for _, entity, _, _, s in plan:
        if s:
            rows, headers = sb.api("POST", "/%s/search" % entity, {"page_size": 200, "name": s})
            searched[entity] = (rows, int(headers["X-PW-TOTAL"]))
    do_edit = edit_available()
    sb.clear_log()

    home = temp_home()
    t = start_patina(sb, home, COLS, ROWS, NO_COLOR="1", TZ="UTC")
    shown = []   # (entity, record) opened in the detail pane
    for key, entity, title, n, search in plan:
        t.send(key)
        wait_screen(t, lambda s, title=title: title_range(s) is not None and
                    ("%s #%d" % (title, firsts[entity][0]["id"])) in screen_text(s),
                    30, "the %s list" % entity)
        for i in range(n):
            rec = firsts[entity][i]
            if i:
                t.send("j")
            wait_screen(t, lambda s, rec=rec, title=title: "%s #%d" % (title, rec["id"])
                        in screen_text(s), 30, "%s #%d in the detail pane" % (title, rec["id"]))
            t.send("\t")   # open: the focus to the detail pane
            drain(t, 0.02, 1)
            t.send("\t")   # and back to the list
            drain(t, 0.02, 1)
            shown.append((entity, None, rec))
        if entity == "people" and do_edit:
            t.send("e")
            wait_screen(t, lambda s: "Enter change" in screen_text(s), 30, "the edit form")
            form = Form(t)
            for label, text in EDIT_FIELDS:
                form.set(label, text)
            wait_screen(t, lambda s: "%d changes" % len(EDIT_FIELDS) in screen_text(s), 10,
                        "%d changes" % len(EDIT_FIELDS))
            t.send("w")
            wait_screen(t, lambda s: "will send exactly this" in screen_text(s), 10, "the preview")
            t.send("\r")
            wait_screen(t, lambda s: "Saved " in screen_text(s), 30, "Saved")
            drain(t, 0.1, 2)
        if search:
            rows, total = searched[entity]
            t.send("/" + search)
            wait_screen(t, lambda s: "Search: " + search in screen_text(s), 10, "the prompt")
            t.send("\r")
            wait_screen(t, lambda s, rows=rows, title=title: 'search "%s"' % search in line(s, 0)
                        and "of {:,}".format(total) in line(s, 0) and
                        "%s #%d" % (title, rows[0]["id"]) in screen_text(s), 30,
                        "the search results")
            shown.append((entity, search, rows[0]))
    # settle: everything answered
    drain(t, 0.5, 5)
    wait_screen(t, lambda s: not busy(s), 30, "nothing loading")
    drain(t, 0.3, 5)
    quit_patina(t)
    log = sb.log()

    # ---- the minimum -------------------------------------------------------
    search_of = {e: s for _, e, _, _, s in plan}
    pages_shown = {(e, None, 1) for _, e, _, _, _ in plan}
    pages_shown |= {(e, s, 1) for e, s in search_of.items() if s}
    known = {}   # entity -> ids on pages shown
    for _, e, _, _, _ in plan:
        known.setdefault(e, set()).update(r["id"] for r in firsts[e])
    for e, (rows, _) in searched.items():
        known.setdefault(e, set()).update(r["id"] for r in rows)
    singular = {"person": "people", "company": "companies", "lead": "leads",
                "opportunity": "opportunities", "project": "projects", "task": "tasks"}
    # names: per list page shown, per entity referred to by the records opened
    name_batches = set()
    needed_refs = set()
    for entity, search, rec in shown:
        refs = []
        if entity in ("companies", "opportunities") and rec.get("primary_contact_id"):
            refs.append(("people", rec["primary_contact_id"]))
        rr = rec.get("related_resource") or {}
        if entity in ("tasks", "projects") and rr.get("id"):
            refs.append((singular.get(rr.get("type"), rr.get("type")), rr["id"]))
        for e, i in refs:
            if i not in known.get(e, ()):
                name_batches.add((entity, search, e))
                needed_refs.add((e, i))
    layouts = {"/field_layouts/by_entity/%s" % e for e, _, _ in shown if e != "opportunities"}
    layouts |= {"/field_layouts/by_entity/opportunities?pipeline_id=%s" % r.get("pipeline_id")
                for e, _, r in shown if e == "opportunities"}

    # ---- what was sent -----------------------------------------------------
    def path_of(e):
        p = e["path"][len(API):] if e["path"].startswith(API) else e["path"]
        q = e.get("query") or {}
        if q:
            p += "?" + "&".join("%s=%s" % kv for kv in sorted(q.items()))
        return p

    cats = {}
    notes = []
    seen_lookups = {}
    for e in log:
        p = path_of(e)
        body = e.get("body") if isinstance(e.get("body"), dict) else {}
        m = e["method"]
        if m == "POST" and p.endswith("/search") and p != "/users/search":
            ent = p.split("/")[1]
            if "ids" in body:
                cats.setdefault("names (search by ids)", []).append(e)
            else:
                key = (ent, body.get("name"), body.get("page_number", 1))
                if key in pages_shown:
                    if key in [k for k in cats.get("_pages_seen", [])]:
                        cats.setdefault("list pages: the same again", []).append(e)
                    else:
                        cats.setdefault("_pages_seen", []).append(key)
                        cats.setdefault("list pages shown", []).append(e)
                else:
                    cats.setdefault("list pages never shown (prefetch)", []).append(e)
        elif m == "GET" and p.startswith("/field_layouts/"):
            cats.setdefault("layouts", []).append(e)
        elif m == "PUT":
            cats.setdefault("edit: PUT", []).append(e)
        elif m == "GET" and len(p.split("/")) == 3 and p.split("/")[2].isdigit():
            # a record read: the edit's check, or a detail not from a list
            if do_edit and p.split("/")[1] == "people" and "edit: PUT" not in cats:
                cats.setdefault("edit: check before saving", []).append(e)
            else:
                cats.setdefault("records read one by one", []).append(e)
        else:
            key = (m, p.split("?")[0], body.get("page_number"))
            if key in seen_lookups:
                cats.setdefault("look-ups: the same again", []).append(e)
            else:
                seen_lookups[key] = e
                cats.setdefault("look-ups", []).append(e)
    cats.pop("_pages_seen", None)

    n_lookups = len({(m, p) for (m, p, _) in seen_lookups})
    minimum = {
        "list pages shown": len(pages_shown),
        "list pages: the same again": 0,
        "list pages never shown (prefetch)": 0,
        "names (search by ids)": len(name_batches),
        "records read one by one": 0,
        "look-ups": n_lookups,
        "look-ups: the same again": 0,
        "layouts": len(layouts),
        "edit: check before saving": 0,
        "edit: PUT": 1 if do_edit else 0,
    }
    # patina asks for the names every row of a page refers to, at once
    deliberate = {"list pages never shown (prefetch)", "edit: check before saving",
                  "names (search by ids)"}
    rows = []
    for cat in minimum:
        got = len(cats.get(cat, []))
        rows.append([cat, got, minimum[cat], got - minimum[cat],
                     "deliberate" if cat in deliberate and got else ""])
    for cat in cats:
        if cat not in minimum:
            rows.append([cat, len(cats[cat]), 0, len(cats[cat]), ""])
    total = len(log)
    mini = sum(minimum.values())
    rows.append(["total", total, mini, total - mini, ""])
    table(["requests", "made", "minimum", "over", "note"], rows,
          title="The session: 4 entities, %d details, 2 searches, %s"
          % (len(shown) - 2, "an edit of 3 fields" if do_edit else
             "no edit (no edit action in keymaps/default.keys)"))

    def body_of(e):
        b = e.get("body")
        if not isinstance(b, dict):
            return ""
        return ", ".join("%s=%s" % (k, "%d ids" % len(v) if k == "ids" else v)
                         for k, v in sorted(b.items()))[:60]

    table(["#", "method", "path", "body"],
          [[i + 1, e["method"], path_of(e), body_of(e)] for i, e in enumerate(log)],
          title="Every request, in the order answered")
    print("\nminimum: list pages %s; name batches %s; layouts %s"
          % (sorted("%s%s p%d" % (e, ' "%s"' % s if s else "", p) for e, s, p in pages_shown),
             sorted("%s%s->%s" % (a, ' "%s"' % s if s else "", b) for a, s, b in name_batches),
             sorted(layouts)))
    typed = [r["id"] for e, _, r in shown if e == "tasks" and r.get("custom_activity_type_id")]
    if typed and not any(path_of(e) == "/activity_types" for e in log):
        notes.append("%d of the tasks opened have a type (custom_activity_type_id) and patina "
                     "never asked for /activity_types: their Type shows as a raw #id, so the "
                     "session showed less than it could (one more look-up)" % len(typed))
    if notes:
        print("\n" + "\n".join(notes))

    excess = sum(r[3] for r in rows[:-1] if r[3] > 0 and r[4] != "deliberate")
    figure(NAME, "requests made", total, "-", None)
    figure(NAME, "minimum for the same information", mini, "-", None)
    figure(NAME, "made / minimum", "%.2fx" % (total / mini), "-", None)
    figure(NAME, "over the minimum, not deliberate", excess, "0", excess == 0)
    if not do_edit:
        figure(NAME, "edit", "skipped", "3 fields", None)


if __name__ == "__main__":
    main(NAME, run, 60)
