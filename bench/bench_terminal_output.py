"""terminal_output: bytes written to the terminal per key, against a full
repaint, on a 200x50 screen.

patina on a 20,000-row People list (latency 0), in two layouts, in the same
run: the default split (list and detail pane; the detail follows the
cursor) and the list maximized (z). In each: C-l (redraw: clearok, a full
repaint) a few times, then j (move down) and C-f (page down) many times.
Each key's bytes are everything patina writes from the key until the
terminal has been quiet for 30 ms, so the repaint of a page arriving
(prefetch) is counted with the key that caused it, or the next one: the
mean is the honest total per key, the median the usual key.

Also the write(2) calls per key (/proc/PID/io syscw, all threads: with
nothing in flight, the terminal's): each is a wake-up of the terminal and,
over SSH, can be a packet of its own. patina draws a frame into a memory
file and sends it in one write (ui/term.c), so a frame costs two calls:
that one and curses' own into the file. The same-run baseline is plain
ncurses (bench/ncurses_flush.c) drawing a screen of scattered text, as it
is after initscr() and after the endwin()+refresh() that leaves its
initial state, in which it flushes on every cursor jump.

Targets (issue #15): at most 2 write calls per key and per full repaint;
in the maximized list, j at most 5% of a full repaint's bytes and C-f at
most 60%.
"""

import os
import tempfile

from benchlib import (BUILDDIR, Broken, Terminal, commas, drain, figure, line, main, mean, median, percentile,
                      quit_patina, read_burst, start_patina, start_sandbox, table, temp_home,
                      title_range, wait_screen, settled, write_calls)

NAME = "terminal_output"
COLS, ROWS = 200, 50
KEYS = [("C-l (full repaint)", b"\x0c", 10), ("j (move down)", b"j", 150),
        ("C-f (page down)", b"\x06", 60)]


def key_bytes(t, key, n, scrolled=None):
    """Bytes written after each of n presses of key, and write() calls;
    scrolled (a list) gets, per press, whether the list scrolled (the
    title's range changed)."""
    sizes = []
    calls = []
    for _ in range(n):
        before = title_range(t.screen)
        w0 = write_calls(t.pid)
        t.send(key)
        chunks = read_burst(t, 1.0, 0.03, 2.0)
        for _, data in chunks:
            t.raw.extend(data)
            t.stream.feed(data)
        sizes.append(sum(len(d) for _, d in chunks))
        calls.append(write_calls(t.pid) - w0)
        if scrolled is not None:
            scrolled.append(title_range(t.screen) != before)
    return sizes, calls


def ncurses_baseline():
    """Writes of plain ncurses for a full screen and a small change, as
    initscr() leaves it and after endwin()+refresh()."""
    prog = os.path.join(BUILDDIR, "bench", "ncurses_flush")
    if not os.access(prog, os.X_OK):
        return None
    out = {}
    for mode in ("initial", "endwin"):
        with tempfile.NamedTemporaryFile(prefix="patina-bench-", delete=False) as f:
            path = f.name
        argv = [prog, path] + (["endwin"] if mode == "endwin" else [])
        t = Terminal(argv, dict(os.environ, TERM="xterm-256color"), COLS, ROWS)
        try:
            t.wait_exit(20)
        finally:
            t.close()
        with open(path) as f:
            full, change = (int(x) for x in f.read().split())
        os.unlink(path)
        out[mode] = (full, change)
    return out


