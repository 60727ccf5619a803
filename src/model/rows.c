/* rows.c - see rows.h */
#include "config.h"

#include "model/rows.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

struct rowpage {
	int count;
	size_t bytes;
	struct row **rows;
};

struct row *row_new(int64_t id, unsigned ncells, const char *const *cells)
{
	size_t text = 0;
	for (unsigned i = 0; i < ncells; i++)
		text += strlen(cells[i] ? cells[i] : "") + 1;
	struct row *r = xmalloc(sizeof(*r) + ncells * sizeof(char *) + text);
	r->id = id;
	r->ncells = ncells;
	char *p = (char *)&r->cells[ncells];
	for (unsigned i = 0; i < ncells; i++) {
		const char *s = cells[i] ? cells[i] : "";
		size_t n = strlen(s) + 1;
		memcpy(p, s, n);
		r->cells[i] = p;
		p += n;
	}
	return r;
}

static size_t row_bytes(const struct row *r)
{
	size_t n = sizeof(*r) + r->ncells * sizeof(char *);
	for (unsigned i = 0; i < r->ncells; i++)
		n += strlen(r->cells[i]) + 1;
	return n;
}

void rowstore_init(struct rowstore *rs, int page_size)
{
	memset(rs, 0, sizeof(*rs));
	rs->page_size = page_size > 0 ? page_size : 1;
	rs->total = -1;
}

static void page_free(struct rowpage *p)
{
	if (!p)
		return;
	for (int i = 0; i < p->count; i++)
		free(p->rows[i]);
	free(p->rows);
	free(p);
}

void rowstore_reset(struct rowstore *rs)
{
	for (size_t i = 0; i < rs->npages; i++)
		page_free(rs->pages[i]);
	free(rs->pages);
	rs->pages = NULL;
	rs->npages = 0;
	rs->total = -1;
}

void rowstore_free(struct rowstore *rs)
{
	rowstore_reset(rs);
}

void rowstore_set_total(struct rowstore *rs, int64_t total)
{
	rs->total = total < 0 ? -1 : total;
	size_t needed = (size_t)rowstore_page_count(rs);
	if (needed > rs->npages) {
		rs->pages = xrealloc(rs->pages, needed * sizeof(*rs->pages));
		memset(rs->pages + rs->npages, 0, (needed - rs->npages) * sizeof(*rs->pages));
		rs->npages = needed;
	}
}

size_t rowstore_count(const struct rowstore *rs)
{
	if (rs->total < 0)
		return 0;
	return rs->total > SEARCH_CAP ? SEARCH_CAP : (size_t)rs->total;
}

bool rowstore_capped(const struct rowstore *rs)
{
	return rs->total > SEARCH_CAP;
}

int rowstore_page_of(const struct rowstore *rs, size_t index)
{
	return (int)(index / (size_t)rs->page_size) + 1;
}

int rowstore_page_count(const struct rowstore *rs)
{
	size_t n = rowstore_count(rs);
	return (int)((n + (size_t)rs->page_size - 1) / (size_t)rs->page_size);
}

bool rowstore_page_loaded(const struct rowstore *rs, int page)
{
	return page >= 1 && (size_t)page <= rs->npages && rs->pages[page - 1];
}

void rowstore_put_page(struct rowstore *rs, int page, struct row **rows, int count)
{
	if (page < 1 || page > rowstore_page_count(rs)) {
		for (int i = 0; i < count; i++)
			free(rows[i]);
		free(rows);
		return;
	}
	/* a page can hold fewer rows than the total promised (records deleted
	 * meanwhile) or, from a misbehaving server, more: keep what fits */
	if (count > rs->page_size) {
		for (int i = rs->page_size; i < count; i++)
			free(rows[i]);
		count = rs->page_size;
	}
	struct rowpage *p = xcalloc(1, sizeof(*p));
	p->rows = rows;
	p->count = count;
	p->bytes = sizeof(*p) + (size_t)count * sizeof(*rows);
	for (int i = 0; i < count; i++)
		p->bytes += row_bytes(rows[i]);
	page_free(rs->pages[page - 1]);
	rs->pages[page - 1] = p;
}

