/*
 * fcntl record locks between processes: F_GETLK answers (the range, type
 * and pid of the lock in the way; F_UNLCK when none, one's own locks never
 * count), F_SETLK's EAGAIN, ranges from SEEK_SET/SEEK_CUR/SEEK_END, a
 * negative length and length 0 (to the end of the file and beyond),
 * splitting and merging one owner's ranges, locks dropped when the
 * process closes ANY descriptor of the file and when it exits, F_SETLKW
 * waiting for a release, EDEADLK for a circle of two, EINTR when a signal
 * ends the wait, the errnos (EBADF for a lock the descriptor's mode
 * forbids, EINVAL, EFAULT), open-file-description locks (F_OFD_*), and
 * flock(2) (shared and exclusive, LOCK_NB, conversion, kept apart from
 * record locks, released with the last descriptor of the open file).
 * The same output is expected from Linux (qemu-aarch64). It works in a
 * scratch directory it makes under /tmp and removes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[64], path[96];
static pid_t parent;
static int inherited;

static int lock(int fd, int cmd, int type, int whence, off_t start, off_t len)
{
	struct flock fl = { .l_type = type, .l_whence = whence, .l_start = start, .l_len = len };

	return fcntl(fd, cmd, &fl) < 0 ? errno : 0;
}

static void result(const char *what, int err)
{
	printf("%-56s %s\n", what, err ? strerrorname_np(err) : "ok");
	fflush(stdout);
}

/* What F_GETLK (or F_OFD_GETLK) says about a type lock on [start, start + len). */
static void probe(const char *what, int fd, int cmd, int type, off_t start, off_t len)
{
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len };

	if (fcntl(fd, cmd, &fl) < 0) {
		result(what, errno);
		return;
	}
	if (fl.l_type == F_UNLCK)
		printf("%-56s free\n", what);
	else
		printf("%-56s %s lock at %lld len %lld by %s\n", what,
		       fl.l_type == F_WRLCK ? "write" : "read", (long long)fl.l_start,
		       (long long)fl.l_len, fl.l_pid == parent ? "the parent" :
		       fl.l_pid == -1 ? "an open file (-1)" : "another process");
	fflush(stdout);
}

/* Run fn in a child with a descriptor of its own on the file; wait for it. */
static void in_child(void (*fn)(int fd))
{
	int status;

	fflush(stdout);
	if (fork() == 0) {
		int fd = open(path, O_RDWR);

		fn(fd);
		fflush(stdout);
		_exit(0);
	}
	wait(&status);
}

static void child_conflicts(int fd)
{
	probe("child: F_GETLK write 0..99", fd, F_GETLK, F_WRLCK, 0, 100);
	result("child: F_SETLK write 5..5", lock(fd, F_SETLK, F_WRLCK, SEEK_SET, 5, 1));
	result("child: F_SETLK read 0..0", lock(fd, F_SETLK, F_RDLCK, SEEK_SET, 0, 1));
	result("child: F_SETLK read 10..19", lock(fd, F_SETLK, F_RDLCK, SEEK_SET, 10, 10));
}

static void child_ranges(int fd)
{
	probe("child: F_GETLK write 40..59", fd, F_GETLK, F_WRLCK, 40, 20);
	probe("child: F_GETLK write 50..69", fd, F_GETLK, F_WRLCK, 50, 20);
	probe("child: F_GETLK read 20..29", fd, F_GETLK, F_RDLCK, 20, 10);
	probe("child: F_GETLK write 110..119", fd, F_GETLK, F_WRLCK, 110, 10);
	probe("child: F_GETLK write 150..154", fd, F_GETLK, F_WRLCK, 150, 5);
	probe("child: F_GETLK write 195..199", fd, F_GETLK, F_WRLCK, 195, 5);
	probe("child: F_GETLK write 1000000..", fd, F_GETLK, F_WRLCK, 1000000, 0);
}

static void child_probe_all(int fd)
{
	probe("child: F_GETLK write 0..", fd, F_GETLK, F_WRLCK, 0, 0);
}

static void ranges(int fd)
{
	result("write lock 0..9", lock(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 10));
	probe("own lock: F_GETLK write 0..9", fd, F_GETLK, F_WRLCK, 0, 10);
	in_child(child_conflicts);
	result("write lock 0..99 (merges with 0..9)", lock(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 100));
	result("unlock 40..59 (splits it)", lock(fd, F_SETLK, F_UNLCK, SEEK_SET, 40, 20));
	result("read lock 20..29 (inside the write lock)", lock(fd, F_SETLK, F_RDLCK, SEEK_SET, 20, 10));
	result("read lock 100..119, negative length", lock(fd, F_SETLK, F_RDLCK, SEEK_SET, 120, -20));
	lseek(fd, 150, SEEK_SET);
	result("write lock SEEK_CUR+0, 5 bytes", lock(fd, F_SETLK, F_WRLCK, SEEK_CUR, 0, 5));
	result("write lock SEEK_END-5, 5 bytes", lock(fd, F_SETLK, F_WRLCK, SEEK_END, -5, 5));
	result("read lock from 1000000 to the end", lock(fd, F_SETLK, F_RDLCK, SEEK_SET, 1000000, 0));
	in_child(child_ranges);
	result("unlock everything", lock(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0));
	result("read lock 0..9", lock(fd, F_SETLK, F_RDLCK, SEEK_SET, 0, 10));
	result("read lock 10..19", lock(fd, F_SETLK, F_RDLCK, SEEK_SET, 10, 10));
	in_child(child_probe_all);
	result("unlock 0..19", lock(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 20));
}

