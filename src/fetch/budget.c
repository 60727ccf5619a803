/* budget.c - see budget.h */
#include "config.h"

#include "fetch/budget.h"

#define RATE_LIMIT_BASE_MS 2000
#define RATE_LIMIT_MAX_MS 60000

static uint64_t next_random(uint64_t *state)
{
	uint64_t x = *state ? *state : 0x9e3779b97f4a7c15ULL;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*state = x;
	return x;
}

void budget_init(struct budget *b, int per_minute, int burst, int64_t now)
{
	b->per_ms = per_minute / 60000.0;
	b->capacity = burst < 1 ? 1 : burst;
	b->tokens = b->capacity;
	b->last_ms = now;
	b->paused_until = 0;
	b->rate_limited = 0;
	b->rng = (uint64_t)now * 2654435761ULL + 1;
}

static void refill(struct budget *b, int64_t now)
{
	if (now > b->last_ms) {
		b->tokens += (double)(now - b->last_ms) * b->per_ms;
		if (b->tokens > b->capacity)
			b->tokens = b->capacity;
		b->last_ms = now;
	}
}

int64_t budget_wait(struct budget *b, int64_t now)
{
	refill(b, now);
	int64_t wait = 0;
	if (b->paused_until > now)
		wait = b->paused_until - now;
	if (b->tokens < 1.0) {
		int64_t refill_wait = (int64_t)((1.0 - b->tokens) / b->per_ms) + 1;
		if (refill_wait > wait)
			wait = refill_wait;
	}
	return wait;
}

bool budget_take(struct budget *b, int64_t now)
{
	if (budget_wait(b, now) > 0)
		return false;
	b->tokens -= 1.0;
	return true;
}

void budget_charge(struct budget *b, int64_t now)
{
	refill(b, now);
	b->tokens -= 1.0;
}

int budget_available(struct budget *b, int64_t now)
{
	refill(b, now);
	return b->paused_until > now ? 0 : (int)b->tokens;
}

int64_t budget_on_rate_limited(struct budget *b, int64_t now, int64_t retry_after_ms)
{
	int64_t pause;
	b->rate_limited++;
	if (retry_after_ms >= 0)
		pause = retry_after_ms;
	else
		pause = backoff_delay(b->rate_limited, RATE_LIMIT_BASE_MS, RATE_LIMIT_MAX_MS, &b->rng);
	if (now + pause > b->paused_until)
		b->paused_until = now + pause;
	/* The server's count is what matters now: start again from an empty
	 * bucket so the resumption is gradual, not a burst into the limit. */
	b->tokens = 0;
	b->last_ms = b->paused_until;
	return pause;
}

void budget_on_success(struct budget *b)
{
	b->rate_limited = 0;
}

int64_t backoff_delay(int attempt, int64_t base_ms, int64_t max_ms, uint64_t *rng)
{
	int64_t delay = base_ms;
	for (int i = 1; i < attempt && delay < max_ms; i++)
		delay *= 2;
	if (delay > max_ms)
		delay = max_ms;
	int64_t half = delay / 2;
	return half + (int64_t)(next_random(rng) % (uint64_t)(delay - half + 1));
}
