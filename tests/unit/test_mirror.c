/* test_mirror.c - the mirror's codec, extraction, store, finder query and
 * answers in the server's stead (src/mirror), on a database in a
 * temporary directory. */
#include "config.h"

#include "mirror/codec.h"
#include "mirror/extract.h"
#include "mirror/local.h"
#include "mirror/query.h"
#include "mirror/store.h"
#include "testlib.h"
#include "util/json.h"
#include "util/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *db_path;

/* The test program's own directory (testlib removes it at exit). */
static void setup(void)
{
	db_path = store_path(test_tmpdir(), 42, 7);
}

static void teardown(void)
{
	free(db_path);
}
TEST_SETUP(setup)
TEST_TEARDOWN(teardown)

static struct mirror_store *fresh(void)
{
	unlink(db_path);
	char *error = NULL;
	struct mirror_store *s = store_open(db_path, true, &error);
	if (!s)
		test_fail(__FILE__, __LINE__, "store_open: %s", error);
	free(error);
	return s;
}

static cJSON *parse(const char *text)
{
	cJSON *j = cJSON_Parse(text);
	if (!j)
		abort();
	return j;
}

static void put(struct mirror_store *s, enum entity e, const char *json)
{
	cJSON *j = parse(json);
	CHECK(store_begin(s));
	CHECK(store_put(s, e, j, NULL));
	CHECK(store_commit(s));
	cJSON_Delete(j);
}

#define SOFIA "{\"id\": 1151720, \"name\": \"Sof\\u00eda Hern\\u00e1ndez\"," \
	" \"emails\": [{\"email\": \"sofia.hernandez@acme.example\", \"category\": \"work\"}]," \
	" \"phone_numbers\": [{\"number\": \"(305) 555-2345\", \"category\": \"work\"}]," \
	" \"title\": \"CFO\", \"company_name\": \"Acme Foods\", \"assignee_id\": 9," \
	" \"address\": {\"city\": \"Miami\"}, \"tags\": [\"vip\"]," \
	" \"date_created\": 1000, \"date_modified\": 2000}"

TEST(test_codec_round_trips_and_shrinks_a_record)
{
	const char *json = "{\"id\":1,\"name\":\"Jim Halpert\",\"custom_fields\":["
		"{\"custom_field_definition_id\":6,\"value\":null},"
		"{\"custom_field_definition_id\":12,\"value\":null}],\"emails\":[{\"email\":"
		"\"jhalpert@prosperworks.com\",\"category\":\"work\"}]}";
	size_t n, back;
	unsigned char *blob = codec_encode(NULL, json, strlen(json), &n);
	CHECK(blob[0] == CODEC_DEFLATE_V1);
	CHECK(n < strlen(json) / 2);
	char *text = codec_decode(NULL, blob, n, 1 << 20, &back);
	CHECK_STR(text, json);
	CHECK(back == strlen(json));
	free(text);
	/* a corrupt blob is refused, not guessed at */
	blob[n / 2] ^= 0x55;
	blob[n - 1] ^= 0x55;
	text = codec_decode(NULL, blob, n, 1 << 20, &back);
	CHECK(!text || strcmp(text, json));
	free(text);
	blob[0] = 9;
	CHECK(!codec_decode(NULL, blob, n, 1 << 20, NULL));
	free(blob);
}

TEST(test_extract_columns_and_phone_suffixes)
{
	cJSON *j = parse(SOFIA);
	struct extract x;
	CHECK(extract_record(ENT_PEOPLE, j, &x));
	CHECK(x.id == 1151720 && x.created == 1000 && x.modified == 2000 && x.owner == 9);
	CHECK_STR(x.text[EXTRACT_NAME], "Sof\xc3\xad" "a Hern\xc3\xa1ndez");
	CHECK(strstr(x.text[EXTRACT_CONTACT], "sofia.hernandez@acme.example"));
	CHECK(strstr(x.text[EXTRACT_CONTACT], " 3055552345 "));
	CHECK(strstr(x.text[EXTRACT_CONTACT], " 5552345 "));
	CHECK(strstr(x.text[EXTRACT_CONTACT], " 345"));
	CHECK(!strstr(x.text[EXTRACT_CONTACT], " 45"));
	CHECK(strstr(x.text[EXTRACT_OTHER], "Acme Foods CFO Miami vip"));
	extract_free(&x);
	cJSON_Delete(j);
	/* no id, no record; hostile types are skipped */
	j = parse("{\"name\": \"x\"}");
	CHECK(!extract_record(ENT_PEOPLE, j, &x));
	cJSON_Delete(j);
	j = parse("{\"id\": 3, \"name\": 5, \"emails\": \"x\", \"tags\": {\"a\": 1}}");
	CHECK(extract_record(ENT_PEOPLE, j, &x));
	CHECK_STR(x.text[EXTRACT_NAME], "");
	extract_free(&x);
	cJSON_Delete(j);
}

