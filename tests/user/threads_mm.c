/*
 * One address space, eight threads (docs/mm-concurrency.md):
 *
 * 1. all threads touch the same fresh pages of one mapping at once, each
 *    writing its own word of every page: a page installed twice would lose
 *    the words written to the first copy;
 * 2. one thread unmaps and maps again a range, round after round, while
 *    the others keep reading it: a read may fault (SIGSEGV, caught and
 *    left by siglongjmp) or see the fresh zero page or the current round's
 *    marker of its page, never the marker of a round whose munmap had
 *    returned or of another page (a freed page soon backs another address);
 * 3. one thread makes a range PROT_NONE and back while the others read it:
 *    once mprotect has returned, every read faults; while it is open,
 *    every read succeeds.
 *
 * The output does not depend on timing: only errors are counted. Needs
 * threads (clone with CLONE_VM|CLONE_THREAD); on Linux:
 * qemu-aarch64 build/user/threads_mm.
 */
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define NR_THREADS 8
#define TOUCH_PAGES 512
#define CHURN_PAGES 16
#define ROUNDS 50
#define MARKER_BASE 0x6d61726b00000000ull	/* "mark", the page, the round */

/*
 * The page's own index is in its marker: a freed page soon backs another
 * address of the same range again, and a stale translation to it must not
 * pass for the new page of its own address.
 */
static uint64_t marker(int page, unsigned long round)
{
	return MARKER_BASE | (uint64_t)page << 16 | round;
}

static int is_stale(uint64_t value, int page, unsigned long gone)
{
	return value != marker(page, value & 0xffff) || (value & 0xffff) <= gone;
}

static long page_size;
static char *region;
static pthread_barrier_t start;
static __thread sigjmp_buf *fault_jump;

static unsigned long unmapped_round;	/* munmap: the last round whose munmap returned */
static unsigned long phase;		/* mprotect: 2r + 1 open, 2r + 2 closed */
static int acked;			/* readers done with the current phase */
static int stop;
static int errors[NR_THREADS];

static void on_segv(int sig, siginfo_t *info, void *ctx)
{
	(void)sig;
	(void)info;
	(void)ctx;
	siglongjmp(*fault_jump, 1);
}

/* Load the word at p; 0 and *word set, or -1 if the load faulted. */
static int load(const volatile uint64_t *p, uint64_t *word)
{
	sigjmp_buf jump;

	fault_jump = &jump;
	if (sigsetjmp(jump, 1))
		return -1;
	*word = *p;
	return 0;
}

static uint64_t *page_word(int page, int word)
{
	return (uint64_t *)(region + (long)page * page_size) + word;
}

/* ---- 1. concurrent first touches ---- */

static void *touch(void *arg)
{
	int id = (int)(long)arg, n;

	pthread_barrier_wait(&start);
	for (n = 0; n < TOUCH_PAGES; n++)
		*page_word(n, id) = (uint64_t)n << 8 | (uint64_t)id;
	return NULL;
}

/* ---- 2. munmap while others read ---- */

static void write_markers(unsigned long round)
{
	int p;

	for (p = 0; p < CHURN_PAGES; p++)
		*page_word(p, 0) = marker(p, round);
}