static void releases(int fd)
{
	int other;

	result("write lock 0..9", lock(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 10));
	other = open(path, O_RDONLY);
	close(other);
	printf("%-56s\n", "closed another descriptor of the file");
	in_child(child_probe_all);
	result("write lock 0..9 again", lock(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 10));
	other = dup(fd);
	close(other);
	printf("%-56s\n", "closed a dup of the descriptor");
	in_child(child_probe_all);
}

static void child_locks_and_exits(int fd)
{
	result("child: write lock 0..", lock(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 0));
}

static void child_holds_then_releases(int fd)
{
	result("child: write lock 0..9", lock(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 10));
	kill(parent, SIGUSR1);
	usleep(200000);
	printf("%-56s\n", "child: unlocking");
	fflush(stdout);
	lock(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 10);
}

static volatile sig_atomic_t signalled;

static void on_signal(int sig)
{
	(void)sig;
	signalled = 1;
}

/* Fork a child running fn with its own descriptor; return once it sent SIGUSR1. */
static pid_t start_child(void (*fn)(int fd))
{
	sigset_t usr1, old;
	pid_t child;

	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, &old);
	signalled = 0;
	fflush(stdout);
	child = fork();
	if (child == 0) {
		int fd = open(path, O_RDWR);

		sigprocmask(SIG_SETMASK, &old, NULL);
		fn(fd);
		fflush(stdout);
		_exit(0);
	}
	while (!signalled)
		sigsuspend(&old);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return child;
}

static void waiting(int fd)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct itimerval tick = { .it_value = { 0, 100000 } };
	int status;
	pid_t child;

	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGALRM, &sa, NULL);	/* no SA_RESTART: the wait ends with EINTR */
	in_child(child_locks_and_exits);
	probe("after the child exited: F_GETLK write 0..", fd, F_GETLK, F_WRLCK, 0, 0);

	child = start_child(child_holds_then_releases);
	result("F_SETLK write 0..9 while the child holds it", lock(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 10));
	result("F_SETLKW write 0..9 (waits for the child)", lock(fd, F_SETLKW, F_WRLCK, SEEK_SET, 0, 10));
	waitpid(child, &status, 0);
	result("unlock", lock(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0));

	child = start_child(child_holds_then_releases);
	setitimer(ITIMER_REAL, &tick, NULL);
	result("F_SETLKW ended by SIGALRM", lock(fd, F_SETLKW, F_WRLCK, SEEK_SET, 0, 10));
	waitpid(child, &status, 0);
}

/* The child holds byte 1 and waits for byte 0, which the parent holds. */
static void child_deadlock(int fd)
{
	int err;

	lock(fd, F_SETLK, F_WRLCK, SEEK_SET, 1, 1);
	kill(parent, SIGUSR1);
	err = lock(fd, F_SETLKW, F_WRLCK, SEEK_SET, 0, 1);
	_exit(err == EDEADLK ? 1 : err ? 2 : 0);
}

static void deadlock(int fd)
{
	int err, status;
	pid_t child;

	lock(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 1);
	child = start_child(child_deadlock);
	usleep(100000);	/* the child is most likely waiting now; if not, it gets EDEADLK */
	err = lock(fd, F_SETLKW, F_WRLCK, SEEK_SET, 1, 1);
	if (err == EDEADLK)
		lock(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 1);	/* let the child have it */
	waitpid(child, &status, 0);
	printf("%-56s %s\n", "a circle of two waiters: exactly one gets EDEADLK",
	       (err == EDEADLK) + (WEXITSTATUS(status) == 1) == 1 &&
	       (err == 0 || WEXITSTATUS(status) == 0) ? "yes" : "no");
	lock(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0);
}

