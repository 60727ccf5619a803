/*
 * sandbox.h - starts the Copper API sandbox for a C test and talks to its
 * control endpoint. The sandbox script comes from $SANDBOX and the
 * interpreter from $PYTHON3 (both set by `make check`).
 */
#ifndef PATINA_TEST_SANDBOX_H
#define PATINA_TEST_SANDBOX_H

#include <cjson/cJSON.h>
#include <sys/types.h>

struct sandbox {
	pid_t pid;
	int port;
	char base_url[192];   /* http://127.0.0.1:PORT/developer_api/v1 */
	char root_url[128];   /* http://127.0.0.1:PORT */
};

#define SANDBOX_TOKEN "sandbox-token"
#define SANDBOX_EMAIL "demo@patina.example"

/* Starts the sandbox with extra flags (NULL-terminated list). Exits the
 * test with status 99 (a hard error) if it cannot. */
void sandbox_start(struct sandbox *sb, const char *const *extra_args);
void sandbox_stop(struct sandbox *sb);

/* Control endpoint helpers (blocking; tests only). Return parsed JSON the
 * caller frees, or NULL. */
cJSON *sandbox_control(struct sandbox *sb, const char *method, const char *path,
		       const char *json_body);
/* The request log as a JSON array (caller frees). */
cJSON *sandbox_log(struct sandbox *sb);
void sandbox_clear_log(struct sandbox *sb);
/* Number of log entries whose method matches (NULL: any) and whose path
 * starts with prefix (NULL: any). */
int sandbox_count(struct sandbox *sb, const char *method, const char *path_prefix);

#endif
