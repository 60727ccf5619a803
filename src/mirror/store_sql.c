/*
 * store_sql.c - the statements on the mirror's tables (store_db.h),
 * prepared once per connection, and the error they leave: below store.c
 * (the connection, the schema) and store_records.c (the records), which
 * both use them.
 */
#include "config.h"

#include "mirror/store_db.h"

#include <stdio.h>

static const char *const stmt_sql[STMT_COUNT] = {
	[STMT_FIND] = "SELECT r.rowid, r.modified, b.data FROM records r JOIN bodies b"
		      " ON b.rowid = r.rowid WHERE r.entity = ?1 AND r.id = ?2",
	[STMT_INSERT] = "INSERT INTO records(rowid, entity, id, created, modified, owner, name)"
			" VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[STMT_INSERT_BODY] = "INSERT INTO bodies(rowid, data) VALUES(?1, ?2)",
	[STMT_REMOVE] = "DELETE FROM records WHERE rowid = ?1",
	[STMT_REMOVE_BODY] = "DELETE FROM bodies WHERE rowid = ?1",
	[STMT_BODY] = "SELECT data FROM bodies WHERE rowid = ?1",
	[STMT_FTS_INSERT] = "INSERT INTO fts(rowid, name, contact, other) VALUES(?1, ?2, ?3, ?4)",
	[STMT_NAMES_INSERT] = "INSERT INTO names(rowid, name) VALUES(?1, ?2)",
	[STMT_CONTACTS_INSERT] = "INSERT INTO contacts(rowid, contact) VALUES(?1, ?3)",
	[STMT_NAMES_DELETE] = "INSERT INTO names(names, rowid, name) VALUES('delete', ?1, ?2)",
	[STMT_CONTACTS_DELETE] = "INSERT INTO contacts(contacts, rowid, contact)"
				 " VALUES('delete', ?1, ?3)",
	[STMT_FTS_DELETE] = "INSERT INTO fts(fts, rowid, name, contact, other)"
			    " VALUES('delete', ?1, ?2, ?3, ?4)",
};

bool store_fail(struct mirror_store *s, const char *what)
{
	snprintf(s->error, sizeof(s->error), "%s: %s", what, sqlite3_errmsg(s->db));
	return false;
}

const char *store_error(const struct mirror_store *s)
{
	return s->error[0] ? s->error : "no error";
}

sqlite3_stmt *store_stmt(struct mirror_store *s, enum store_stmt which)
{
	if (!s->stmt[which] &&
	    sqlite3_prepare_v3(s->db, stmt_sql[which], -1, SQLITE_PREPARE_PERSISTENT,
			       &s->stmt[which], NULL) != SQLITE_OK) {
		store_fail(s, "preparing a statement");
		return NULL;
	}
	return s->stmt[which];
}

sqlite3_stmt *store_prepare(struct mirror_store *s, const char *sql)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		store_fail(s, "preparing a query");
		return NULL;
	}
	return st;
}
