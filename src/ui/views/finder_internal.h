/*
 * finder_internal.h - what the finder's files share.
 *
 * The finder is one search over all six entities, opened from anywhere
 * (' or C-p): every keystroke asks the mirror (mirror/query.h) on this
 * thread, a millisecond's work, and draws the results ranked, labelled by
 * type, with the field that matched and the words marked, and a preview of
 * the focused record. Enter opens it in its tab. While the mirror is
 * incomplete it also asks the server, once the typing pauses, one search
 * per entity still syncing (model/quicksearch.h says how the API allows),
 * and says what is still syncing.
 *
 * The query is typed on the prompt (the status line), which offers the
 * finder the keys that are not text first: its own key context ("finder"
 * in the keymaps) moves through the results.
 *
 * finder.c: the view, the query and the server's answers;
 * finder_draw.c: the results, the preview and the line of what syncs.
 */
#ifndef PATINA_FINDER_INTERNAL_H
#define PATINA_FINDER_INTERNAL_H

#include "mirror/query.h"
#include "ui/view.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FINDER_LIMIT 60           /* results asked of the mirror */
#define FINDER_DESCRIBED 40       /* of them described at once: the rest when drawn */

/* A result: from the mirror (its hit), or from the server. */
struct finder_item {
	enum entity entity;
	int64_t id;
	struct query_hit *hit;        /* into the mirror's results; NULL from the server */
	size_t index;                 /* its index there */
	cJSON *record;                /* the server's record (owned), NULL from the mirror */
};

struct finder {
	char *text;                   /* the query as typed */
	struct query_results local;
	cJSON *remote[ENT_COUNT];     /* the server's answers, per entity */
	unsigned asked;               /* entities asked of the server for text */
	unsigned answered;
	struct finder_item *items;    /* what is shown: local, then remote */
	size_t count;
	size_t cursor, top;
	char *error;                  /* the query cannot run: why */
	int64_t took_ms;              /* the last local query */
	int rows;                     /* result rows as last drawn, for paging */
	/* the preview's record, read once per focus */
	enum entity preview_entity;
	int64_t preview_id;
	cJSON *preview;
};

static inline struct finder *fv(struct view *v)
{
	return v->priv;
}

/* finder.c */
/* Entities the finder searches for the current text (its type filter). */
unsigned finder_entities(struct view *v);
/* Whether the mirror holds every record of e. */
bool finder_complete(struct view *v, enum entity e);
/* The focused item's record (the preview's), NULL when it has none. */
const cJSON *finder_focused_record(struct view *v);

/* finder_draw.c */
void finder_draw(struct view *v, WINDOW *w, bool focused);
/* Result rows that fit the window as last drawn. */
int finder_rows(struct view *v);

#endif
