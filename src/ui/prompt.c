/* prompt.c - see prompt.h */
#include "config.h"

#include "config/keymap.h"
#include "ui/prompt.h"
#include "util/sanitize.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define LISTED_MAX 8

void prompt_init(struct prompt *p, struct status *status)
{
	memset(p, 0, sizeof(*p));
	p->status = status;
}

static void clear_candidates(struct prompt *p)
{
	for (size_t i = 0; i < p->ncandidates; i++)
		free(p->candidates[i]);
	free(p->candidates);
	p->candidates = NULL;
	p->ncandidates = p->candidate = 0;
	if (p->listed) {
		/* the list would outlive the prompt it completed */
		status_clear(p->status);
		p->listed = false;
	}
}

/* volatile: the compiler keeps a wipe of memory about to be freed */
static void wipe(char *s, size_t n)
{
	for (volatile char *v = s; n--; v++)
		*v = '\0';
}

void prompt_close(struct prompt *p)
{
	clear_candidates(p);
	free(p->label);
	p->label = NULL;
	if (p->text.data)
		wipe(p->text.data, p->text.cap); /* a token typed here leaves nothing */
	sb_free(&p->text);
	p->cursor = 0;
	p->active = false;
	p->ops = NULL;
	p->ctx = NULL;
	p->dirty = true;
}

void prompt_open(struct prompt *p, const char *label, const char *initial,
		 const struct prompt_ops *ops, void *ctx)
{
	if (p->active)
		prompt_close(p);
	p->active = true;
	p->label = xstrdup(label);
	sb_reset(&p->text);
	sb_puts(&p->text, initial ? initial : "");
	p->cursor = p->text.len;
	p->ops = ops;
	p->ctx = ctx;
	p->dirty = true;
}

const char *prompt_text(const struct prompt *p)
{
	return p->text.data ? p->text.data : "";
}

void prompt_forget(struct prompt *p, const void *ctx)
{
	if (p->active && p->ctx == ctx)
		prompt_close(p);
}

static void changed(struct prompt *p)
{
	clear_candidates(p);
	p->dirty = true;
	if (p->ops && p->ops->changed)
		p->ops->changed(p->ctx, prompt_text(p));
}

static size_t prev_char(const char *s, size_t at)
{
	while (at > 0 && ((unsigned char)s[--at] & 0xc0) == 0x80)
		;
	return at;
}

static size_t next_char(const char *s, size_t len, size_t at)
{
	if (at >= len)
		return len;
	unsigned cp;
	return at + utf8_decode(s + at, len - at, &cp);
}

static void delete_range(struct prompt *p, size_t from, size_t to)
{
	if (to <= from)
		return;
	memmove(p->text.data + from, p->text.data + to, p->text.len - to + 1);
	p->text.len -= to - from;
	p->cursor = from;
}

static void replace_range(struct prompt *p, size_t from, size_t to, const char *with)
{
	struct strbuf nt = {0};
	sb_append(&nt, prompt_text(p), from);
	sb_puts(&nt, with);
	size_t end = nt.len;
	sb_puts(&nt, prompt_text(p) + to);
	if (p->text.data)
		wipe(p->text.data, p->text.cap);
	sb_free(&p->text);
	p->text = nt;
	p->cursor = end;
}

void prompt_insert(struct prompt *p, const char *text)
{
	if (!p->active || !*text)
		return;
	replace_range(p, p->cursor, p->cursor, text);
	changed(p);
}

void prompt_paste(struct prompt *p, const char *text)
{
	if (!p->active)
		return;
	if (p->ops && p->ops->answer_keys) {
		status_message(p->status, MSG_INFO, "A paste is no answer: type one of %s (Esc: later)",
			       p->ops->answer_keys);
		return;
	}
	char *clean = sanitize_text(text, strlen(text));
	size_t len = strlen(clean);
	while (len && clean[len - 1] == '\n')
		clean[--len] = '\0'; /* a copied line often brings its end */
	size_t lines = 1;
	for (const char *c = clean; *c; c++)
		lines += *c == '\n';
	char *insert = lines > 1 && p->ops && p->ops->paste_lines
		? p->ops->paste_lines(p->ctx, clean) : NULL;
	bool joined = !insert && lines > 1;
	if (!insert)
		insert = sanitize_line(clean, len);
	prompt_insert(p, insert);
	if (joined)
		status_message(p->status, MSG_WARNING, "Pasted %zu lines as one: this field holds "
			       "a single line, so the line breaks became spaces", lines);
	p->dirty = true;
	free(insert);
	free(clean);
}

