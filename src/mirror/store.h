/*
 * store.h - the mirror's database: every record of the account's six
 * entities, a full-text index over them, and where their sync stands.
 *
 * One SQLite database per account and user, $XDG_CACHE_HOME/patina/
 * <account>/<user>/mirror.db (store_path), mode 0600 in private
 * directories, in WAL mode: one connection writes (the mirror's worker
 * thread, worker.h), others read at the same time without waiting for it
 * (the finder on the UI thread, query.h).
 *
 * Tables:
 *   records  (rowid, entity, id, created, modified, owner, name): what a
 *            search needs of a record, small enough to stay in the cache.
 *            The rowid orders records by when the mirror last learned a
 *            change to them: the first sync stores them oldest first, and
 *            a record that changed later is stored again under a new,
 *            higher rowid, so "most recent first" is "highest rowid
 *            first", which the index can answer without sorting. Its low
 *            three bits are the entity (store_db.h).
 *   bodies   (rowid, data): the record as Copper sent it (codec.h).
 *   fts      the full-text index (FTS5, contentless): columns name,
 *            contact and other (extract.h), rowid = records' rowid.
 *            Tokenizer unicode61 with diacritics removed ("sofia" finds
 *            "Sofía"), prefix indexes of 1 to 3 characters (the first
 *            keystrokes are the broadest queries), detail=column (no
 *            positions: the finder asks for words, never phrases). Chosen
 *            by measurement (bench/bench_mirror_tokenizer.py): trigram
 *            finds substrings but in SQLite 3.40 cannot fold accents,
 *            cannot search fewer than three characters, and is three times
 *            the size.
 *   names, contacts   the name and the contact column again, each an index
 *            of its own: the finder's first tiers (query.h) then read the
 *            words of names or of emails and phones only, not every
 *            detail's (a longer prefix is read whole: "review" was 7 ms
 *            in fts, 2 ms here), for some 10% more disk.
 *   sync     where the sync of each entity stands (struct store_sync).
 *   meta     the schema, the codec's dictionary (so that other readers
 *            can decode the records), the extract version.
 *
 * A record is stored only if it is not older (date_modified) than the one
 * held: a list page read before a sync must not undo what the sync
 * stored. The mirror holds what the server said, never what patina sent.
 */
#ifndef PATINA_MIRROR_STORE_H
#define PATINA_MIRROR_STORE_H

#include "copper/entity.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mirror_store;

/* The database's path under base (e.g. $XDG_CACHE_HOME/patina). Caller
 * frees. */
char *store_path(const char *base, int64_t account_id, int64_t user_id);
/* The account and the user a set of credentials (identity, as the disk
 * cache has it: copper/cache.h) belong to, from the cached look-ups
 * whatever their age (neither ever changes); 0 for what is not known
 * yet, which the look-ups "account" and "me" then tell. */
void store_identity(const char *base, const char *identity, int64_t *account_id,
		    int64_t *user_id);

/* Opens the database at path, creating it (and its private directories)
 * when write is true; a database of another schema is started afresh (it
 * is a cache). A reader opened before the file exists fails. NULL with
 * *error (malloc'd) on failure. */
struct mirror_store *store_open(const char *path, bool write, char **error);
void store_close(struct mirror_store *s);
/* The last SQLite error of the connection (static until the next call). */
const char *store_error(const struct mirror_store *s);

/* ---- writing (a connection opened to write) ---------------------------- */

bool store_begin(struct mirror_store *s);
bool store_commit(struct mirror_store *s);
void store_rollback(struct mirror_store *s);

/* Stores the records of entity e (an array, or one object); records
 * without an id are skipped. *changed (may be NULL) counts those that
 * were new or changed. False on a database error. */
bool store_put(struct mirror_store *s, enum entity e, const cJSON *records, int *changed);
/* Removes a record (true also when it was not there). */
bool store_delete(struct mirror_store *s, enum entity e, int64_t id);
/* Removes the records of e created in [lo, hi] whose ids are not among
 * keep (sorted ascending); *removed (may be NULL) counts them. */
bool store_delete_window_except(struct mirror_store *s, enum entity e, int64_t lo, int64_t hi,
				const int64_t *keep, size_t nkeep, int *removed);
/* Removes every record of e (a first sync that starts again). */
bool store_clear_entity(struct mirror_store *s, enum entity e);
/* Merges the index into one segment (smaller, faster): after a first
 * sync, which wrote it a page at a time. */
bool store_optimize(struct mirror_store *s);

/* Where the sync of an entity stands. */
struct store_sync {
	bool complete;          /* the first sync has been through every record */
	int64_t window_lo;      /* first sync: the created-date window it is in
				 * (minimum_created_date), 0: the first window */
	int page;               /* first sync: the next page of the window */
	int64_t watermark;      /* server time (Unix) since which changes may be
				 * missing: the next incremental sync asks from
				 * there (less a margin); 0 unknown */
	int64_t synced_at;      /* local Unix time of the last completed sync, 0 never */
	int64_t server_total;   /* the entity's count as the server last said, -1 unknown */
};
bool store_set_sync(struct mirror_store *s, enum entity e, const struct store_sync *st);

/* ---- reading ------------------------------------------------------------- */

/* The sync state (zeroes and server_total -1 when none is stored). */
bool store_get_sync(struct mirror_store *s, enum entity e, struct store_sync *st);
/* A record (caller frees), or NULL when the mirror does not hold it. */
cJSON *store_get(struct mirror_store *s, enum entity e, int64_t id);
/* Records held of e (-1 on error). */
int64_t store_count(struct mirror_store *s, enum entity e);
/* Records of e created in [lo, hi]. */
int64_t store_count_window(struct mirror_store *s, enum entity e, int64_t lo, int64_t hi);
/* The creation date that splits the records of e created in [lo, hi] in
 * two halves (the median's); lo when there are none. */
int64_t store_median_created(struct mirror_store *s, enum entity e, int64_t lo, int64_t hi);
/* The extreme creation dates held of e (0 when none). */
bool store_created_range(struct mirror_store *s, enum entity e, int64_t *lo, int64_t *hi);

#endif
