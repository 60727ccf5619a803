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
