/* writer.c - see writer.h */
#include "config.h"

#include "util/util.h"
#include "util/writer.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A streamed export's jobs (writer_export_open): none for the others. */
enum stream_step { STREAM_NONE, STREAM_OPEN, STREAM_PART, STREAM_CLOSE, STREAM_ABORT };

/* A streamed export being written: a temporary file beside its path,
 * published when it is whole (the writer thread's own). */
struct stream {
	uint64_t ticket;
	int fd;
	char *temp;
	char *error;     /* the first failure: later parts are dropped */
};

struct job {
	struct job *next;
	char *path;
	char *data;      /* NULL: remove the file */
	size_t len;
	bool sync;
	uint64_t ticket; /* an export: answered through writer_finished */
	bool replace;    /* an export may replace a file already there */
	enum stream_step stream;
};

/* An export that is over. */
struct outcome {
	uint64_t ticket;
	char *error;
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
	uint64_t tickets;         /* the last export's */
	struct outcome *outcomes; /* exports over, not yet asked about */
	size_t noutcomes;
	struct stream *streams;   /* the thread's own: streamed exports open */
	size_t nstreams;
};

static void job_free(struct job *j)
{
	free(j->path);
	free(j->data);
	free(j);
}

static bool write_all(int fd, const char *data, size_t len)
{
	for (size_t off = 0; off < len;) {
		ssize_t n = write(fd, data + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return false;
		off += (size_t)n;
	}
	return true;
}

/* An export: a new file made exclusively (a file there already is left
 * alone), or one replaced atomically when the user said so. */
static char *perform_export(const struct job *j)
{
	if (j->replace && file_write_atomic(j->path, j->data, j->len, true))
		return NULL;
	if (j->replace)
		return xasprintf("%s: %s", j->path, strerror(errno ? errno : EIO));
	int fd = open(j->path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return errno == EEXIST ? xasprintf("%s: a file of that name is there already; it was "
						   "left as it is", j->path)
			: xasprintf("%s: %s", j->path, strerror(errno));
	bool ok = write_all(fd, j->data, j->len) && fsync(fd) == 0;
	int saved = errno;
	ok = close(fd) == 0 && ok;
	if (ok)
		return NULL;
	unlink(j->path); /* no half-written file is left to be taken for a whole one */
	return xasprintf("%s: %s", j->path, strerror(saved ? saved : EIO));
}

static struct stream *stream_of(struct writer *w, uint64_t ticket)
{
	for (size_t i = 0; i < w->nstreams; i++)
		if (w->streams[i].ticket == ticket)
			return &w->streams[i];
	return NULL;
}

/* The temporary file is published under its path: atomically over a file
 * there when replace, else only where there is none (link fails then). */
static char *publish(const struct job *j, struct stream *s)
{
	if (fsync(s->fd) != 0 || close(s->fd) != 0) {
		s->fd = -1;
		return xasprintf("%s: %s", j->path, strerror(errno));
	}
	s->fd = -1;
	if (j->replace) {
		if (rename(s->temp, j->path) == 0)
			return NULL;
		return xasprintf("%s: %s", j->path, strerror(errno));
	}
	if (link(s->temp, j->path) == 0)
		return NULL;
	return errno == EEXIST ? xasprintf("%s: a file of that name is there already; it was left "
					   "as it is", j->path)
		: xasprintf("%s: %s", j->path, strerror(errno));
}

/* A streamed export's step; the outcome (NULL or "path: reason") only
 * for its close. */
static char *perform_stream(struct writer *w, const struct job *j)
{
	struct stream *s = stream_of(w, j->ticket);
	if (j->stream == STREAM_OPEN) {
		w->streams = xrealloc(w->streams, (w->nstreams + 1) * sizeof(*w->streams));
		s = &w->streams[w->nstreams++];
		*s = (struct stream){ j->ticket, -1, xasprintf("%s.XXXXXX", j->path), NULL };
		s->fd = mkstemp(s->temp); /* mode 0600, O_EXCL */
		if (s->fd < 0)
			s->error = xasprintf("%s: %s", j->path, strerror(errno));
		return NULL;
	}
	if (!s)
		return NULL;
	if (j->stream == STREAM_PART) {
		if (!s->error && !write_all(s->fd, j->data, j->len))
			s->error = xasprintf("%s: %s", j->path, strerror(errno));
		return NULL;
	}
	char *error = s->error;
	s->error = NULL;
	if (j->stream == STREAM_CLOSE && !error)
		error = publish(j, s);
	if (s->fd >= 0)
		close(s->fd);
	unlink(s->temp); /* published by then under its own name, or not at all */
	free(s->temp);
	*s = w->streams[--w->nstreams];
	if (j->stream == STREAM_ABORT) {
		free(error);
		return NULL;
	}
	return error;
}

/* Does one job; returns NULL or a malloc'd "path: reason". */
static char *perform(struct writer *w, const struct job *j)
{
	if (j->stream)
		return perform_stream(w, j);
	if (j->ticket)
		return perform_export(j);
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
		char *error = perform(w, j);
		/* an export is answered once: a streamed one when it closes */
		bool export = j->ticket != 0;
		uint64_t ticket = j->stream == STREAM_NONE || j->stream == STREAM_CLOSE ? j->ticket : 0;
		job_free(j);
		pthread_mutex_lock(&w->lock);
		w->busy = false;
		if (export && !ticket) {
			free(error); /* a part: its failure is said at the close */
		} else if (ticket) {
			/* the exporter asks for its own outcome */
			w->outcomes = xrealloc(w->outcomes, (w->noutcomes + 1) * sizeof(*w->outcomes));
			w->outcomes[w->noutcomes++] = (struct outcome){ ticket, error };
		} else if (error && !w->error) {
			w->error = error;
		} else {
			free(error);
		}
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
	for (size_t i = 0; i < w->noutcomes; i++)
		free(w->outcomes[i].error);
	free(w->outcomes);
	for (size_t i = 0; i < w->nstreams; i++) { /* never closed: nothing is published */
		if (w->streams[i].fd >= 0)
			close(w->streams[i].fd);
		unlink(w->streams[i].temp);
		free(w->streams[i].temp);
		free(w->streams[i].error);
	}
	free(w->streams);
	free(w->error);
	free(w);
}

static void enqueue(struct writer *w, struct job *j)
{
	if (!w) {
		char *error = perform(NULL, j);
		free(error);
		job_free(j);
		return;
	}
	pthread_mutex_lock(&w->lock);
	/* a write still waiting for the same path is superseded (never an
	 * export: the user waits for its outcome) */
	for (struct job **p = &w->head; *p;) {
		if (!strcmp((*p)->path, j->path) && !(*p)->ticket && !j->ticket) {
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

uint64_t writer_export(struct writer *w, const char *path, char *data, size_t len, bool replace,
		       char **error)
{
	struct job *j = xcalloc(1, sizeof(*j));
	j->path = xstrdup(path);
	j->data = data;
	j->len = len;
	j->sync = true;
	j->replace = replace;
	*error = NULL;
	if (!w) {
		j->ticket = 1;
		*error = perform(NULL, j);
		job_free(j);
		return 0;
	}
	pthread_mutex_lock(&w->lock);
	j->ticket = ++w->tickets;
	pthread_mutex_unlock(&w->lock);
	uint64_t ticket = j->ticket;
	enqueue(w, j);
	return ticket;
}

static void stream_job(struct writer *w, uint64_t ticket, const char *path, enum stream_step step,
		       char *data, size_t len, bool replace)
{
	struct job *j = xcalloc(1, sizeof(*j));
	j->path = xstrdup(path);
	j->data = data;
	j->len = len;
	j->ticket = ticket;
	j->replace = replace;
	j->stream = step;
	enqueue(w, j);
}

uint64_t writer_export_open(struct writer *w, const char *path)
{
	pthread_mutex_lock(&w->lock);
	uint64_t ticket = ++w->tickets;
	pthread_mutex_unlock(&w->lock);
	stream_job(w, ticket, path, STREAM_OPEN, NULL, 0, false);
	return ticket;
}

void writer_export_part(struct writer *w, uint64_t ticket, const char *path, char *data, size_t len)
{
	stream_job(w, ticket, path, STREAM_PART, data, len, false);
}

void writer_export_close(struct writer *w, uint64_t ticket, const char *path, bool replace)
{
	stream_job(w, ticket, path, STREAM_CLOSE, NULL, 0, replace);
}

void writer_export_abort(struct writer *w, uint64_t ticket, const char *path)
{
	stream_job(w, ticket, path, STREAM_ABORT, NULL, 0, false);
}

bool writer_finished(struct writer *w, uint64_t ticket, char **error)
{
	*error = NULL;
	if (!w)
		return true;
	bool over = false;
	pthread_mutex_lock(&w->lock);
	for (size_t i = 0; i < w->noutcomes; i++) {
		if (w->outcomes[i].ticket != ticket)
			continue;
		*error = w->outcomes[i].error;
		w->outcomes[i] = w->outcomes[--w->noutcomes];
		over = true;
		break;
	}
	pthread_mutex_unlock(&w->lock);
	return over;
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
