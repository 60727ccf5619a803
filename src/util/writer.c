/* writer.c - see writer.h */
#include "config.h"

#include "util/util.h"
#include "util/writer.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct job {
	struct job *next;
	char *path;
	char *data;      /* NULL: remove the file */
	size_t len;
	bool sync;
};

struct writer {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;      /* work arrived, or stop */
	pthread_cond_t idle;      /* the queue drained */
	struct job *head, **tail;
	bool busy;                /* the thread holds a job */
	bool stopping;
	char *error;
};

static void job_free(struct job *j)
{
	free(j->path);
	free(j->data);
	free(j);
}

/* Does one job; returns NULL or a malloc'd "path: reason". */
static char *perform(const struct job *j)
{
	if (!j->data) {
		if (unlink(j->path) < 0 && errno != ENOENT)
			return xasprintf("%s: %s", j->path, strerror(errno));
		return NULL;
	}
	/* the directory too: making it is disk work like any other */
	const char *slash = strrchr(j->path, '/');
	if (slash && slash != j->path) {
		char *dir = xstrndup(j->path, (size_t)(slash - j->path));
		char *why;
		bool made = dir_make_private(dir, &why);
		free(dir);
		if (!made)
			return why;
	}
	if (!file_write_atomic(j->path, j->data, j->len, j->sync))
		return xasprintf("%s: %s", j->path, strerror(errno ? errno : EIO));
	return NULL;
}

static void *run(void *arg)
{
	struct writer *w = arg;
	pthread_mutex_lock(&w->lock);
	for (;;) {
		while (!w->head && !w->stopping)
			pthread_cond_wait(&w->wake, &w->lock);
		if (!w->head)
			break; /* stopping, and nothing left */
		struct job *j = w->head;
		w->head = j->next;
		if (!w->head)
			w->tail = &w->head;
		w->busy = true;
		pthread_mutex_unlock(&w->lock);
		char *error = perform(j);
		job_free(j);
		pthread_mutex_lock(&w->lock);
		w->busy = false;
		if (error && !w->error)
			w->error = error;
		else
			free(error);
		if (!w->head)
			pthread_cond_broadcast(&w->idle);
	}
	pthread_cond_broadcast(&w->idle);
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

struct writer *writer_start(void)
{
	struct writer *w = xcalloc(1, sizeof(*w));
	w->tail = &w->head;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->wake, NULL);
	pthread_cond_init(&w->idle, NULL);
	if (pthread_create(&w->thread, NULL, run, w) != 0) {
		pthread_mutex_destroy(&w->lock);
		pthread_cond_destroy(&w->wake);
		pthread_cond_destroy(&w->idle);
		free(w);
		return NULL;
	}
	return w;
}

void writer_stop(struct writer *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	w->stopping = true;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->wake);
	pthread_cond_destroy(&w->idle);
	free(w->error);
	free(w);
}

static void enqueue(struct writer *w, struct job *j)
{
	if (!w) {
		char *error = perform(j);
		free(error);
		job_free(j);
		return;
	}
	pthread_mutex_lock(&w->lock);
	/* a write still waiting for the same path is superseded */
	for (struct job **p = &w->head; *p;) {
		if (!strcmp((*p)->path, j->path)) {
			struct job *old = *p;
			*p = old->next;
			job_free(old);
		} else {
			p = &(*p)->next;
		}
	}
	w->tail = &w->head;
	while (*w->tail)
		w->tail = &(*w->tail)->next;
	*w->tail = j;
	w->tail = &j->next;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
}

void writer_write(struct writer *w, const char *path, const char *data, size_t len, bool sync)
{
	struct job *j = xcalloc(1, sizeof(*j));
	j->path = xstrdup(path);
	j->data = xmalloc(len + 1);
	memcpy(j->data, data, len);
	j->data[len] = '\0';
	j->len = len;
	j->sync = sync;
	enqueue(w, j);
}

void writer_remove(struct writer *w, const char *path)
{
	struct job *j = xcalloc(1, sizeof(*j));
	j->path = xstrdup(path);
	enqueue(w, j);
}

void writer_flush(struct writer *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	while (w->head || w->busy)
		pthread_cond_wait(&w->idle, &w->lock);
	pthread_mutex_unlock(&w->lock);
}

char *writer_take_error(struct writer *w)
{
	if (!w)
		return NULL;
	pthread_mutex_lock(&w->lock);
	char *e = w->error;
	w->error = NULL;
	pthread_mutex_unlock(&w->lock);
	return e;
}
