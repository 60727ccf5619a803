/*
 * store.c - see store.h: the connection, the schema, the sync state and
 * the transactions (records are in store_records.c, the statements both
 * use in store_sql.c).
 */
#include "config.h"

#include "copper/cache.h"
#include "mirror/codec.h"
#include "mirror/extract.h"
#include "mirror/store_db.h"
#include "util/json.h"
#include "util/util.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Bump when the tables change: an older database is started afresh. */
#define SCHEMA_VERSION 3

static const char schema_sql[] =
	"CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value) WITHOUT ROWID;"
	"CREATE TABLE IF NOT EXISTS records(rowid INTEGER PRIMARY KEY, entity INTEGER NOT NULL,"
	" id INTEGER NOT NULL, created INTEGER NOT NULL, modified INTEGER NOT NULL,"
	" owner INTEGER, name TEXT);"
	"CREATE TABLE IF NOT EXISTS bodies(rowid INTEGER PRIMARY KEY, data BLOB NOT NULL);"
	"CREATE UNIQUE INDEX IF NOT EXISTS records_key ON records(entity, id);"
	"CREATE INDEX IF NOT EXISTS records_created ON records(entity, created);"
	"CREATE INDEX IF NOT EXISTS records_name ON records(entity, name);"
	"CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(name, contact, other, content='',"
	" tokenize='unicode61 remove_diacritics 2', prefix='1 2 3', detail=column,"
	" columnsize=0);"
	"CREATE VIRTUAL TABLE IF NOT EXISTS names USING fts5(name, content='',"
	" tokenize='unicode61 remove_diacritics 2', prefix='1 2 3', detail=column,"
	" columnsize=0);"
	"CREATE VIRTUAL TABLE IF NOT EXISTS contacts USING fts5(contact, content='',"
	" tokenize='unicode61 remove_diacritics 2', prefix='1 2 3', detail=column,"
	" columnsize=0);"
	"CREATE TABLE IF NOT EXISTS sync(entity INTEGER PRIMARY KEY, complete INTEGER NOT NULL,"
	" window_lo INTEGER NOT NULL, page INTEGER NOT NULL, watermark INTEGER NOT NULL,"
	" synced_at INTEGER NOT NULL, server_total INTEGER NOT NULL);";

static bool exec(struct mirror_store *s, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) == SQLITE_OK)
		return true;
	snprintf(s->error, sizeof(s->error), "%s", msg ? msg : sqlite3_errmsg(s->db));
	sqlite3_free(msg);
	return false;
}

char *store_path(const char *base, int64_t account_id, int64_t user_id)
{
	return xasprintf("%s/%" PRId64 "/%" PRId64 "/mirror.db", base, account_id, user_id);
}

void store_identity(const char *base, const char *identity, int64_t *account_id,
		    int64_t *user_id)
{
	struct cache *c = cache_open(base, identity, INT32_MAX, NULL);
	*account_id = cache_account(c);
	cJSON *me = cache_get(c, "me", (int64_t)time(NULL));
	*user_id = json_member_i64(me, "id");
	cJSON_Delete(me);
	cache_close(c);
}

/* The file exists as a regular file of ours, mode 0600, before SQLite
 * opens it (SQLite gives its WAL files the database file's mode). */
static bool make_private_file(const char *path, char **error)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	char *why = NULL;
	bool ok = !slash || dir_make_private(dir, &why);
	free(dir);
	if (!ok) {
		*error = xasprintf("the mirror is not used: %s", why);
		free(why);
		return false;
	}
	int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
	    fchmod(fd, 0600) != 0) {
		*error = xasprintf("the mirror is not used: %s is not a private file of yours (%s)",
				   path, fd < 0 ? strerror(errno) : "owner or type");
		if (fd >= 0)
			close(fd);
		return false;
	}
	close(fd);
	return true;
}

