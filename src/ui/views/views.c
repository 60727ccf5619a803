/* views.c - see views.h */
#include "config.h"

#include "ui/views/views.h"
#include "util/util.h"

const struct view_ops *const view_registry[] = {
#define VIEW_ENTRY(ops) &ops,
	VIEW_REGISTRY(VIEW_ENTRY)
#undef VIEW_ENTRY
};
const size_t view_registry_count = ARRAY_SIZE(view_registry);