TEST(test_store_keeps_the_newest_and_is_private)
{
	struct mirror_store *s = fresh();
	put(s, ENT_PEOPLE, SOFIA);
	cJSON *got = store_get(s, ENT_PEOPLE, 1151720);
	CHECK(got && !strcmp(cJSON_GetObjectItem(got, "title")->valuestring, "CFO"));
	cJSON_Delete(got);
	/* an older copy (a list page read before) does not undo a newer one */
	put(s, ENT_PEOPLE, "{\"id\": 1151720, \"name\": \"Old\", \"date_modified\": 1500}");
	got = store_get(s, ENT_PEOPLE, 1151720);
	CHECK_STR(cJSON_GetObjectItem(got, "name")->valuestring, "Sof\xc3\xad" "a Hern\xc3\xa1ndez");
	cJSON_Delete(got);
	put(s, ENT_PEOPLE, "{\"id\": 1151720, \"name\": \"New Name\", \"date_modified\": 2500}");
	got = store_get(s, ENT_PEOPLE, 1151720);
	CHECK_STR(cJSON_GetObjectItem(got, "name")->valuestring, "New Name");
	cJSON_Delete(got);
	CHECK(store_count(s, ENT_PEOPLE) == 1);
	CHECK(store_count(s, ENT_COMPANIES) == 0);
	CHECK(!store_get(s, ENT_COMPANIES, 1151720));
	CHECK(store_delete(s, ENT_PEOPLE, 1151720));
	CHECK(store_count(s, ENT_PEOPLE) == 0);
	struct stat st;
	CHECK(stat(db_path, &st) == 0 && (st.st_mode & 0777) == 0600);
	store_close(s);
}

TEST(test_store_sync_state_and_windows)
{
	struct mirror_store *s = fresh();
	struct store_sync st;
	CHECK(store_get_sync(s, ENT_LEADS, &st));
	CHECK(!st.complete && st.page == 1 && st.server_total == -1);
	st = (struct store_sync){ true, 500, 7, 123, 456, 3 };
	CHECK(store_set_sync(s, ENT_LEADS, &st));
	struct store_sync back;
	CHECK(store_get_sync(s, ENT_LEADS, &back));
	CHECK(back.complete && back.window_lo == 500 && back.page == 7 && back.watermark == 123 &&
	      back.synced_at == 456 && back.server_total == 3);
	for (int i = 1; i <= 9; i++) {
		char *json = xasprintf("{\"id\": %d, \"name\": \"T%d\", \"date_created\": %d}", i, i,
				       i * 10);
		put(s, ENT_TASKS, json);
		free(json);
	}
	CHECK(store_count_window(s, ENT_TASKS, 20, 50) == 4);
	CHECK(store_median_created(s, ENT_TASKS, 0, 1000) == 50);
	int64_t keep[] = { 2, 4 }, lo, hi;
	int removed = 0;
	CHECK(store_delete_window_except(s, ENT_TASKS, 20, 50, keep, 2, &removed));
	CHECK(removed == 2 && store_count(s, ENT_TASKS) == 7);
	cJSON *one = store_get(s, ENT_TASKS, 1);
	CHECK(!store_get(s, ENT_TASKS, 3) && one);
	cJSON_Delete(one);
	CHECK(store_created_range(s, ENT_TASKS, &lo, &hi) && lo == 10 && hi == 90);
	store_close(s);
}

static struct query_results find(struct mirror_store *s, const char *text)
{
	char *error = NULL;
	struct query_engine *qe = query_engine_new(s, &error);
	struct query q;
	struct query_results r = {0};
	if (!qe || !query_parse(text, NULL, NULL, &q, &error) || !query_run(qe, &q, 20, 20, &r, &error))
		test_fail(__FILE__, __LINE__, "%s: %s", text, error ? error : "?");
	query_free(&q);
	query_engine_free(qe);
	free(error);
	return r;
}

