/* actions.c - see actions.h */
#include "config.h"

#include "config/actions.h"

#include <string.h>

static const struct {
	const char *name;
	const char *help;
} actions[ACTION_COUNT] = {
	[ACTION_NONE] = { "none", "Do nothing (unbinds a key)" },
#define ACTION_INFO(id, n, h) [ACTION_##id] = { n, h },
	ACTION_TABLE(ACTION_INFO)
#undef ACTION_INFO
};

const char *action_name(enum action a)
{
	return (unsigned)a < ACTION_COUNT ? actions[a].name : "none";
}

const char *action_help(enum action a)
{
	return (unsigned)a < ACTION_COUNT ? actions[a].help : "";
}

bool action_parse(const char *name, enum action *out)
{
	for (int a = 0; a < ACTION_COUNT; a++) {
		if (!strcmp(actions[a].name, name)) {
			*out = (enum action)a;
			return true;
		}
	}
	return false;
}