def run():
    base = ncurses_baseline()
    sb, _ = start_sandbox("--records", "20000")
    home = temp_home()
    t = start_patina(sb, home, COLS, ROWS)
    wait_screen(t, lambda s: settled(s) and "Owner" in line(s, 2), 60, "the list")
    drain(t, 0.3, 5)
    first_paint = len(t.raw)

    rows = []
    figures = {}
    stale = []
    for layout in ("split", "maximized"):
        if layout == "maximized":
            t.send("gz")  # back to the top, list maximized
            wait_screen(t, lambda s: "\u2502" not in line(s, 5)[100:], 10, "the list maximized")
            drain(t, 0.3, 5)
        results = {}
        writes = {}
        scrolled = []
        for label, key, n in KEYS:
            results[label], writes[label] = key_bytes(
                t, key, n, scrolled if key == b"j" else None)
        full = mean(results[KEYS[0][0]])
        for label, _, _ in KEYS:
            sizes = results[label]
            rows.append([layout, label, len(sizes), mean(sizes), median(sizes),
                         percentile(sizes, 90), max(sizes), "%.3f" % (mean(sizes) / full),
                         "%.3f" % (median(sizes) / full), mean(writes[label]),
                         sum(sizes) / max(1, sum(writes[label]))])
            figures[(layout, label, "writes")] = (median(writes[label]), mean(writes[label]))
            figures[(layout, label)] = (mean(sizes), median(sizes), mean(sizes) / full)
        # j within the page (two rows change) and at its edge (the list
        # scrolls a line: the title's range, a new row, the two rows)
        js = results["j (move down)"]
        for what, pick in (("j within the page", False), ("j scrolling a line", True)):
            part = [b for b, sc in zip(js, scrolled) if sc == pick]
            if part:
                rows.append([layout, what, len(part), mean(part), median(part),
                             percentile(part, 90), max(part), "%.3f" % (mean(part) / full),
                             "%.3f" % (median(part) / full), "-", "-"])
                figures[(layout, what)] = mean(part) / full
        if any(s == 0 for s in results[KEYS[0][0]]):
            raise Broken("a redraw (C-l) wrote nothing")
        # the keys did what they should: the title shows where the list is
        before = title_range(t.screen)
        t.send(b"\x0c")
        drain(t, 0.2, 5)
        rng = title_range(t.screen)
        if not rng or rng[0] < 2:
            raise Broken("the list did not move; screen:\n" + t.text())
        if before != rng:
            stale.append("%s: the title said rows %s\u2013%s, after C-l %s\u2013%s"
                         % (layout, commas(before[0]), commas(before[1]), commas(rng[0]),
                            commas(rng[1])))
    quit_patina(t)

    table(["layout", "key", "n", "mean B", "median B", "p90 B", "max B", "mean/full",
           "median/full", "write() calls", "B/write"], rows,
          title="Bytes written per key, %dx%d (full = mean of the C-l repaints)" % (COLS, ROWS))
    print("\nthe first paint, from start to the list and detail settled: %d bytes"
          % first_paint)
    for s in stale:
        print("the title's range is not redrawn as the list scrolls: " + s)
    if base:
        table(["plain ncurses", "write() calls: full screen", "write() calls: small change"],
              [["after initscr() (initial state)", base["initial"][0], base["initial"][1]],
               ["after endwin()+refresh()", base["endwin"][0], base["endwin"][1]]],
              title="Baseline: bench/ncurses_flush, %dx%d, same run" % (COLS, ROWS))
        figure(NAME, "baseline: plain ncurses, write() calls for a full screen",
               "%d (%d after endwin)" % (base["initial"][0], base["endwin"][0]), "-", None)
    targets = {"j": 0.05, "C-f": 0.60}
    for layout in ("split", "maximized"):
        for label, short in (("j (move down)", "j"), ("C-f (page down)", "C-f")):
            m, med, ratio = figures[(layout, label)]
            target = targets[short] if layout == "maximized" else None
            figure(NAME, "%s %s mean bytes (x full)" % (layout, short),
                   "%.0f (%.3fx)" % (m, ratio), "<= %.2fx" % target if target else "-",
                   ratio <= target if target else None)
        for what in ("j within the page", "j scrolling a line"):
            if (layout, what) in figures:
                figure(NAME, "%s %s (x full)" % (layout, what), "%.3fx" % figures[(layout, what)],
                       "-", None)
        full = figures[(layout, "C-l (full repaint)")][0]
        figure(NAME, "%s full repaint bytes (the baseline)" % layout, full, "-", None)
        for label, short in (("C-l (full repaint)", "C-l"), ("j (move down)", "j"),
                             ("C-f (page down)", "C-f")):
            # the median key: a key whose page arrives later costs a
            # second frame then (and the fetch thread's wake-up, a write)
            med, avg = figures[(layout, label, "writes")]
            figure(NAME, "%s %s: write() calls per key, median (mean)" % (layout, short),
                   "%g (%.2f)" % (med, avg), "<= 2", med <= 2)


if __name__ == "__main__":
    main(NAME, run, 60)
