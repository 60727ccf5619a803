/* sandbox.c - see sandbox.h */
#include "config.h"

#include "sandbox.h"
#include "util/util.h"

#include <curl/curl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

void sandbox_start(struct sandbox *sb, const char *const *extra_args)
{
	const char *python = getenv("PYTHON3");
	const char *script = getenv("SANDBOX");
	if (!python || !script) {
		fprintf(stderr, "PYTHON3 and SANDBOX must be set (run through make check)\n");
		exit(99);
	}
	const char *argv[32];
	int argc = 0;
	argv[argc++] = python;
	argv[argc++] = script;
	argv[argc++] = "--port";
	argv[argc++] = "0";
	for (int i = 0; extra_args && extra_args[i] && argc < 30; i++)
		argv[argc++] = extra_args[i];
	argv[argc] = NULL;

	int out[2];
	if (pipe(out) < 0) {
		perror("pipe");
		exit(99);
	}
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		exit(99);
	}
	if (pid == 0) {
		dup2(out[1], 1);
		close(out[0]);
		close(out[1]);
		execv(python, (char *const *)argv);
		perror(python);
		_exit(127);
	}
	close(out[1]);
	char line[64] = {0};
	size_t n = 0;
	while (n < sizeof(line) - 1) {
		ssize_t r = read(out[0], line + n, 1);
		if (r <= 0 || line[n] == '\n')
			break;
		n++;
	}
	line[n] = '\0';
	/* keep the pipe open but unread: the sandbox prints nothing more that
	 * could fill it; closing it would make its later writes fail */
	sb->pid = pid;
	sb->port = atoi(line);
	if (sb->port <= 0) {
		fprintf(stderr, "the sandbox did not print its port (got '%s')\n", line);
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		exit(99);
	}
	snprintf(sb->root_url, sizeof(sb->root_url), "http://127.0.0.1:%d", sb->port);
	snprintf(sb->base_url, sizeof(sb->base_url), "%s/developer_api/v1", sb->root_url);
}

void sandbox_stop(struct sandbox *sb)
{
	if (sb->pid > 0) {
		kill(sb->pid, SIGTERM);
		waitpid(sb->pid, NULL, 0);
		sb->pid = 0;
	}
}

static size_t collect(char *data, size_t size, size_t nmemb, void *userp)
{
	sb_append(userp, data, size * nmemb);
	return size * nmemb;
}

cJSON *sandbox_control(struct sandbox *sb, const char *method, const char *path,
		       const char *json_body)
{
	CURL *c = curl_easy_init();
	struct strbuf body = {0};
	char *url = xasprintf("%s%s", sb->root_url, path);
	struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	if (!strcmp(method, "POST")) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, json_body ? json_body : "{}");
	}
	CURLcode rc = curl_easy_perform(c);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	free(url);
	cJSON *json = rc == CURLE_OK && body.data ? cJSON_Parse(body.data) : NULL;
	sb_free(&body);
	return json;
}

cJSON *sandbox_log(struct sandbox *sb)
{
	return sandbox_control(sb, "GET", "/_sandbox/log", NULL);
}

void sandbox_clear_log(struct sandbox *sb)
{
	cJSON_Delete(sandbox_control(sb, "POST", "/_sandbox/log/clear", NULL));
}

int sandbox_count(struct sandbox *sb, const char *method, const char *path_prefix)
{
	cJSON *log = sandbox_log(sb);
	int n = 0;
	const cJSON *e;
	cJSON_ArrayForEach(e, log) {
		const cJSON *m = cJSON_GetObjectItemCaseSensitive(e, "method");
		const cJSON *p = cJSON_GetObjectItemCaseSensitive(e, "path");
		if (method && (!cJSON_IsString(m) || strcmp(m->valuestring, method)))
			continue;
		if (path_prefix && (!cJSON_IsString(p) || !str_starts_with(p->valuestring, path_prefix)))
			continue;
		n++;
	}
	cJSON_Delete(log);
	return n;
}
