/*
 * store_db.h - the database connection behind struct mirror_store, for the
 * mirror's modules that query it directly (query.c, local.c).
 *
 * store.c opens it, makes and checks the schema, keeps the sync state and
 * the transactions; store_records.c stores, removes and reads records;
 * store_sql.c holds the statements both use (store.c -> store_records.c
 * -> store_sql.c).
 */
#ifndef PATINA_MIRROR_STORE_DB_H
#define PATINA_MIRROR_STORE_DB_H

#include "mirror/codec.h"
#include "mirror/extract.h"
#include "mirror/store.h"

#include <sqlite3.h>

enum store_stmt {
	STMT_FIND,          /* rowid, modified, data of (entity, id) */
	STMT_INSERT,        /* a record */
	STMT_INSERT_BODY,   /* its data */
	STMT_REMOVE,        /* a record by rowid */
	STMT_REMOVE_BODY,
	STMT_BODY,          /* a record's data by rowid */
	STMT_FTS_INSERT,    /* the three indexes (store.h), ?2 ?3 ?4 the columns */
	STMT_NAMES_INSERT,
	STMT_CONTACTS_INSERT,
	STMT_FTS_DELETE,    /* contentless: the old text is given again */
	STMT_NAMES_DELETE,
	STMT_CONTACTS_DELETE,
	STMT_COUNT
};

/* A record's rowid is its place in the order of recency (store.h) times
 * eight, plus its entity: the index can then leave out other entities'
 * records without reading the table. */
#define STORE_ROWID(seq, e) ((int64_t)(seq) << 3 | (int64_t)(e))
#define STORE_ENTITY_OF(rowid) ((int)((rowid) & 7))

struct mirror_store {
	sqlite3 *db;
	int64_t next_seq;          /* the writer's next place in the order */
	struct codec *codec;       /* the connection's thread's */
	bool write;
	sqlite3_stmt *stmt[STMT_COUNT];
	char error[256];
};

/* store_sql.c */
/* A statement prepared once per connection (NULL on error, said in
 * s->error). Reset before use by the caller. */
sqlite3_stmt *store_stmt(struct mirror_store *s, enum store_stmt which);
/* Prepares sql for one use (caller finalizes); NULL on error. */
sqlite3_stmt *store_prepare(struct mirror_store *s, const char *sql);
/* Keeps SQLite's message for store_error(); returns false. */
bool store_fail(struct mirror_store *s, const char *what);

/* store_records.c */
/* Adds a record's text to the indexes, or removes it (remove: the text
 * it was added with). */
bool store_index(struct mirror_store *s, bool remove, int64_t rowid, const struct extract *x);
/* The place after the last one taken (the writer's, at open). */
int64_t store_next_seq(struct mirror_store *s);

#endif