static int64_t meta_int(struct mirror_store *s, const char *key)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT value FROM meta WHERE key = ?1");
	int64_t v = -1;
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static bool meta_set(struct mirror_store *s, const char *key, const void *blob, int len,
		     int64_t number)
{
	sqlite3_stmt *st = store_prepare(s, "INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)");
	if (!st)
		return false;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (blob)
		sqlite3_bind_blob(st, 2, blob, len, SQLITE_STATIC);
	else
		sqlite3_bind_int64(st, 2, number);
	bool ok = sqlite3_step(st) == SQLITE_DONE;
	sqlite3_finalize(st);
	return ok || store_fail(s, "writing the mirror's meta data");
}

static bool has_table(struct mirror_store *s, const char *name)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT 1 FROM sqlite_master WHERE name = ?1");
	if (!st)
		return false;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	bool found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
}

/* The index again from the records: after the extraction changed. */
static bool rebuild_index(struct mirror_store *s)
{
	sqlite3_stmt *st = store_prepare(s, "SELECT r.rowid, r.entity, b.data FROM records r"
				       " JOIN bodies b ON b.rowid = r.rowid");
	if (!st || !exec(s, "INSERT INTO fts(fts) VALUES('delete-all');"
			     " INSERT INTO names(names) VALUES('delete-all');"
			     " INSERT INTO contacts(contacts) VALUES('delete-all')")) {
		sqlite3_finalize(st);
		return false;
	}
	bool ok = true;
	while (ok && sqlite3_step(st) == SQLITE_ROW) {
		cJSON *rec = codec_decode_json(s->codec, sqlite3_column_blob(st, 2), (size_t)sqlite3_column_bytes(st, 2));
		struct extract x;
		if (extract_record((enum entity)sqlite3_column_int(st, 1), rec, &x)) {
			ok = store_index(s, false, sqlite3_column_int64(st, 0), &x);
			extract_free(&x);
		}
		cJSON_Delete(rec);
	}
	sqlite3_finalize(st);
	return ok;
}

static bool make_schema(struct mirror_store *s)
{
	if (has_table(s, "meta") && meta_int(s, "schema") != SCHEMA_VERSION) {
		/* a cache of another version: start afresh */
		if (!exec(s, "DROP TABLE IF EXISTS fts; DROP TABLE IF EXISTS names;"
			     " DROP TABLE IF EXISTS contacts; DROP TABLE IF EXISTS records;"
			     " DROP TABLE IF EXISTS bodies;"
			     " DROP TABLE IF EXISTS sync; DROP TABLE IF EXISTS meta; VACUUM"))
			return false;
	}
	if (!exec(s, "BEGIN IMMEDIATE"))
		return false;
	size_t dict_len;
	const char *dict = codec_dictionary(&dict_len);
	bool ok = exec(s, schema_sql) && meta_set(s, "schema", NULL, 0, SCHEMA_VERSION) &&
		  meta_set(s, "codec_dictionary_v1", dict, (int)dict_len, 0);
	if (ok && meta_int(s, "extract") != EXTRACT_VERSION)
		ok = rebuild_index(s) && meta_set(s, "extract", NULL, 0, EXTRACT_VERSION);
	if (!ok) {
		exec(s, "ROLLBACK");
		return false;
	}
	return exec(s, "COMMIT");
}

