/*
 * store_records.c - records in and out of the mirror (see store.h): each
 * stored with its index entry, in the one order of recency.
 */
#include "config.h"

#include "mirror/codec.h"
#include "mirror/extract.h"
#include "mirror/store_db.h"
#include "util/json.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *text)
{
	if (text)
		sqlite3_bind_text(st, i, text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

bool store_index(struct mirror_store *s, bool remove, int64_t rowid, const struct extract *x)
{
	static const enum store_stmt add[] = { STMT_FTS_INSERT, STMT_NAMES_INSERT, STMT_CONTACTS_INSERT };
	static const enum store_stmt del[] = { STMT_FTS_DELETE, STMT_NAMES_DELETE, STMT_CONTACTS_DELETE };
	for (size_t i = 0; i < ARRAY_SIZE(add); i++) {
		sqlite3_stmt *st = store_stmt(s, remove ? del[i] : add[i]);
		if (!st)
			return false;
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, rowid);
		for (int c = 0; c < EXTRACT_COLUMNS; c++)
			if (sqlite3_bind_parameter_index(st, c == 0 ? "?2" : c == 1 ? "?3" : "?4"))
				sqlite3_bind_text(st, 2 + c, x->text[c], -1, SQLITE_STATIC);
		bool ok = sqlite3_step(st) == SQLITE_DONE;
		sqlite3_reset(st);
		if (!ok)
			return store_fail(s, "updating the mirror's index");
	}
	return true;
}

/* Takes a stored record out of the index and the table. The index keeps
 * no copy of its text: it is extracted again from the record. */
static bool remove_row(struct mirror_store *s, enum entity e, int64_t rowid,
		       const void *blob, int len)
{
	cJSON *old = codec_decode_json(s->codec, blob, (size_t)len);
	struct extract x;
	bool ok = true;
	if (extract_record(e, old, &x)) {
		ok = store_index(s, true, rowid, &x);
		extract_free(&x);
	}
	cJSON_Delete(old);
	for (int i = 0; ok && i < 2; i++) {
		sqlite3_stmt *st = store_stmt(s, i ? STMT_REMOVE_BODY : STMT_REMOVE);
		if (!st)
			return false;
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, rowid);
		ok = sqlite3_step(st) == SQLITE_DONE;
		sqlite3_reset(st);
	}
	return ok || store_fail(s, "removing a record from the mirror");
}

int64_t store_next_seq(struct mirror_store *s)
{
	sqlite3_stmt *q = store_prepare(s, "SELECT max(rowid) FROM records");
	int64_t next = 1;
	if (q && sqlite3_step(q) == SQLITE_ROW)
		next = (sqlite3_column_int64(q, 0) >> 3) + 1;
	sqlite3_finalize(q);
	return next;
}

static bool insert_row(struct mirror_store *s, enum entity e, int64_t rowid,
		       const struct extract *x, const unsigned char *blob, size_t len)
{
	sqlite3_stmt *st = store_stmt(s, STMT_INSERT);
	sqlite3_stmt *body = store_stmt(s, STMT_INSERT_BODY);
	if (!st || !body)
		return false;
	if (!rowid) /* the next place: the most recent */
		rowid = STORE_ROWID(s->next_seq++, e);
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, rowid);
	sqlite3_bind_int(st, 2, (int)e);
	sqlite3_bind_int64(st, 3, x->id);
	sqlite3_bind_int64(st, 4, x->created);
	sqlite3_bind_int64(st, 5, x->modified);
	if (x->owner)
		sqlite3_bind_int64(st, 6, x->owner);
	else
		sqlite3_bind_null(st, 6);
	bind_text_or_null(st, 7, x->name);
	bool ok = sqlite3_step(st) == SQLITE_DONE;
	sqlite3_reset(st);
	if (ok) {
		sqlite3_reset(body);
		sqlite3_bind_int64(body, 1, rowid);
		sqlite3_bind_blob(body, 2, blob, (int)len, SQLITE_STATIC);
		ok = sqlite3_step(body) == SQLITE_DONE;
		sqlite3_reset(body);
	}
	if (!ok)
		return store_fail(s, "storing a record in the mirror");
	return store_index(s, false, rowid, x);
}

