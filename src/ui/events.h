/*
 * events.h - what views tell the application, as events on a queue.
 *
 * Views never call the application: they post an event and go on. The
 * loop delivers each event after the handler that posted it has returned
 * and before the screen is drawn, so nothing is re-entered and nothing is
 * drawn half-way. The application routes the events about panes (a list's
 * record to its tab's detail, a followed record to the current detail) and
 * hands every other event to every view, each taking what concerns it.
 */
#ifndef PATINA_EVENTS_H
#define PATINA_EVENTS_H

#include "copper/entity.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>

struct view;

enum ui_event_type {
	EV_SHOW_RECORD,    /* a list's cursor is on (entity, id[, record]); by_user: the
			    * user moved it (else a page arrived) */
	EV_FOLLOW,         /* show (entity, id) in the current tab's detail, keeping
			    * where the user was for "back" */
	EV_OPEN_RECORD,    /* show (entity, id[, record]) in its tab's detail, focused */
	EV_FOCUS_DETAIL,   /* move the focus to the current tab's detail pane */
	EV_TAB_SHOWN,      /* entity's tab became visible (its list loads if it has not) */
	EV_PANE_ACTION,    /* entity's detail pane performs action id on the record it
			    * shows (the list asks, for keys that act on a record) */
	EV_RECORD_SAVED,   /* the server's copy of a saved record (record) */
	EV_RECORD_CREATED, /* a new record (record): lists show it, its tab opens it */
	EV_REFRESH_RECORD, /* re-read (entity, id) from the server, wherever shown */
	EV_NAMES_LEARNED,  /* names of related records arrived: redraw what showed ids */
	EV_LOOKUPS_CHANGED,/* look-ups arrived or were refreshed */
	EV_EDIT_RECORD,    /* open the edit form on (entity, record) */
	EV_CREATE_RECORD,  /* open the form to create a record of entity */
	EV_RESTORE_DRAFT,  /* reopen a draft (record: the draft) */
	EV_LOG_ACTIVITY,   /* open the activity form to log one on (entity, id); record:
			    * the record, for its name (may be NULL) */
	EV_LOG_NOTE,       /* the same, with the Note type chosen */
	EV_EDIT_ACTIVITY,  /* open the activity form on an activity (record) of (entity, id) */
	EV_DELETE_ACTIVITY,/* ask, then delete an activity (record) of (entity, id) */
	EV_ACTIVITY_SAVED, /* the server's copy of an activity (record) logged or changed on
			    * (entity, id): timelines show it */
	EV_ACTIVITY_DELETED,/* an activity (record) of (entity, id) is gone: timelines drop it */
	EV_RECORD_DELETED, /* (entity, id) is gone from Copper (deleted, or a lead converted;
			    * by_user false: found gone, a 404): lists drop its row and
			    * count it out, panes showing it say so */
	EV_LINK_RECORD,    /* open the link picker on (entity, id); record: {"record": the
			    * record, "related": its relations as GET .../related listed them} */
	EV_LINK_CHOSEN,    /* the picker chose what to relate (entity, id) to; record:
			    * {"type", "id", "record": the chosen one as searched[,
			    * "move_from": the company a person leaves]}: the pane showing
			    * (entity, id) sends it */
	EV_RELATIONS_CHANGED, /* (entity, id)'s relations changed: read them again where shown */
	EV_CONVERT_LEAD,   /* open the conversion form on lead id (record: the lead) */
	EV_MODAL_OPENED,   /* from: a view that now covers the panes and takes the keys */
	EV_MODAL_CLOSED,   /* from: it no longer does */
	EV_SHOW_FILTERED,  /* show entity's tab, its list filtered by the filter text
			    * that record is (a JSON string): a Today section's
			    * "more", a tag's records */
	EV_SOURCE_CHANGED, /* records now come from elsewhere (offline: the mirror; back
			    * online: the server): what is shown is read again */
};

struct ui_event {
	enum ui_event_type type;
	enum entity entity;
	int64_t id;
	cJSON *record;      /* owned by the event (a copy), may be NULL */
	bool by_user;
	struct view *from;  /* the view that posted it */
	int64_t fetched_at; /* Unix time the record was read from the server (0: now) */
};

struct events;

struct events *events_new(void);
/* Frees the queue and what is left in it. */
void events_free(struct events *q);

/* Queues an event; record (may be NULL) is copied. */
void events_post(struct events *q, enum ui_event_type type, enum entity e, int64_t id,
		 const cJSON *record, bool by_user, struct view *from);
/* Queues a copy of ev (its record copied too). */
void events_post_event(struct events *q, const struct ui_event *ev);
/* The oldest event, moved into *out (the caller then owns out->record:
 * ui_event_clear); false when the queue is empty. */
bool events_take(struct events *q, struct ui_event *out);
void ui_event_clear(struct ui_event *ev);
/* Drops every event posted by from (a view being closed). */
void events_forget(struct events *q, const struct view *from);

#endif
