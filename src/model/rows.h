/*
 * rows.h - a list's rows, stored compactly and page by page.
 *
 * A row is its 64-bit id plus the few strings a list shows, in one
 * allocation; full records are not kept here.  Pages arrive in any order
 * (a jump to the end loads only the last page), and rows of pages not yet
 * loaded read as NULL so the view can draw placeholders.
 *
 * Copper's search returns at most the first 100,000 records of any query,
 * whatever the page: rows beyond the cap are never reachable, and
 * rowstore_capped() says so, so the view can tell the user to narrow it.
 */
#ifndef PATINA_ROWS_H
#define PATINA_ROWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SEARCH_CAP 100000

struct row {
	int64_t id;
	unsigned ncells;
	const char *cells[]; /* point into the same allocation */
};

/* One allocation holding the row and copies of its cells (NULL cells
 * become ""). Free with free(). */
struct row *row_new(int64_t id, unsigned ncells, const char *const *cells);

struct rowpage;

struct rowstore {
	int page_size;
	int64_t total;         /* as the server reports it (X-PW-TOTAL), -1 unknown */
	size_t npages;
	struct rowpage **pages;
};

void rowstore_init(struct rowstore *rs, int page_size);
void rowstore_free(struct rowstore *rs);
/* Forgets every row (a new search). */
void rowstore_reset(struct rowstore *rs);

void rowstore_set_total(struct rowstore *rs, int64_t total);
/* Rows the user can reach: the total, capped at SEARCH_CAP. */
size_t rowstore_count(const struct rowstore *rs);
bool rowstore_capped(const struct rowstore *rs);

/* 1-based page number holding row index (0-based). */
int rowstore_page_of(const struct rowstore *rs, size_t index);
int rowstore_page_count(const struct rowstore *rs);
bool rowstore_page_loaded(const struct rowstore *rs, int page);
/* Stores a page's rows (takes ownership of the rows and the array). */
void rowstore_put_page(struct rowstore *rs, int page, struct row **rows, int count);
/* Drops a page (to bound memory far from the view). */
void rowstore_drop_page(struct rowstore *rs, int page);

/* Replaces a loaded row (takes ownership of row); false if its page is
 * not loaded (then row is freed). */
bool rowstore_replace(struct rowstore *rs, size_t index, struct row *row);

/* Takes the row of id out (its record deleted): the rows after it move up
 * one, through the loaded pages that follow it; when a page that is not
 * loaded follows them, the last loaded one is left a row short (its last
 * row reads NULL until it is read again: rowstore_page_short), and the
 * loaded pages past it are dropped (where their rows start is not known
 * any more). The total goes down by one. *index (may be NULL) is where the row was. False, and
 * nothing changed, when no loaded page holds id. */
bool rowstore_remove(struct rowstore *rs, int64_t id, size_t *index);
/* Whether a loaded page holds fewer rows than the total says it should. */
bool rowstore_page_short(const struct rowstore *rs, int page);

/* The row at index, or NULL while its page is not loaded. */
const struct row *rowstore_get(const struct rowstore *rs, size_t index);

/* Bytes held, for the memory benchmark. */
size_t rowstore_bytes(const struct rowstore *rs);

#endif
