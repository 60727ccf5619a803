/*
 * ncurses_flush.c - the reproducer of ncurses' write-per-cursor-jump (the
 * baseline of bench_terminal_output.py, and the upstream report's test):
 * a plain ncurses program draws the same screen twice, counting its
 * write(2) calls (/proc/self/io syscw) around each refresh().
 *
 *     ncurses_flush REPORT [endwin]
 *
 * Without "endwin" the screen is in ncurses' initial state (newterm sets
 * SP->_endwin = ewInitial), in which _nc_mvcur() flushes the output
 * buffer after every cursor movement (ncurses/tty/lib_mvcur.c); with it,
 * endwin() and refresh() right after initscr() leave that state first.
 * REPORT gets "FULL CHANGE": the calls for a full screen of scattered
 * text, then for a change of one word on every fifth line.
 */
#include <curses.h>
#include <stdio.h>
#include <string.h>

static long write_calls(void)
{
	FILE *f = fopen("/proc/self/io", "r");
	char line[128];
	long n = -1;
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "syscw: %ld", &n) == 1)
			break;
	if (f)
		fclose(f);
	return n;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	FILE *report = fopen(argv[1], "w");
	if (!report || !initscr())
		return 1;
	if (argc > 2 && !strcmp(argv[2], "endwin")) {
		endwin();
		refresh();
	}
	long w0 = write_calls();
	for (int y = 0; y < LINES; y++)
		for (int x = 0; x + 8 < COLS; x += 12)
			mvprintw(y, x, "%c%d-%d", 'a' + (x + y) % 26, y, x);
	refresh();
	long w1 = write_calls();
	for (int y = 0; y < LINES; y += 5)
		mvprintw(y, 12, "changed");
	refresh();
	long w2 = write_calls();
	endwin();
	fprintf(report, "%ld %ld\n", w1 - w0, w2 - w1);
	fclose(report);
	return 0;
}