struct mirror_store *store_open(const char *path, bool write, char **error)
{
	*error = NULL;
	if (write && !make_private_file(path, error))
		return NULL;
	struct mirror_store *s = xcalloc(1, sizeof(*s));
	s->write = write;
	s->codec = codec_new();
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_NOMUTEX;
	if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
		*error = xasprintf("cannot open the mirror %s: %s", path,
				   s->db ? sqlite3_errmsg(s->db) : "out of memory");
		store_close(s);
		return NULL;
	}
	/* a reader never waits long: the finder answers keys */
	sqlite3_busy_timeout(s->db, write ? 10000 : 200);
	/* WAL: readers (the finder) never wait for the writer (the sync) */
	/* auto_vacuum first, while a new file has no page: space freed (by
	 * the index's merge after a first sync) goes back to the file system */
	bool ok = exec(s, write ? "PRAGMA auto_vacuum=INCREMENTAL; PRAGMA journal_mode=WAL;"
				  " PRAGMA synchronous=NORMAL; PRAGMA cache_size=-8000"
				: "PRAGMA cache_size=-8000");
	if (ok && write)
		ok = make_schema(s);
	else if (ok && meta_int(s, "schema") != SCHEMA_VERSION)
		ok = (snprintf(s->error, sizeof(s->error), "the mirror is not ready yet"), false);
	if (!ok) {
		*error = xasprintf("the mirror %s cannot be used: %s", path, s->error);
		store_close(s);
		return NULL;
	}
	if (!write)
		exec(s, "PRAGMA query_only=1");
	else
		s->next_seq = store_next_seq(s);
	return s;
}

void store_close(struct mirror_store *s)
{
	if (!s)
		return;
	for (int i = 0; i < STMT_COUNT; i++)
		sqlite3_finalize(s->stmt[i]);
	sqlite3_close(s->db);
	codec_free(s->codec);
	free(s);
}

bool store_begin(struct mirror_store *s)
{
	return exec(s, "BEGIN IMMEDIATE");
}

bool store_commit(struct mirror_store *s)
{
	return exec(s, "COMMIT");
}

void store_rollback(struct mirror_store *s)
{
	if (!sqlite3_get_autocommit(s->db))
		exec(s, "ROLLBACK");
}

bool store_optimize(struct mirror_store *s)
{
	return exec(s, "INSERT INTO fts(fts) VALUES('optimize');"
		    " INSERT INTO names(names) VALUES('optimize');"
		    " INSERT INTO contacts(contacts) VALUES('optimize'); PRAGMA incremental_vacuum;"
		    " PRAGMA wal_checkpoint(TRUNCATE)");
}

/* ---- the sync state ---------------------------------------------------------- */

bool store_set_sync(struct mirror_store *s, enum entity e, const struct store_sync *st)
{
	sqlite3_stmt *q = store_prepare(s, "INSERT OR REPLACE INTO sync(entity, complete, window_lo,"
				       " page, watermark, synced_at, server_total)"
				       " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	if (!q)
		return false;
	sqlite3_bind_int(q, 1, (int)e);
	sqlite3_bind_int(q, 2, st->complete);
	sqlite3_bind_int64(q, 3, st->window_lo);
	sqlite3_bind_int(q, 4, st->page);
	sqlite3_bind_int64(q, 5, st->watermark);
	sqlite3_bind_int64(q, 6, st->synced_at);
	sqlite3_bind_int64(q, 7, st->server_total);
	bool ok = sqlite3_step(q) == SQLITE_DONE;
	sqlite3_finalize(q);
	return ok || store_fail(s, "saving where the sync stands");
}

bool store_get_sync(struct mirror_store *s, enum entity e, struct store_sync *st)
{
	memset(st, 0, sizeof(*st));
	st->page = 1;
	st->server_total = -1;
	sqlite3_stmt *q = store_prepare(s, "SELECT complete, window_lo, page, watermark, synced_at,"
				       " server_total FROM sync WHERE entity = ?1");
	if (!q)
		return false;
	sqlite3_bind_int(q, 1, (int)e);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		st->complete = sqlite3_column_int(q, 0) != 0;
		st->window_lo = sqlite3_column_int64(q, 1);
		st->page = sqlite3_column_int(q, 2);
		st->watermark = sqlite3_column_int64(q, 3);
		st->synced_at = sqlite3_column_int64(q, 4);
		st->server_total = sqlite3_column_int64(q, 5);
		if (st->page < 1)
			st->page = 1;
	}
	sqlite3_finalize(q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE || store_fail(s, "reading where the sync stands");
}