static void unmap_in_rounds(void)
{
	size_t len = CHURN_PAGES * page_size;
	unsigned long round;

	for (round = 1; round <= ROUNDS; round++) {
		write_markers(round);
		if (munmap(region, len))
			errors[0]++;
		__atomic_store_n(&unmapped_round, round, __ATOMIC_RELEASE);
		if (mmap(region, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != region)
			errors[0]++;
	}
	__atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
}

static void *read_while_unmapped(void *arg)
{
	int id = (int)(long)arg, p;

	pthread_barrier_wait(&start);
	if (id == 0) {
		unmap_in_rounds();
		return NULL;
	}
	while (!__atomic_load_n(&stop, __ATOMIC_ACQUIRE)) {
		for (p = 0; p < CHURN_PAGES; p++) {
			unsigned long gone = __atomic_load_n(&unmapped_round, __ATOMIC_ACQUIRE);
			uint64_t value;

			if (load(page_word(p, 0), &value) || value == 0)
				continue;
			if (is_stale(value, p, gone))
				errors[id]++;
		}
	}
	return NULL;
}

/* ---- 3. mprotect(PROT_NONE) while others read ---- */

static void next_phase(unsigned long next)
{
	__atomic_store_n(&acked, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&phase, next, __ATOMIC_RELEASE);
	while (__atomic_load_n(&acked, __ATOMIC_ACQUIRE) < NR_THREADS - 1)
		sched_yield();
}

static void protect_in_rounds(void)
{
	size_t len = CHURN_PAGES * page_size;
	unsigned long round;

	for (round = 0; round < ROUNDS; round++) {
		if (mprotect(region, len, PROT_READ | PROT_WRITE))
			errors[0]++;
		write_markers(round + 1);
		next_phase(2 * round + 1);
		if (mprotect(region, len, PROT_NONE))
			errors[0]++;
		next_phase(2 * round + 2);
	}
	__atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
}

static void *read_while_protected(void *arg)
{
	int id = (int)(long)arg, p;
	unsigned long seen = 0, now;

	pthread_barrier_wait(&start);
	if (id == 0) {
		protect_in_rounds();
		return NULL;
	}
	while (!__atomic_load_n(&stop, __ATOMIC_ACQUIRE)) {
		now = __atomic_load_n(&phase, __ATOMIC_ACQUIRE);
		if (now == seen) {
			sched_yield();
			continue;
		}
		for (p = 0; p < CHURN_PAGES; p++) {
			uint64_t value;
			int faulted = load(page_word(p, 0), &value) != 0;

			errors[id] += now % 2 ? faulted : !faulted;
		}
		seen = now;
		__atomic_add_fetch(&acked, 1, __ATOMIC_RELEASE);
	}
	return NULL;
}

/* ---- running the threads ---- */

static int run_threads(void *(*fn)(void *))
{
	pthread_t threads[NR_THREADS];
	int i, total = 0;

	memset(errors, 0, sizeof(errors));
	stop = 0;
	pthread_barrier_init(&start, NULL, NR_THREADS);
	for (i = 0; i < NR_THREADS; i++)
		if (pthread_create(&threads[i], NULL, fn, (void *)(long)i))
			return -1;
	for (i = 0; i < NR_THREADS; i++)
		pthread_join(threads[i], NULL);
	pthread_barrier_destroy(&start);
	for (i = 0; i < NR_THREADS; i++)
		total += errors[i];
	return total;
}

static char *map(long pages)
{
	void *p = mmap(NULL, pages * page_size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

int main(void)
{
	struct sigaction sa;
	int n, id, lost = 0, errs;

	page_size = sysconf(_SC_PAGESIZE);
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, NULL);

	region = map(TOUCH_PAGES);
	if (!region || run_threads(touch) < 0)
		return 1;
	for (n = 0; n < TOUCH_PAGES; n++)
		for (id = 0; id < NR_THREADS; id++)
			lost += *page_word(n, id) != ((uint64_t)n << 8 | (uint64_t)id);
	printf("first touches: %d threads x %d pages, words lost: %d\n", NR_THREADS, TOUCH_PAGES,
	       lost);
	munmap(region, TOUCH_PAGES * page_size);

	region = map(CHURN_PAGES);
	errs = region ? run_threads(read_while_unmapped) : -1;
	printf("munmap beside readers: %d rounds, stale or wrong reads: %d\n", ROUNDS, errs);

	phase = 0;
	errs = region ? run_threads(read_while_protected) : -1;
	printf("mprotect PROT_NONE beside readers: %d rounds, wrong outcomes: %d\n", ROUNDS, errs);
	munmap(region, CHURN_PAGES * page_size);
	return lost || errs;
}