/* One record: new, newer, or the same again (nothing to do). */
static bool put_one(struct mirror_store *s, enum entity e, const cJSON *rec, int *changed)
{
	struct extract x;
	if (!extract_record(e, rec, &x))
		return true; /* no id: nothing to key it by */
	char *json = cJSON_PrintUnformatted(rec);
	if (!json)
		abort(); /* cJSON fails only on allocation */
	size_t len;
	unsigned char *blob = codec_encode(s->codec, json, strlen(json), &len);
	cJSON_free(json);

	sqlite3_stmt *find = store_stmt(s, STMT_FIND);
	bool ok = find != NULL;
	int64_t rowid = 0;
	if (ok) {
		sqlite3_reset(find);
		sqlite3_bind_int(find, 1, (int)e);
		sqlite3_bind_int64(find, 2, x.id);
		int rc = sqlite3_step(find);
		if (rc == SQLITE_ROW) {
			int64_t modified = sqlite3_column_int64(find, 1);
			const void *old = sqlite3_column_blob(find, 2);
			int old_len = sqlite3_column_bytes(find, 2);
			rowid = sqlite3_column_int64(find, 0);
			if (modified > x.modified ||
			    ((size_t)old_len == len && !memcmp(old, blob, len))) {
				/* older than what is held, or the same */
				sqlite3_reset(find);
				goto done;
			}
			ok = remove_row(s, e, rowid, old, old_len);
			/* a change: it becomes the most recent; the same date
			 * with other data (a count the server keeps) stays put */
			if (modified < x.modified)
				rowid = 0;
		} else if (rc != SQLITE_DONE) {
			ok = store_fail(s, "reading the mirror");
		}
		sqlite3_reset(find);
	}
	if (ok)
		ok = insert_row(s, e, rowid, &x, blob, len);
	if (ok && changed)
		(*changed)++;
done:
	free(blob);
	extract_free(&x);
	return ok;
}

bool store_put(struct mirror_store *s, enum entity e, const cJSON *records, int *changed)
{
	if ((unsigned)e >= ENT_COUNT)
		return true;
	if (cJSON_IsObject(records))
		return put_one(s, e, records, changed);
	const cJSON *rec;
	cJSON_ArrayForEach(rec, json_array(records))
		if (!put_one(s, e, rec, changed))
			return false;
	return true;
}

static bool remove_where(struct mirror_store *s, enum entity e, sqlite3_stmt *q, int *removed)
{
	/* the rows first, then out: removing while stepping would skip */
	int64_t *rows = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			rows = xrealloc(rows, cap * sizeof(*rows));
		}
		rows[n++] = sqlite3_column_int64(q, 0);
	}
	sqlite3_finalize(q);
	bool ok = rc == SQLITE_DONE || store_fail(s, "reading the mirror");
	sqlite3_stmt *get = ok ? store_prepare(s, "SELECT data FROM bodies WHERE rowid = ?1") : NULL;
	for (size_t i = 0; ok && get && i < n; i++) {
		sqlite3_reset(get);
		sqlite3_bind_int64(get, 1, rows[i]);
		if (sqlite3_step(get) != SQLITE_ROW)
			continue;
		ok = remove_row(s, e, rows[i], sqlite3_column_blob(get, 0), sqlite3_column_bytes(get, 0));
		if (ok && removed)
			(*removed)++;
	}
	sqlite3_finalize(get);
	free(rows);
	return ok && (n == 0 || get);
}

bool store_delete(struct mirror_store *s, enum entity e, int64_t id)
{
	sqlite3_stmt *q = store_prepare(s, "SELECT rowid FROM records WHERE entity = ?1 AND id = ?2");
	if (!q)
		return false;
	sqlite3_bind_int(q, 1, (int)e);
	sqlite3_bind_int64(q, 2, id);
	return remove_where(s, e, q, NULL);
}

