/* Unit tests: rows.c, pagination maths and compact rows */
#include "config.h"

#include "model/rows.h"
#include "testlib.h"
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct row **make_page(int first, int count)
{
	struct row **rows = xcalloc((size_t)count, sizeof(*rows));
	for (int i = 0; i < count; i++) {
		char name[32];
		snprintf(name, sizeof(name), "row %d", first + i);
		const char *cells[] = { name, NULL, "x" };
		rows[i] = row_new(4294967296LL + first + i, 3, cells);
	}
	return rows;
}

TEST(test_row_is_one_allocation)
{
	const char *cells[] = { "Jim Halpert", NULL, "Dunder Mifflin" };
	struct row *r = row_new(8589934593LL, 3, cells);
	CHECK_INT(r->id, 8589934593LL);
	CHECK_STR(r->cells[0], "Jim Halpert");
	CHECK_STR(r->cells[1], "");
	CHECK_STR(r->cells[2], "Dunder Mifflin");
	/* the cells live right after the row: freeing the row frees them */
	CHECK((const char *)r->cells[0] > (const char *)r);
	free(r);
}

TEST(test_pages_in_any_order)
{
	struct rowstore rs;
	rowstore_init(&rs, 200);
	CHECK_INT(rowstore_count(&rs), 0);
	rowstore_set_total(&rs, 12345);
	CHECK_INT(rowstore_count(&rs), 12345);
	CHECK_INT(rowstore_page_count(&rs), 62);
	CHECK_INT(rowstore_page_of(&rs, 0), 1);
	CHECK_INT(rowstore_page_of(&rs, 199), 1);
	CHECK_INT(rowstore_page_of(&rs, 200), 2);
	CHECK_INT(rowstore_page_of(&rs, 12344), 62);

	/* jump to the end: only the last page */
	rowstore_put_page(&rs, 62, make_page(12200, 145), 145);
	CHECK(rowstore_get(&rs, 0) == NULL);
	CHECK(rowstore_get(&rs, 12199) == NULL);
	CHECK_STR(rowstore_get(&rs, 12200)->cells[0], "row 12200");
	CHECK_STR(rowstore_get(&rs, 12344)->cells[0], "row 12344");
	CHECK(rowstore_get(&rs, 12345) == NULL);
	rowstore_put_page(&rs, 1, make_page(0, 200), 200);
	CHECK_STR(rowstore_get(&rs, 199)->cells[0], "row 199");
	CHECK(rowstore_page_loaded(&rs, 1) && !rowstore_page_loaded(&rs, 2));
	rowstore_drop_page(&rs, 1);
	CHECK(rowstore_get(&rs, 5) == NULL);
	/* pages outside the list are refused, not stored */
	rowstore_put_page(&rs, 63, make_page(0, 3), 3);
	rowstore_put_page(&rs, 0, make_page(0, 3), 3);
	/* a short page (records deleted meanwhile) leaves its tail empty */
	rowstore_put_page(&rs, 2, make_page(200, 150), 150);
	CHECK(rowstore_get(&rs, 349) != NULL);
	CHECK(rowstore_get(&rs, 350) == NULL);
	rowstore_free(&rs);
}

TEST(test_search_cap)
{
	struct rowstore rs;
	rowstore_init(&rs, 200);
	rowstore_set_total(&rs, 120000);
	CHECK(rowstore_capped(&rs));
	CHECK_INT(rowstore_count(&rs), SEARCH_CAP);
	CHECK_INT(rowstore_page_count(&rs), 500);
	rowstore_put_page(&rs, 500, make_page(99800, 200), 200);
	CHECK(rowstore_get(&rs, 99999) != NULL);
	CHECK(rowstore_get(&rs, 100000) == NULL);
	rowstore_set_total(&rs, 100000);
	CHECK(!rowstore_capped(&rs));
	rowstore_free(&rs);
}

TEST(test_compact)
{
	struct rowstore rs;
	rowstore_init(&rs, 200);
	rowstore_set_total(&rs, 20000);
	for (int p = 1; p <= 100; p++)
		rowstore_put_page(&rs, p, make_page((p - 1) * 200, 200), 200);
	size_t per_row = rowstore_bytes(&rs) / 20000;
	CHECK(per_row < 100);
	rowstore_free(&rs);
}

/* A deleted record's row goes: the rows after it move up through the
 * loaded pages; the last loaded page before one that is not is left a
 * row short, to be read again when that row is shown; the total follows. */
TEST(test_remove_a_row)
{
	struct rowstore rs;
	rowstore_init(&rs, 3);
	rowstore_set_total(&rs, 10);
	rowstore_put_page(&rs, 1, make_page(0, 3), 3);
	rowstore_put_page(&rs, 2, make_page(3, 3), 3);
	rowstore_put_page(&rs, 4, make_page(9, 1), 1);
	size_t index = 99;
	CHECK(!rowstore_remove(&rs, 12345, &index));
	CHECK_INT(rs.total, 10);
	CHECK(rowstore_remove(&rs, 4294967296LL + 1, &index));
	CHECK_INT(index, 1);
	CHECK_INT(rs.total, 9);
	CHECK_STR(rowstore_get(&rs, 1)->cells[0], "row 2");
	CHECK_STR(rowstore_get(&rs, 2)->cells[0], "row 3"); /* pulled up from page 2 */
	CHECK_STR(rowstore_get(&rs, 4)->cells[0], "row 5");
	CHECK(rowstore_get(&rs, 5) == NULL);                /* page 2 is a row short */
	CHECK(rowstore_page_short(&rs, 2));
	CHECK(!rowstore_page_short(&rs, 1));
	CHECK(rowstore_page_loaded(&rs, 2));
	/* 9 rows: page 3 (rows 6-8) is the last; page 4 is no more */
	CHECK_INT(rowstore_page_count(&rs), 3);
	CHECK(!rowstore_page_loaded(&rs, 4));
	/* the last page's only row */
	rowstore_put_page(&rs, 3, make_page(7, 3), 3);
	CHECK(rowstore_remove(&rs, 4294967296LL + 9, &index));
	CHECK_INT(index, 8);
	CHECK_INT(rs.total, 8);
	CHECK(!rowstore_page_short(&rs, 3));
	CHECK_INT(rowstore_count(&rs), 8);
	CHECK(rowstore_bytes(&rs) > 0);
	rowstore_free(&rs);

	/* a loaded page past one that is not: its rows moved, it goes */
	rowstore_init(&rs, 3);
	rowstore_set_total(&rs, 13);
	rowstore_put_page(&rs, 1, make_page(0, 3), 3);
	rowstore_put_page(&rs, 4, make_page(9, 3), 3);
	CHECK(rowstore_remove(&rs, 4294967296LL, &index));
	CHECK(rowstore_page_short(&rs, 1));
	CHECK(!rowstore_page_loaded(&rs, 4));
	CHECK(rowstore_get(&rs, 9) == NULL);
	rowstore_free(&rs);
}
