/* Unit tests: budget.c, the token bucket and backoff arithmetic */
#include "config.h"

#include "fetch/budget.h"
#include "testlib.h"

TEST(test_burst_then_rate)
{
	struct budget b;
	budget_init(&b, 60, 5, 1000); /* one a second, five at once */
	for (int i = 0; i < 5; i++)
		CHECK(budget_take(&b, 1000));
	CHECK(!budget_take(&b, 1000));
	int64_t wait = budget_wait(&b, 1000);
	CHECK(wait > 990 && wait <= 1001);
	CHECK(!budget_take(&b, 1500));
	CHECK(budget_take(&b, 2001));
	CHECK(!budget_take(&b, 2001));
}

/* The bound that matters: in any 60 s window, no more than burst + rate. */
TEST(test_never_more_than_burst_plus_rate_per_minute)
{
	struct budget b;
	budget_init(&b, 150, 20, 0);
	int sent[600] = {0}; /* per 100 ms slot over 60 s */
	int total = 0;
	for (int64_t t = 0; t < 60000; t += 10) {
		while (budget_take(&b, t)) {
			sent[t / 100]++;
			total++;
		}
	}
	CHECK(total <= 170);
	CHECK(total >= 165);
	CHECK(sent[0] == 20);
}

TEST(test_rate_limited_pauses_and_backs_off)
{
	struct budget b;
	budget_init(&b, 150, 20, 0);
	int64_t p1 = budget_on_rate_limited(&b, 0, -1);
	CHECK(p1 >= 1000 && p1 <= 2000);
	CHECK(!budget_take(&b, p1 - 1));
	CHECK_INT(budget_available(&b, p1 - 1), 0);
	int64_t p2 = budget_on_rate_limited(&b, p1, -1);
	CHECK(p2 >= 2000 && p2 <= 4000);
	/* a server's Retry-After wins over the backoff */
	int64_t p3 = budget_on_rate_limited(&b, p1 + p2, 7000);
	CHECK_INT(p3, 7000);
	/* resuming is gradual: an empty bucket, not a burst into the limit */
	int64_t resume = p1 + p2 + 7000;
	CHECK(!budget_take(&b, resume));
	CHECK(budget_take(&b, resume + 401));
	CHECK(!budget_take(&b, resume + 402));
	budget_on_success(&b);
	CHECK_INT(b.rate_limited, 0);
}

TEST(test_backoff_grows_and_caps_with_jitter)
{
	uint64_t rng = 42;
	for (int attempt = 1; attempt <= 10; attempt++) {
		int64_t full = 500;
		for (int i = 1; i < attempt; i++)
			full = full * 2 > 8000 ? 8000 : full * 2;
		for (int k = 0; k < 50; k++) {
			int64_t d = backoff_delay(attempt, 500, 8000, &rng);
			CHECK(d >= full / 2 && d <= full);
		}
	}
	/* jitter: not every draw the same */
	int64_t first = backoff_delay(4, 500, 8000, &rng);
	bool differs = false;
	for (int k = 0; k < 20; k++)
		differs |= backoff_delay(4, 500, 8000, &rng) != first;
	CHECK(differs);
}
