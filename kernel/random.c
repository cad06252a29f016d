/*
 * A random number generator: xorshift64* whose state starts from the
 * boot loader's seed (/chosen/rng-seed, kaslr-seed) and takes in the
 * generic timer's count at every call, so no two boots and no two calls
 * repeat. It feeds getrandom, /dev/urandom and /dev/random (the same
 * generator: since Linux 5.6 random blocks only until the pool is seeded,
 * which here it is from the start) and the AT_RANDOM bytes of every new
 * program (glibc's stack-protector and pointer-guard values). It is not
 * cryptographically strong, which a teaching kernel can say plainly.
 */
#include <kernel/random.h>
#include <kernel/machine.h>
#include <kernel/spinlock.h>
#include <kernel/lib/string.h>
#include <kernel/uaccess.h>
#include <kernel/errno.h>
#include <kernel/fs/fs.h>
#include <kernel/sched.h>
#include <kernel/signal.h>
#include <asm/timer.h>

#define GRND_NONBLOCK 0x1
#define GRND_RANDOM 0x2
#define GRND_INSECURE 0x4
#define GETRANDOM_CHUNK 256

static DEFINE_SPINLOCK(random_lock);
static u64 state;

static u64 xorshift64star(void)
{
	state ^= state >> 12;
	state ^= state << 25;
	state ^= state >> 27;
	return state * 0x2545f4914f6cdd1dULL;
}

/*
 * The timer is mixed in once per call, not per word: reading the counter
 * costs more than the rest of a word's work, and once is enough for no
 * two calls to repeat. A state of zero would stay zero: start it over.
 */
void get_random_bytes(void *buf, size_t len)
{
	unsigned long flags;
	size_t done;
	u64 word;

	spin_lock_irqsave(&random_lock, flags);
	state ^= ktime_get_ns();
	if (!state)
		state = machine.boot_seed ^ 0x9e3779b97f4a7c15ULL;
	for (done = 0; done < len; done += sizeof(word)) {
		word = xorshift64star();
		memcpy((u8 *)buf + done, &word, MIN(len - done, sizeof(word)));
	}
	spin_unlock_irqrestore(&random_lock, flags);
}

/*
 * len random bytes to user space, as Linux's get_random_bytes_user(): at
 * most MAX_RW_COUNT of them; a signal that arrives during a long request
 * ends it at the next page of the buffer once a page's worth is copied,
 * with the count copied so far (so a request of up to 256 bytes is never
 * cut short, as getrandom(2) promises); a fault ends it with the count
 * copied before the faulting page. -EFAULT only when nothing was copied.
 * A chunk never crosses a page of the buffer, so that the count is exact.
 */
static long copy_random_to_user(unsigned long buf, size_t len)
{
	u8 chunk[GETRANDOM_CHUNK];
	size_t done, n;

	len = MIN(len, (size_t)MAX_RW_COUNT);
	if (!access_ok(buf, len))
		return -EFAULT;
	for (done = 0; done < len; done += n) {
		unsigned long to = buf + done;

		if (done >= PAGE_SIZE && !(to & ~PAGE_MASK) && signal_pending(current))
			break;
		n = MIN(MIN(len - done, sizeof(chunk)), PAGE_SIZE - (to & ~PAGE_MASK));
		get_random_bytes(chunk, n);
		if (copy_to_user(to, chunk, n))
			return done ? (long)done : -EFAULT;
	}
	return (long)done;
}

long sys_getrandom(u64 buf, u64 len, u64 flags, u64 a3 __unused, u64 a4 __unused,
		   u64 a5 __unused)
{
	if (flags & ~(u64)(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if ((flags & GRND_INSECURE) && (flags & GRND_RANDOM))
		return -EINVAL;
	return copy_random_to_user(buf, len);
}

static long random_read(struct file *file __unused, unsigned long buf, size_t len,
			loff_t *pos __unused)
{
	return copy_random_to_user(buf, len);
}

/* Linux mixes what is written into its pool; this generator takes nothing in, but accepts it. */
static long random_write(struct file *file __unused, unsigned long buf, size_t len,
			 loff_t *pos __unused)
{
	return access_ok(buf, len) ? (long)len : -EFAULT;
}

static loff_t random_lseek(struct file *file __unused, loff_t offset __unused,
			   int whence __unused)
{
	return 0;
}

const struct file_operations random_fops = {
	.read = random_read,
	.write = random_write,
	.llseek = random_lseek,
};