static void errors(int fd)
{
	int rd = open(path, O_RDONLY), wr = open(path, O_WRONLY);

	result("write lock on a read-only descriptor", lock(rd, F_SETLK, F_WRLCK, SEEK_SET, 0, 1));
	result("read lock on a write-only descriptor", lock(wr, F_SETLK, F_RDLCK, SEEK_SET, 0, 1));
	result("unlock on a write-only descriptor", lock(wr, F_SETLK, F_UNLCK, SEEK_SET, 0, 1));
	result("F_GETLK write on a read-only descriptor", lock(rd, F_GETLK, F_WRLCK, SEEK_SET, 0, 1));
	result("lock type 7", lock(fd, F_SETLK, 7, SEEK_SET, 0, 1));
	result("whence 5", lock(fd, F_SETLK, F_RDLCK, 5, 0, 1));
	result("start -1", lock(fd, F_SETLK, F_RDLCK, SEEK_SET, -1, 1));
	result("start 5, length -10", lock(fd, F_SETLK, F_RDLCK, SEEK_SET, 5, -10));
	result("F_GETLK with F_UNLCK", lock(fd, F_GETLK, F_UNLCK, SEEK_SET, 0, 1));
	result("F_SETLK with a bad pointer", fcntl(fd, F_SETLK, (void *)16) < 0 ? errno : 0);
	result("F_SETLK on a closed descriptor", lock(99, F_SETLK, F_RDLCK, SEEK_SET, 0, 1));
	close(rd);
	close(wr);
}

static void child_ofd(int fd)
{
	probe("child: F_OFD_GETLK write 0..9", fd, F_OFD_GETLK, F_WRLCK, 0, 10);
	probe("child: F_GETLK write 0..9", fd, F_GETLK, F_WRLCK, 0, 10);
}

static void ofd(void)
{
	int a = open(path, O_RDWR), b = open(path, O_RDWR), c;
	struct flock fl = { .l_type = F_RDLCK, .l_pid = 1 };

	result("F_OFD_SETLK with l_pid 1", fcntl(a, F_OFD_SETLK, &fl) < 0 ? errno : 0);
	result("F_OFD_SETLK write 0..9 on a", lock(a, F_OFD_SETLK, F_WRLCK, SEEK_SET, 0, 10));
	result("F_OFD_SETLK write 5..5 on b (another open)", lock(b, F_OFD_SETLK, F_WRLCK, SEEK_SET, 5, 1));
	result("F_SETLK write 5..5 on b (same process)", lock(b, F_SETLK, F_WRLCK, SEEK_SET, 5, 1));
	probe("F_OFD_GETLK write 0..9 on b", b, F_OFD_GETLK, F_WRLCK, 0, 10);
	in_child(child_ofd);
	c = dup(a);
	close(b);
	close(a);
	printf("%-56s\n", "closed a and b; a dup of a remains");
	in_child(child_ofd);
	close(c);
	printf("%-56s\n", "closed the dup too");
	in_child(child_ofd);
}

static int flock_errno(int fd, int op)
{
	return flock(fd, op) < 0 ? errno : 0;
}

static void child_flock(int fd)
{
	result("child: flock LOCK_SH|LOCK_NB", flock_errno(fd, LOCK_SH | LOCK_NB));
	result("child: flock LOCK_EX|LOCK_NB", flock_errno(fd, LOCK_EX | LOCK_NB));
	result("child: fcntl write lock 0.. (record locks apart)",
	       lock(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 0));
}

static void child_flock_inherited(int fd)
{
	(void)fd;
	/* The parent's descriptor, inherited: the same open file, the same lock. */
	result("child: flock LOCK_EX|LOCK_NB on the inherited descriptor",
	       flock_errno(inherited, LOCK_EX | LOCK_NB));
}

static void flocks(void)
{
	int a = open(path, O_RDONLY), b = open(path, O_RDONLY), c;

	result("flock LOCK_SH on a", flock_errno(a, LOCK_SH));
	result("flock LOCK_SH|LOCK_NB on b (another open)", flock_errno(b, LOCK_SH | LOCK_NB));
	in_child(child_flock);
	result("flock LOCK_EX|LOCK_NB on b", flock_errno(b, LOCK_EX | LOCK_NB));
	result("flock LOCK_UN on b", flock_errno(b, LOCK_UN));
	result("flock LOCK_EX|LOCK_NB on a (converts)", flock_errno(a, LOCK_EX | LOCK_NB));
	result("flock LOCK_SH|LOCK_NB on b", flock_errno(b, LOCK_SH | LOCK_NB));
	inherited = a;
	in_child(child_flock_inherited);
	c = dup(a);
	close(a);
	result("flock LOCK_SH|LOCK_NB on b, a's dup still open", flock_errno(b, LOCK_SH | LOCK_NB));
	close(c);
	result("flock LOCK_SH|LOCK_NB on b, a closed", flock_errno(b, LOCK_SH | LOCK_NB));
	result("flock 0", flock_errno(b, 0));
	result("flock LOCK_SH|LOCK_EX", flock_errno(b, LOCK_SH | LOCK_EX));
	result("flock on a closed descriptor", flock_errno(99, LOCK_SH));
	close(b);
}

int main(void)
{
	int fd;

	mkdir("/tmp", 0777);
	strcpy(dir, "/tmp/locksXXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(path, sizeof(path), "%s/file", dir);
	parent = getpid();
	fd = open(path, O_RDWR | O_CREAT, 0644);
	ftruncate(fd, 200);
	ranges(fd);
	releases(fd);
	waiting(fd);
	deadlock(fd);
	errors(fd);
	ofd();
	flocks();
	close(fd);
	unlink(path);
	result("rmdir of the scratch directory", rmdir(dir));
	return 0;
}