void rowstore_drop_page(struct rowstore *rs, int page)
{
	if (rowstore_page_loaded(rs, page)) {
		page_free(rs->pages[page - 1]);
		rs->pages[page - 1] = NULL;
	}
}

bool rowstore_replace(struct rowstore *rs, size_t index, struct row *row)
{
	int page = rowstore_page_of(rs, index);
	struct rowpage *p = rowstore_page_loaded(rs, page) ? rs->pages[page - 1] : NULL;
	size_t offset = index % (size_t)rs->page_size;
	if (!p || offset >= (size_t)p->count) {
		free(row);
		return false;
	}
	p->bytes += row_bytes(row) - row_bytes(p->rows[offset]);
	free(p->rows[offset]);
	p->rows[offset] = row;
	return true;
}

/* Moves the first row of page q to the end of page q - 1 (both loaded). */
static void pull_up(struct rowstore *rs, size_t q)
{
	struct rowpage *from = rs->pages[q], *to = rs->pages[q - 1];
	struct row *r = from->rows[0];
	size_t bytes = row_bytes(r);
	memmove(&from->rows[0], &from->rows[1], (size_t)(from->count - 1) * sizeof(*from->rows));
	from->count--;
	from->bytes -= bytes + sizeof(*from->rows);
	to->rows = xrealloc(to->rows, (size_t)(to->count + 1) * sizeof(*to->rows));
	to->rows[to->count++] = r;
	to->bytes += bytes + sizeof(*to->rows);
}

bool rowstore_remove(struct rowstore *rs, int64_t id, size_t *index)
{
	size_t pi, offset = 0;
	bool found = false;
	for (pi = 0; pi < rs->npages && !found; pi++) {
		struct rowpage *p = rs->pages[pi];
		for (int i = 0; p && i < p->count && !found; i++)
			if (p->rows[i]->id == id)
				offset = (size_t)i, found = true;
	}
	if (!found)
		return false;
	pi--;
	struct rowpage *p = rs->pages[pi];
	if (index)
		*index = pi * (size_t)rs->page_size + offset;
	p->bytes -= row_bytes(p->rows[offset]) + sizeof(*p->rows);
	free(p->rows[offset]);
	memmove(&p->rows[offset], &p->rows[offset + 1],
		(size_t)(p->count - (int)offset - 1) * sizeof(*p->rows));
	p->count--;
	size_t q = pi + 1;
	for (; q < rs->npages && rs->pages[q] && rs->pages[q]->count; q++)
		pull_up(rs, q);
	/* past a page that is not loaded, where the rows now start is not
	 * known: those pages are read again when shown */
	for (; q < rs->npages; q++) {
		page_free(rs->pages[q]);
		rs->pages[q] = NULL;
	}
	if (rs->total > 0)
		rs->total--;
	/* a last page left empty is no page */
	size_t needed = (size_t)rowstore_page_count(rs);
	while (rs->npages > needed) {
		page_free(rs->pages[rs->npages - 1]);
		rs->pages[--rs->npages] = NULL;
	}
	return true;
}

bool rowstore_page_short(const struct rowstore *rs, int page)
{
	if (!rowstore_page_loaded(rs, page))
		return false;
	size_t count = rowstore_count(rs), first = (size_t)(page - 1) * (size_t)rs->page_size;
	size_t want = count > first ? count - first : 0;
	if (want > (size_t)rs->page_size)
		want = (size_t)rs->page_size;
	return (size_t)rs->pages[page - 1]->count < want;
}

const struct row *rowstore_get(const struct rowstore *rs, size_t index)
{
	if (index >= rowstore_count(rs))
		return NULL;
	int page = rowstore_page_of(rs, index);
	if (!rowstore_page_loaded(rs, page))
		return NULL;
	const struct rowpage *p = rs->pages[page - 1];
	size_t offset = index % (size_t)rs->page_size;
	return offset < (size_t)p->count ? p->rows[offset] : NULL;
}

size_t rowstore_bytes(const struct rowstore *rs)
{
	size_t n = rs->npages * sizeof(*rs->pages);
	for (size_t i = 0; i < rs->npages; i++)
		if (rs->pages[i])
			n += rs->pages[i]->bytes;
	return n;
}