TEST(test_query_finds_accents_phones_and_emails)
{
	struct mirror_store *s = fresh();
	put(s, ENT_PEOPLE, SOFIA);
	put(s, ENT_COMPANIES, "{\"id\": 5, \"name\": \"Acme Foods\", \"date_modified\": 10,"
	    " \"phone_numbers\": [{\"number\": \"3055552999\"}]}");
	struct query_results r = find(s, "sofia hern");
	CHECK(r.count == 1 && r.hits[0].id == 1151720 && r.hits[0].rank == RANK_NAME_PREFIX);
	CHECK(r.hits[0].nmarks == 2 && r.hits[0].marks[0].start == 0 && !r.hits[0].field);
	query_results_free(&r);

	r = find(s, "555-23");
	CHECK(r.count == 1 && r.hits[0].entity == ENT_PEOPLE && r.hits[0].rank == RANK_CONTACT);
	CHECK_STR(r.hits[0].field, "phone");
	CHECK_STR(r.hits[0].value, "(305) 555-2345");
	/* the digits 5552 3 are marked, punctuation between them included */
	CHECK(r.hits[0].nmarks == 1 && r.hits[0].marks[0].start == 6 && r.hits[0].marks[0].end == 12);
	query_results_free(&r);

	/* "@acme": emails only, not the company named Acme */
	r = find(s, "@acme");
	CHECK(r.count == 1 && r.hits[0].entity == ENT_PEOPLE && r.hits[0].rank == RANK_CONTACT);
	CHECK_STR(r.hits[0].field, "email");
	CHECK(r.hits[0].nmarks == 1 && r.hits[0].marks[0].start == 16);
	query_results_free(&r);

	r = find(s, "acme");
	/* the company's name first, then the person's email */
	CHECK(r.count == 2 && r.hits[0].entity == ENT_COMPANIES && r.hits[0].rank == RANK_NAME_PREFIX);
	query_results_free(&r);

	r = find(s, "c: acme foods");
	CHECK(r.count == 1 && r.hits[0].rank == RANK_NAME_EXACT);
	query_results_free(&r);
	r = find(s, "p:miami");
	CHECK(r.count == 1 && !strcmp(r.hits[0].field, "city"));
	query_results_free(&r);
	r = find(s, "t: acme");
	CHECK(r.count == 0);
	query_results_free(&r);
	store_close(s);
}

static bool me_is_9(void *ctx, const char *name, int64_t *id, char **error)
{
	(void)ctx;
	if (!strcmp(name, "me")) {
		*id = 9;
		return true;
	}
	*error = xasprintf("no user named '%s'", name);
	return false;
}

TEST(test_query_parses_filters_and_owners)
{
	struct query q;
	char *error = NULL;
	CHECK(query_parse("o: pr:big deal owner:me \"new york\"", me_is_9, NULL, &q, &error));
	CHECK(q.entities == ((1u << ENT_OPPORTUNITIES) | (1u << ENT_PROJECTS)));
	CHECK(q.nowners == 1 && q.owners[0] == 9);
	CHECK(q.nterms == 3);
	CHECK_STR(q.terms[0], "big");
	CHECK_STR(q.terms[2], "new york");
	query_free(&q);
	CHECK(!query_parse("owner:nobody x", me_is_9, NULL, &q, &error));
	CHECK_STR(error, "no user named 'nobody'");
	free(error);
	CHECK(query_parse("http://x.example deal:acme", me_is_9, NULL, &q, &error));
	CHECK(q.nterms == 2 && q.entities == 1u << ENT_OPPORTUNITIES);
	query_free(&q);
}

TEST(test_query_ranks_exact_then_prefix_then_recent)
{
	struct mirror_store *s = fresh();
	/* stored in this order: the last stored is the most recent */
	put(s, ENT_PEOPLE, "{\"id\": 1, \"name\": \"Jo\", \"date_modified\": 1}");
	put(s, ENT_PEOPLE, "{\"id\": 2, \"name\": \"Anna Jones\", \"date_modified\": 1}");
	put(s, ENT_PEOPLE, "{\"id\": 3, \"name\": \"Jordan Lee\", \"date_modified\": 1}");
	put(s, ENT_PEOPLE, "{\"id\": 4, \"name\": \"Joan Baez\", \"date_modified\": 1}");
	struct query_results r = find(s, "jo");
	CHECK(r.count == 4);
	CHECK(r.hits[0].id == 1 && r.hits[0].rank == RANK_NAME_EXACT);
	CHECK(r.hits[1].id == 4 && r.hits[2].id == 3 && r.hits[3].id == 2);
	CHECK(r.hits[3].rank == RANK_NAME);
	query_results_free(&r);
	/* no words: the most recent records */
	r = find(s, "");
	CHECK(r.count == 4 && r.hits[0].id == 4 && r.hits[0].rank == RANK_RECENT);
	query_results_free(&r);
	/* a change makes a record the most recent */
	put(s, ENT_PEOPLE, "{\"id\": 2, \"name\": \"Anna Jones\", \"date_modified\": 9}");
	r = find(s, "");
	CHECK(r.hits[0].id == 2);
	query_results_free(&r);
	r = find(s, "jones");
	CHECK(r.count == 1 && r.hits[0].rank == RANK_NAME);
	query_results_free(&r);
	store_close(s);
}

