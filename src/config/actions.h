/*
 * actions.h - everything the user can ask for, declared once.
 *
 * One X-macro table yields the enum, the name used in keymap files and the
 * help text, so the help overlay can never drift from the code.  Keymaps
 * bind keys to these names; views act on the enum.
 */
#ifndef PATINA_ACTIONS_H
#define PATINA_ACTIONS_H

#include <stdbool.h>

#define ACTION_TABLE(A) \
	/* everywhere */ \
	A(QUIT,            "quit",            "Quit patina") \
	A(HELP,            "help",            "Show the keys (this help)") \
	A(TAB_PEOPLE,      "tab-people",      "Go to the People tab") \
	A(TAB_COMPANIES,   "tab-companies",   "Go to the Companies tab") \
	A(TAB_LEADS,       "tab-leads",       "Go to the Leads tab") \
	A(TAB_OPPORTUNITIES, "tab-opportunities", "Go to the Opportunities tab") \
	A(TAB_PROJECTS,    "tab-projects",    "Go to the Projects tab") \
	A(TAB_TASKS,       "tab-tasks",       "Go to the Tasks tab") \
	A(TAB_TODAY,       "tab-today",       "Go to Today: your tasks due, deals closing this month, records untouched") \
	A(TAGS,            "tags",            "The account's tags, most used first; Enter lists a tag's records") \
	A(TAB_NEXT,        "tab-next",        "Next tab") \
	A(TAB_PREV,        "tab-prev",        "Previous tab") \
	A(TAB_BY_NAME,     "tab-by-name",     "Go to a tab by typing its name") \
	A(FOCUS_NEXT,      "focus-next",      "Move the focus between list and detail") \
	A(MAXIMIZE,        "maximize",        "Maximize the focused pane, or restore") \
	A(RELOAD,          "reload",          "Reload the list from the server") \
	A(REFRESH_LOOKUPS, "refresh-lookups", "Re-fetch users, pipelines, layouts... (cached)") \
	A(REDRAW,          "redraw",          "Redraw the screen") \
	/* moving */ \
	A(MOVE_DOWN,       "move-down",       "Next row or line") \
	A(MOVE_UP,         "move-up",         "Previous row or line") \
	A(PAGE_DOWN,       "page-down",       "Next page") \
	A(PAGE_UP,         "page-up",         "Previous page") \
	A(HALF_PAGE_DOWN,  "half-page-down",  "Half a page down") \
	A(HALF_PAGE_UP,    "half-page-up",    "Half a page up") \
	A(MOVE_FIRST,      "move-first",      "First row") \
	A(MOVE_LAST,       "move-last",       "Last row (loads only the last page)") \
	A(GOTO_ROW,        "goto-row",        "Jump to a row number") \
	/* lists */ \
	A(SEARCH,          "search",          "Search by name as you type") \
	A(FILTER,          "filter",          "Filter (owner:me stage:Proposal tag:vip value>10000 ...)") \
	A(SAVED_SEARCH,    "saved-search",    "Apply a saved search from the config file") \
	A(CLEAR_FILTER,    "clear-filter",    "Clear the search and filter") \
	A(SORT_NEXT,       "sort-next",       "Sort by the next sortable column") \
	A(SORT_REVERSE,    "sort-reverse",    "Reverse the sort direction") \
	A(COLUMNS,         "columns",         "Choose, order and size the list's columns (remembered)") \
	A(NEXT_MATCH,      "next-match",      "Next loaded row matching the search") \
	A(PREV_MATCH,      "prev-match",      "Previous loaded row matching the search") \
	A(OPEN,            "open",            "Open the row, or follow the related record") \
	A(BACK,            "back",            "Go back to where you followed a record from") \
	/* detail */ \
	A(TOGGLE_EMPTY,    "toggle-empty",    "Show or hide empty fields") \
	A(RELATED,         "related",         "Show related records") \
	A(ACTIVITIES,      "activities",      "Show the activity timeline") \
	A(COPY_VALUE,      "copy-value",      "Copy the focused value to the clipboard (OSC 52)") \
	A(COPY_URL,        "copy-url",        "Copy the record's Copper web address (OSC 52)") \
	A(OPEN_BROWSER,    "open-browser",    "Open the record in $BROWSER") \
	/* activities */ \
	A(LOG_ACTIVITY,    "log-activity",    "Log an activity (a call, a meeting, a note...) on the record") \
	A(FILTER_ACTIVITY_TYPE, "filter-activity-type", "In the timeline: show only some activity types") \
	/* deleting, related items */ \
	A(DELETE,          "delete",          "Delete after asking: the record, a relation, an activity") \
	A(LINK_RECORD,     "link-record",     "Relate a record, picked by name as you type") \
	/* leads */ \
	A(CONVERT_LEAD,    "convert-lead",    "Convert the lead: person, company, opportunity") \
	A(TOGGLE_CONVERTED, "toggle-converted", "Leads: list converted leads too, or not") \
	/* pickers */ \
	A(PICK,            "pick",            "Choose the focused record") \
	A(PICK_KIND,       "pick-kind",       "Search one kind of record, the next, or all") \
	/* editing */ \
	A(EDIT,            "edit",            "Edit the record (in the timeline: your focused activity)") \
	A(CREATE,          "create",          "Create a record of this tab's kind") \
	A(FIELD_EDIT,      "field-edit",      "Change the focused field") \
	A(FIELD_CLEAR,     "field-clear",     "Clear the focused field") \
	A(FIELD_REVERT,    "field-revert",    "Undo your change to the focused field") \
	A(FIELD_EDITOR,    "field-editor",    "Edit the focused text in $EDITOR") \
	A(SAVE,            "save",            "Preview what will be sent, then send it") \
	A(CANCEL,          "cancel",          "Leave the form or picker (the form asks first)") \
	/* the pipeline board */ \
	A(BOARD,           "board",           "Open or close the pipeline board") \
	A(MOVE_LEFT,       "move-left",       "Previous stage column") \
	A(MOVE_RIGHT,      "move-right",      "Next stage column") \
	A(PIPELINE_NEXT,   "pipeline-next",   "Next pipeline (remembered as the default)") \
	A(STAGE_NEXT,      "stage-next",      "Move the deal to the next stage") \
	A(STAGE_PREV,      "stage-prev",      "Move the deal to the previous stage") \
	A(STAGE_PICK,      "stage-pick",      "Move the deal to a stage picked by name") \
	A(MARK_WON,        "mark-won",        "Mark the deal won") \
	A(MARK_LOST,       "mark-lost",       "Mark the deal lost, with a loss reason") \
	A(MARK_ABANDONED,  "mark-abandoned",  "Mark the deal abandoned") \
	A(SET_CLOSE_DATE,  "set-close-date",  "Set the close date (eom, +1w, 2026-12-31...)") \
	A(SET_VALUE,       "set-value",       "Set the deal's value") \
	A(SET_WIN,         "set-win-probability", "Set the win probability (0-100)") \
	A(SET_PRIORITY,    "set-priority",    "Set the priority") \
	A(SET_OWNER,       "set-owner",       "Set the owner") \
	A(ADD_NOTE,        "add-note",        "Log a note on the deal (the activity form)") \
	A(SELECT,          "select",          "Select the row (or deal) for an action on several") \
	A(UNDO,            "undo",            "Undo the last change (an opposite update, record by record)") \
	/* several records */ \
	A(SELECT_RANGE,    "select-range",    "Select the rows from the last one selected to this one") \
	A(SELECT_ALL,      "select-all",      "Select every record the search and filter match (all pages)") \
	A(SELECT_NONE,     "select-none",     "Clear the selection; while a change runs, stop it") \
	A(BULK_SET,        "bulk-set",        "Set a field (owner, tags, status, stage...) on the selected records") \
	A(EDIT_TAGS,       "edit-tags",       "Add or remove tags (+= a, -= b) on the selection, else the record") \
	A(EXPORT,          "export",          "Export the list, every page, to a CSV or JSON file") \
	/* the Today tab */ \
	A(COMPLETE_TASK,   "complete-task",   "Mark the task completed") \
	A(SNOOZE,          "snooze",          "Push the due date back: +1 day, +1 week or a date you type") \
	/* the finder */ \
	A(FINDER,          "finder",          "Find any record by name, email, phone... (the mirror)")

enum action {
	ACTION_NONE,
#define ACTION_ENUM(id, name, help) ACTION_##id,
	ACTION_TABLE(ACTION_ENUM)
#undef ACTION_ENUM
	ACTION_COUNT
};

const char *action_name(enum action a);
const char *action_help(enum action a);
/* False if no action has that name ("none" is ACTION_NONE, which unbinds). */
bool action_parse(const char *name, enum action *out);

#endif
