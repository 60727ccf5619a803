/* Unit tests: the columns a list shows (model/columns.c): the user's
 * choice, its errors, remembering it, and widths that fit the content. */
#include "config.h"

#include "config/settings.h"
#include "model/columns.h"
#include "testlib.h"
#include "util/util.h"

#include <stdlib.h>
#include <string.h>

TEST(test_a_choice_orders_and_sizes_columns)
{
	struct column_choice c;
	char *error = NULL;
	CHECK(columns_parse_choice(ENT_PEOPLE, "name company:20 Email, phone owner", &c, &error));
	CHECK_INT(c.n, 5);
	CHECK_INT(c.width[1], 20);
	char *spec = columns_format_choice(ENT_PEOPLE, &c);
	CHECK_STR(spec, "name company:20 email phone owner");
	free(spec);
	CHECK(!columns_parse_choice(ENT_PEOPLE, "name fax", &c, &error));
	CHECK_STR(error, "unknown column 'fax' for People (known: name, company, title, email, "
		  "phone, owner)");
	free(error);
	CHECK(!columns_parse_choice(ENT_PEOPLE, "name name", &c, &error));
	CHECK_CONTAINS(error, "named twice");
	free(error);
	CHECK(!columns_parse_choice(ENT_PEOPLE, "name:0", &c, &error));
	CHECK_CONTAINS(error, "from 1 to 500");
	free(error);
	CHECK(!columns_parse_choice(ENT_PEOPLE, "  ", &c, &error));
	free(error);
}

TEST(test_the_config_names_file_and_line)
{
	char *msg = columns_check_setting("people", "name phone");
	CHECK(msg == NULL);
	msg = columns_check_setting("widgets", "name");
	CHECK_CONTAINS(msg, "columns.widgets: no such list");
	free(msg);
	settings_column_check = columns_check_setting;
	char *path = xasprintf("%s/cfg", test_tmpdir());
	const char *text = "set columns.people = name email phone\n"
			   "set columns.leads = name value:14 bogus\n";
	CHECK(file_write_atomic(path, text, strlen(text), false));
	struct settings s;
	struct conf_errors errs = {0};
	settings_init(&s);
	struct settings_flags flags = { .config_path = path };
	settings_load(&s, &flags, &errs);
	bool named = false;
	for (size_t i = 0; i < errs.count; i++)
		named |= strstr(errs.messages[i], "cfg:2: columns.leads: unknown column 'bogus' for "
				"Leads") != NULL;
	CHECK(named);
	CHECK_INT(s.column_count, 1);
	CHECK_STR(s.column_specs[0], "name email phone");
	conf_errors_free(&errs);
	settings_free(&s);
	free(path);
	settings_column_check = NULL;
}

TEST(test_the_choice_is_remembered_per_list)
{
	char *text = columns_remember(NULL, ENT_PEOPLE, "name email");
	char *more = columns_remember(text, ENT_LEADS, "name value");
	char *again = columns_remember(more, ENT_PEOPLE, "phone name");
	CHECK_STR(again, "Leads name value\nPeople phone name\n");
	struct column_choice c;
	CHECK(columns_remembered(again, ENT_PEOPLE, &c));
	CHECK_INT(c.n, 2);
	CHECK(!columns_remembered(again, ENT_TASKS, &c));
	CHECK(!columns_remembered("People fax\n", ENT_PEOPLE, &c));
	free(text);
	free(more);
	free(again);
}

TEST(test_widths_fit_the_content_and_money_is_never_cut)
{
	size_t n;
	const struct column *cols = columns_for(ENT_OPPORTUNITIES, &n);
	struct column_choice all;
	columns_choice_all(ENT_OPPORTUNITIES, &all);
	/* name company stage value close status owner */
	int want[] = { 40, 25, 13, 14, 11, 9, 15 };
	int w[COLUMNS_MAX];
	columns_fit_layout(cols, &all, want, 88, w);
	int used = 0;
	for (size_t i = 0; i < n; i++)
		used += w[i] + (i ? 1 : 0);
	CHECK_INT(used, 88);
	CHECK_INT(w[3], 14); /* "368,000.35 USD" whole */
	CHECK_INT(w[4], 11);
	CHECK(w[6] >= 7);    /* the owner keeps a few letters */
	CHECK(w[0] > w[1]);  /* the name the most */
	/* wide: everything whole, the spare by weight */
	columns_fit_layout(cols, &all, want, 200, w);
	for (size_t i = 0; i < n; i++)
		CHECK(w[i] >= want[i]);
	/* a fixed width is kept */
	struct column_choice c;
	char *error;
	CHECK(columns_parse_choice(ENT_OPPORTUNITIES, "name:10 value", &c, &error));
	int want2[] = { 40, 14 };
	columns_fit_layout(cols, &c, want2, 100, w);
	CHECK_INT(w[0], 10);
	CHECK_INT(w[1], 89);
}