static void list_candidates(struct prompt *p)
{
	struct strbuf list = {0};
	for (size_t i = 0; i < p->ncandidates && i < LISTED_MAX; i++)
		sb_printf(&list, "%s%s", i ? "  " : "", p->candidates[i]);
	if (p->ncandidates > LISTED_MAX)
		sb_printf(&list, "  (+%zu more)", p->ncandidates - LISTED_MAX);
	status_message(p->status, MSG_INFO, "%s", list.data);
	p->listed = true;
	sb_free(&list);
}

static void complete(struct prompt *p)
{
	if (!p->ops || !p->ops->complete)
		return;
	if (!p->ncandidates) {
		p->ncandidates = p->ops->complete(p->ctx, prompt_text(p), p->cursor, &p->candidates,
						  &p->cand_start, &p->cand_end);
		p->candidate = 0;
		if (!p->ncandidates) {
			free(p->candidates);
			p->candidates = NULL;
			status_message(p->status, MSG_INFO, "No completions");
			return;
		}
	} else {
		p->candidate = (p->candidate + 1) % p->ncandidates;
	}
	replace_range(p, p->cand_start, p->cand_end, p->candidates[p->candidate]);
	p->cand_end = p->cursor;
	if (p->ncandidates > 1)
		list_candidates(p);
	if (p->ops->changed)
		p->ops->changed(p->ctx, prompt_text(p));
	p->dirty = true;
}

/* Enter, Esc and answers close the prompt before the callback runs. */
static void finish(struct prompt *p, bool submitted, const char *answer)
{
	char *text = xstrdup(answer ? answer : prompt_text(p));
	const struct prompt_ops *ops = p->ops;
	void *ctx = p->ctx;
	prompt_close(p);
	if (submitted && ops && ops->submit)
		ops->submit(ctx, text);
	else if (!submitted && ops && ops->cancel)
		ops->cancel(ctx);
	wipe(text, strlen(text));
	free(text);
}

/* A typed character: keys are code points (patina runs in a UTF-8
 * locale, where curses' wide characters are Unicode). */
static void insert_char(struct prompt *p, int key)
{
	char buf[5];
	size_t n = utf8_encode((unsigned)key, buf);
	if (!n)
		return;
	buf[n] = '\0';
	prompt_insert(p, buf);
}

void prompt_key(struct prompt *p, int key)
{
	if (!p->active)
		return;
	const char *s = prompt_text(p);
	const char *answers = p->ops ? p->ops->answer_keys : NULL;
	p->dirty = true;
	bool text = key >= ' ' && key != 127 && key < KEYC_BASE;
	if (!text && key != 27 && key != '\n' && p->ops && p->ops->key && p->ops->key(p->ctx, key))
		return;
	if (key == 27 || key == 7) { /* Esc, C-g */
		finish(p, false, NULL);
	} else if (answers && key > ' ' && key < 0x7f) {
		char answer[2] = { (char)key, '\0' };
		if (strchr(answers, key))
			finish(p, true, answer);
		else
			status_message(p->status, MSG_INFO, "Answer with one of: %s (Esc: later)", answers);
	} else if (key == '\n' && !answers) {
		finish(p, true, NULL);
	} else if (key == '\t') {
		complete(p);
	} else if (key == KEYC_BACKSPACE || key == 127 || key == 8) {
		if (p->cursor > 0) {
			delete_range(p, prev_char(s, p->cursor), p->cursor);
			changed(p);
		} else if (!p->text.len) {
			finish(p, false, NULL); /* backspace on empty: leave */
		}
	} else if (key == KEYC_DELETE || key == 4) {
		if (p->cursor < p->text.len) {
			delete_range(p, p->cursor, next_char(s, p->text.len, p->cursor));
			changed(p);
		}
	} else if (key == KEYC_LEFT || key == 2) {
		p->cursor = prev_char(s, p->cursor);
	} else if (key == KEYC_RIGHT || key == 6) {
		p->cursor = next_char(s, p->text.len, p->cursor);
	} else if (key == KEYC_HOME || key == 1) {
		p->cursor = 0;
	} else if (key == KEYC_END || key == 5) {
		p->cursor = p->text.len;
	} else if (key == 21) { /* C-u: delete to the start */
		delete_range(p, 0, p->cursor);
		changed(p);
	} else if (key == 11) { /* C-k: delete to the end */
		delete_range(p, p->cursor, p->text.len);
		changed(p);
	} else if (key == 23) { /* C-w: delete the word before */
		size_t at = p->cursor;
		while (at > 0 && s[at - 1] == ' ')
			at--;
		while (at > 0 && s[at - 1] != ' ')
			at--;
		delete_range(p, at, p->cursor);
		changed(p);
	} else if (key >= ' ' && key != 127 && key < KEYC_BASE && !answers) {
		insert_char(p, key);
	}
}