static int compare_ids(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

bool store_delete_window_except(struct mirror_store *s, enum entity e, int64_t lo, int64_t hi,
				const int64_t *keep, size_t nkeep, int *removed)
{
	sqlite3_stmt *q = store_prepare(s, "SELECT rowid, id FROM records WHERE entity = ?1"
				       " AND created BETWEEN ?2 AND ?3");
	if (!q)
		return false;
	sqlite3_bind_int(q, 1, (int)e);
	sqlite3_bind_int64(q, 2, lo);
	sqlite3_bind_int64(q, 3, hi);
	/* the ones to remove, by rowid, into a statement of their own */
	struct strbuf sql = {0};
	sb_puts(&sql, "SELECT rowid FROM records WHERE rowid IN (0");
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(q, 1);
		if (!bsearch(&id, keep, nkeep, sizeof(*keep), compare_ids))
			sb_printf(&sql, ",%lld", (long long)sqlite3_column_int64(q, 0));
	}
	sqlite3_finalize(q);
	sb_puts(&sql, ")");
	bool ok = rc == SQLITE_DONE || store_fail(s, "reading the mirror");
	sqlite3_stmt *gone = ok ? store_prepare(s, sql.data) : NULL;
	sb_free(&sql);
	return gone && remove_where(s, e, gone, removed);
}

bool store_clear_entity(struct mirror_store *s, enum entity e)
{
	sqlite3_stmt *q = store_prepare(s, "SELECT rowid FROM records WHERE entity = ?1");
	if (!q)
		return false;
	sqlite3_bind_int(q, 1, (int)e);
	return remove_where(s, e, q, NULL);
}

cJSON *store_get(struct mirror_store *s, enum entity e, int64_t id)
{
	sqlite3_stmt *q = store_stmt(s, STMT_FIND);
	if (!q)
		return NULL;
	sqlite3_reset(q);
	sqlite3_bind_int(q, 1, (int)e);
	sqlite3_bind_int64(q, 2, id);
	cJSON *rec = NULL;
	if (sqlite3_step(q) == SQLITE_ROW)
		rec = codec_decode_json(s->codec, sqlite3_column_blob(q, 2), (size_t)sqlite3_column_bytes(q, 2));
	sqlite3_reset(q);
	return rec;
}

static int64_t one_number(struct mirror_store *s, const char *sql, enum entity e, int64_t lo,
			  int64_t hi, int64_t otherwise)
{
	sqlite3_stmt *q = store_prepare(s, sql);
	if (!q)
		return -1;
	sqlite3_bind_int(q, 1, (int)e);
	sqlite3_bind_int64(q, 2, lo);
	sqlite3_bind_int64(q, 3, hi);
	int64_t v = otherwise;
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW && sqlite3_column_type(q, 0) != SQLITE_NULL)
		v = sqlite3_column_int64(q, 0);
	else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		v = (store_fail(s, "counting in the mirror"), -1);
	sqlite3_finalize(q);
	return v;
}

int64_t store_count(struct mirror_store *s, enum entity e)
{
	return one_number(s, "SELECT count(*) FROM records WHERE entity = ?1 AND ?2 <= ?3",
			  e, 0, 0, 0);
}

int64_t store_count_window(struct mirror_store *s, enum entity e, int64_t lo, int64_t hi)
{
	return one_number(s, "SELECT count(*) FROM records WHERE entity = ?1"
			  " AND created BETWEEN ?2 AND ?3", e, lo, hi, 0);
}

int64_t store_median_created(struct mirror_store *s, enum entity e, int64_t lo, int64_t hi)
{
	int64_t n = store_count_window(s, e, lo, hi);
	if (n <= 0)
		return lo;
	sqlite3_stmt *q = store_prepare(s, "SELECT created FROM records WHERE entity = ?1"
				       " AND created BETWEEN ?2 AND ?3 ORDER BY created LIMIT 1 OFFSET ?4");
	if (!q)
		return lo;
	sqlite3_bind_int(q, 1, (int)e);
	sqlite3_bind_int64(q, 2, lo);
	sqlite3_bind_int64(q, 3, hi);
	sqlite3_bind_int64(q, 4, (n - 1) / 2);
	int64_t v = lo;
	if (sqlite3_step(q) == SQLITE_ROW)
		v = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return v;
}

bool store_created_range(struct mirror_store *s, enum entity e, int64_t *lo, int64_t *hi)
{
	*lo = one_number(s, "SELECT min(created) FROM records WHERE entity = ?1 AND ?2 <= ?3",
			 e, 0, 0, 0);
	*hi = one_number(s, "SELECT max(created) FROM records WHERE entity = ?1 AND ?2 <= ?3",
			 e, 0, 0, 0);
	return *lo >= 0 && *hi >= 0;
}
