"""memory: patina's resident memory per loaded row.

patina on a 120,000-row People list (sandbox --records 120000, latency 0;
patina allowed 600 requests a minute with a burst of 100, so that its own
request budget does not make the loading slow: memory does not depend on
it), 200x50. VmRSS (/proc/PID/status) at each step, once every requested
page has arrived and nothing is loading:

  base        the first page (200 rows) shown
  20,000      pages 1-100 loaded, by jumping (#row) to the first row of
              each page in turn
  spread      then 100 jumps to rows spread over the whole reachable list
              (Copper shows the first 100,000 rows of a search), each
              loading its page and the one before (prefetch)
  back        then back to the first row (g): nothing is given back

Rows loaded are counted from the sandbox log (distinct pages answered, 200
rows each). Bytes per row = (RSS - base RSS) / (rows loaded - base rows).

Target: under 1 KB per row beyond the base.
"""

import time

from benchlib import (Broken, busy, commas, drain, figure, line, main, quit_patina,
                      rss_bytes, start_patina, start_sandbox, table, temp_home, title_range,
                      wait_screen, write_config, vm_status)

NAME = "memory"
PAGE = 200
TARGET = 1024


def loaded_pages(sb):
    return {e["body"]["page_number"] for e in sb.log()
            if e["path"].endswith("/people/search") and e["status"] == 200
            and isinstance(e.get("body"), dict) and "page_number" in e["body"]
            and "ids" not in e["body"]}


def jump(t, row):
    t.send("#%d\r" % row)


def settle(t, sb, want_pages, timeout=60):
    """Waits until the sandbox answered every page wanted and patina shows
    nothing loading."""
    end = time.monotonic() + timeout
    while True:
        drain(t, 0.1, 2)
        have = loaded_pages(sb)
        if want_pages <= have and not busy(t.screen):
            return have
        if time.monotonic() > end:
            raise Broken("pages never arrived: %s; screen:\n%s"
                         % (sorted(want_pages - have)[:10], t.text()))


def run():
    sb, started = start_sandbox("--records", "120000")
    _, headers = sb.api("POST", "/people/search", {"page_size": 1})
    total = int(headers["X-PW-TOTAL"])
    reachable = min(total, 100000)
    print("sandbox: %s people, started in %.1f s" % (commas(total), started))
    home = temp_home()
    write_config(home, "set rate-limit = 600\nset burst = 100\n")
    sb.clear_log()
    t = start_patina(sb, home, 200, 50)
    wait_screen(t, lambda s: title_range(s) is not None and "Owner" in line(s, 2), 90,
                "the list")
    settle(t, sb, {1})
    steps = []

    def measure(label):
        pages = loaded_pages(sb)
        st = vm_status(t.pid)
        steps.append((label, len(pages), rss_bytes(t.pid), st.get("VmHWM", "?"),
                      st.get("VmData", "?")))

    measure("base (first page)")

    # pages 1..100: rows 1..20,000
    for p in range(2, 101):
        jump(t, (p - 1) * PAGE + 1)
        if p % 10 == 0:
            drain(t, 0.05, 2)
    settle(t, sb, set(range(1, 101)))
    measure("pages 1-100")

    # spread over the reachable list
    last_page = reachable // PAGE
    spread = sorted({101 + (last_page - 101) * i // 99 for i in range(100)})
    for p in spread:
        jump(t, (p - 1) * PAGE + 1)
        drain(t, 0.02, 1)
    settle(t, sb, set(spread))
    measure("+100 jumps across the list")

    t.send("g")
    drain(t, 0.5, 2)
    measure("back to the first row")
    quit_patina(t)

    base_pages, base_rss = steps[0][1], steps[0][2]
    rows = []
    per_row = {}
    prev = None
    for label, pages, rss, hwm, data in steps:
        extra_rows = (pages - base_pages) * PAGE
        bpr = (rss - base_rss) / extra_rows if extra_rows else float("nan")
        per_row[label] = bpr
        step = float("nan")
        if prev and pages > prev[0]:
            step = (rss - prev[1]) / ((pages - prev[0]) * PAGE)
        prev = (pages, rss)
        rows.append([label, pages, commas(pages * PAGE), "%.1f" % (rss / 2**20), hwm, data,
                     "%.1f" % ((rss - base_rss) / 2**20), bpr, step])
    table(["step", "pages", "rows", "VmRSS MiB", "VmHWM", "VmData", "beyond base MiB",
           "bytes/row", "bytes/row of step"], rows,
          title="Resident memory of patina as rows load (pages of %d)" % PAGE)
    # two points beyond the base: a line through them splits a fixed part
    # (full records kept for the detail pane, the heap's high-water mark of
    # parsing a page) from the cost of a row
    (_, p1, r1, _, _), (_, p2, r2, _, _) = steps[1], steps[2]
    slope = (r2 - r1) / ((p2 - p1) * PAGE)
    fixed = (r1 - base_rss) - slope * (p1 - base_pages) * PAGE
    print("\nfit through the last two loading steps: %.0f bytes a row + %.1f MiB fixed "
          "beyond the base" % (slope, fixed / 2**20))
    if steps[3][2] >= steps[2][2] * 0.98:
        print("nothing is given back: RSS after going back to the first row is what it was "
              "(%.1f MiB)" % (steps[3][2] / 2**20))

    worst = max(v for v in per_row.values() if v == v)
    figure(NAME, "base RSS MiB", "%.1f" % (base_rss / 2**20), "-", None)
    figure(NAME, "bytes/row, 20,000 rows", per_row["pages 1-100"], "< %d" % TARGET,
           per_row["pages 1-100"] < TARGET)
    figure(NAME, "bytes/row, after jumps across", per_row["+100 jumps across the list"],
           "< %d" % TARGET, per_row["+100 jumps across the list"] < TARGET)
    figure(NAME, "RSS after jumps MiB", "%.1f" % (steps[2][2] / 2**20), "-", None)
    figure(NAME, "bytes/row, marginal (fit)", slope, "< %d" % TARGET, slope < TARGET)
    if worst != worst:
        raise Broken("no rows loaded beyond the first page")


if __name__ == "__main__":
    main(NAME, run, 85)