static cJSON *ask(struct local *l, struct api_request *req, int64_t *total, struct api_error *err)
{
	cJSON *answer = local_answer(l, req, total, err);
	api_request_free(req);
	return answer;
}

TEST(test_local_answers_as_the_server_would)
{
	struct mirror_store *s = fresh();
	put(s, ENT_OPPORTUNITIES, "[{\"id\": 1, \"name\": \"Beta deal\", \"status\": \"Open\","
	    " \"assignee_id\": 9, \"tags\": [\"vip\"], \"close_date\": \"1/23/2027\","
	    " \"date_created\": 100, \"monetary_value\": 500},"
	    " {\"id\": 2, \"name\": \"Alpha deal\", \"status\": \"Won\", \"assignee_id\": null,"
	    " \"close_date\": \"12/1/2026\", \"date_created\": 200, \"monetary_value\": 50},"
	    " {\"id\": 3, \"name\": \"Gamma\", \"status\": \"Open\", \"assignee_id\": 9,"
	    " \"date_created\": 300}]");
	put(s, ENT_PEOPLE, SOFIA);
	struct local *l = local_new(s);
	int64_t total;
	struct api_error err;
	/* the default order (name), a name filter as Copper's: a substring */
	cJSON *page = ask(l, api_search(ENT_OPPORTUNITIES, NULL, 1, 200, NULL, false), &total, &err);
	CHECK(total == 3 && cJSON_GetArraySize(page) == 3);
	CHECK_STR(cJSON_GetObjectItem(cJSON_GetArrayItem(page, 0), "name")->valuestring, "Alpha deal");
	cJSON_Delete(page);
	cJSON *c = parse("{\"name\": \"DEAL\", \"status_ids\": [0], \"assignee_ids\": [9],"
			 " \"tags\": {\"option\": \"ANY\", \"value\": [\"vip\"]}}");
	page = ask(l, api_search(ENT_OPPORTUNITIES, c, 1, 20, NULL, false), &total, &err);
	CHECK(total == 1 && json_member_i64(cJSON_GetArrayItem(page, 0), "id") == 1);
	cJSON_Delete(page);
	cJSON_Delete(c);
	/* no owner; a range; the board's order by close date, paged */
	c = parse("{\"assignee_ids\": [-2], \"minimum_monetary_value\": 10}");
	page = ask(l, api_search(ENT_OPPORTUNITIES, c, 1, 20, NULL, false), &total, &err);
	CHECK(total == 1 && json_member_i64(cJSON_GetArrayItem(page, 0), "id") == 2);
	cJSON_Delete(page);
	cJSON_Delete(c);
	page = ask(l, api_search(ENT_OPPORTUNITIES, NULL, 2, 1, "close_date", false), &total, &err);
	CHECK(total == 3 && json_member_i64(cJSON_GetArrayItem(page, 0), "id") == 1);
	cJSON_Delete(page);
	/* what it cannot judge is said, never guessed */
	c = parse("{\"followed\": 1}");
	page = ask(l, api_search(ENT_OPPORTUNITIES, c, 1, 20, NULL, false), &total, &err);
	CHECK(!page && err.kind == APIE_OFFLINE);
	CHECK_CONTAINS(err.message, "the mirror cannot search by followed");
	api_error_clear(&err);
	cJSON_Delete(c);
	/* records by id and by email; a write is refused */
	cJSON *one = ask(l, api_fetch(ENT_PEOPLE, 1151720), &total, &err);
	CHECK(one && err.kind == APIE_NONE);
	cJSON_Delete(one);
	CHECK(!ask(l, api_fetch(ENT_PEOPLE, 5), &total, &err) && err.kind == APIE_NOT_FOUND);
	api_error_clear(&err);
	one = ask(l, api_fetch_person_by_email("Sofia.Hernandez@acme.example"), &total, &err);
	CHECK(one && json_member_i64(one, "id") == 1151720);
	cJSON_Delete(one);
	c = parse("{\"title\": \"CEO\"}");
	CHECK(!ask(l, api_update(ENT_PEOPLE, 1151720, c), &total, &err) && err.kind == APIE_OFFLINE);
	CHECK_CONTAINS(err.message, "not sent");
	api_error_clear(&err);
	cJSON_Delete(c);
	local_free(l);
	store_close(s);
}
