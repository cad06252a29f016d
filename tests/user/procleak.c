/*
 * /proc/<pid> entries leave nothing behind, checked by tkern itself
 * ("ok - ..." / "FAIL - ..."). A process's entries are made when someone
 * looks it up (static glibc does, readlink("/proc/self/exe") at start) and
 * must be gone, inodes, names and link texts, once the process has ended
 * and nobody holds any of them, as on Linux. Each case runs many times:
 *
 * - children that look around their own /proc/self: exe, fd/, fdinfo/,
 *   task/<tid>/, cwd, root, every text file, thread-self;
 * - children kept alive while the parent looks into their /proc/<pid>;
 * - the parent holding a directory fd, a file fd and its working
 *   directory inside /proc/<child> while the child ends: the names go at
 *   once (a lookup is ENOENT), what is held stays usable (fstat), and the
 *   memory comes back when the last holder lets go;
 * - the parent's own threads reading /proc/thread-self and /proc/<tid>,
 *   each joined: task/<tid> must not pile up while the process lives;
 * - children whose second thread looks at itself and then execs (the
 *   thread takes the leader's pid: its old tid's entries must go);
 * - children that look themselves up by pid with get_robust_list.
 *
 * Then every slab cache's objects in use (allocations minus frees, from
 * /sys/kernel/slab) and MemFree + Slab must be exactly where they were
 * (tests/user/slabcount.h): a single inode left by one process of a case
 * fails it. Each case runs
 * once before its baseline is taken, so caches filled on first use (the
 * parent's own /proc entries, slabs) count as baseline. Not compared
 * with Linux: the counts are tkern's.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tkern_check.h"
#include "slabcount.h"

#define CHILDREN 96		/* per case */
#define HELD 32
#define EXECS 32
#define WATCHED 8		/* children alive at once while the parent looks */
#define THREADS 96
/* Every slab object and page back (slabcount.h): none more than before. */
static void check_back(const char *what, const struct slab_usage *before)
{
	char detail[96], msg[256];
	int same = slab_usage_back(before, 0, detail, sizeof(detail));

	snprintf(msg, sizeof(msg), "%s: every slab object and page back%s%s%s", what,
		 same ? "" : " (", same ? "" : detail, same ? "" : ")");
	check(msg, same);
}

/* ------------------------------------------------------- looking around */

static void list_dir(const char *path)
{
	DIR *dir = opendir(path);

	if (!dir)
		return;
	while (readdir(dir))
		;
	closedir(dir);
}

static int read_link(const char *path)
{
	char buf[256];

	return readlink(path, buf, sizeof(buf)) > 0;
}

/*
 * What one might look at in /proc/<pid> (dir): links, fd/, fdinfo/, task/,
 * text files. True if exe, status and task/<tid> were there: the leak
 * checks mean something only if the entries were made.
 */
static int look_into(const char *dir, pid_t tid)
{
	static const char *const files[] = {
		"status", "stat", "statm", "cmdline", "comm", "environ", "limits", "maps",
		"mounts", "fdinfo/0", "task",
	};
	static const char *const links[] = { "exe", "cwd", "root", "fd/0", "fd/1" };
	char path[128];
	struct stat st;
	unsigned int i;
	int ok;

	snprintf(path, sizeof(path), "%s/exe", dir);
	ok = read_link(path);
	snprintf(path, sizeof(path), "%s/status", dir);
	ok &= slurp(path) > 0;
	for (i = 0; i < sizeof(links) / sizeof(links[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, links[i]);
		read_link(path);
	}
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		slurp(path);
	}
	snprintf(path, sizeof(path), "%s/fd", dir);
	list_dir(path);
	snprintf(path, sizeof(path), "%s/fdinfo", dir);
	list_dir(path);
	snprintf(path, sizeof(path), "%s/task/%d", dir, (int)tid);
	ok &= stat(path, &st) == 0;
	snprintf(path, sizeof(path), "%s/task/%d/status", dir, (int)tid);
	slurp(path);
	snprintf(path, sizeof(path), "%s/task", dir);
	list_dir(path);
	return ok;
}

static int look_at_self(void)
{
	char dir[32];
	int ok;

	ok = read_link("/proc/self");
	ok &= read_link("/proc/thread-self");
	ok &= look_into("/proc/self", getpid());
	snprintf(dir, sizeof(dir), "/proc/%d", (int)getpid());
	ok &= look_into(dir, getpid());
	ok &= slurp("/proc/thread-self/stat") > 0;
	return ok;
}

static int looked_ok;	/* every process found the entries it looked for */

/* The child ended with status 0: it found its entries. */
static void reap(pid_t pid)
{
	int status;

	looked_ok &= waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
		     WEXITSTATUS(status) == 0;
}

/* ---------------------------------------------------------------- cases */

static void children_look_at_themselves(void)
{
	pid_t pid;
	int i;

	for (i = 0; i < CHILDREN; i++) {
		pid = fork();
		if (pid == 0)
			_exit(!look_at_self());
		reap(pid);
	}
}

/*
 * Not /proc, but the same rule, a lookup by pid that must give back what
 * it took: get_robust_list of the caller's own pid kept a reference to
 * its task_struct for good (the fuzzer found it).
 */
static void children_ask_by_own_pid(void)
{
	long head, len;
	pid_t pid;
	int i;

	for (i = 0; i < CHILDREN; i++) {
		pid = fork();
		if (pid == 0)
			_exit(syscall(SYS_get_robust_list, getpid(), &head, &len) != 0);
		reap(pid);
	}
}

/* A child that looked at itself and waits until fd reads end of file. */
static pid_t waiting_child(int fd, int other_end)
{
	pid_t pid = fork();
	char c;

	if (pid == 0) {
		int ok;

		close(other_end);
		ok = look_at_self();
		(void)!read(fd, &c, 1);
		_exit(!ok);
	}
	return pid;
}

static void parent_looks_at_children(void)
{
	pid_t pids[WATCHED];
	char dir[32];
	int p[2], i, round;

	for (round = 0; round < CHILDREN / WATCHED; round++) {
		if (pipe(p))
			return;
		for (i = 0; i < WATCHED; i++)
			pids[i] = waiting_child(p[0], p[1]);
		for (i = 0; i < WATCHED; i++) {
			snprintf(dir, sizeof(dir), "/proc/%d", (int)pids[i]);
			looked_ok &= look_into(dir, pids[i]);
		}
		close(p[0]);
		close(p[1]);
		for (i = 0; i < WATCHED; i++)
			reap(pids[i]);
	}
}

/*
 * The child ends while the parent holds its directory, its status file
 * and a working directory inside: the names must be gone, the held
 * inodes still usable; true if so.
 */
static int hold_while_child_ends(void)
{
	char dir[32], path[64];
	int p[2], dirfd, filefd, ok;
	struct stat st;
	pid_t pid;

	if (pipe(p))
		return 0;
	pid = waiting_child(p[0], p[1]);
	snprintf(dir, sizeof(dir), "/proc/%d", (int)pid);
	snprintf(path, sizeof(path), "%s/status", dir);
	dirfd = open(dir, O_RDONLY | O_DIRECTORY);
	filefd = open(path, O_RDONLY);
	snprintf(path, sizeof(path), "%s/fd", dir);
	ok = dirfd >= 0 && filefd >= 0 && chdir(path) == 0;
	close(p[0]);
	close(p[1]);
	reap(pid);
	ok &= fstatat(dirfd, "status", &st, 0) == -1 && errno == ENOENT;
	ok &= fstat(dirfd, &st) == 0 && S_ISDIR(st.st_mode);
	ok &= fstat(filefd, &st) == 0 && S_ISREG(st.st_mode);
	ok &= stat(".", &st) == 0 && S_ISDIR(st.st_mode);
	ok &= chdir("/") == 0;
	close(dirfd);
	close(filefd);
	return ok;
}

/* Its own entries by thread-self, by tid and under task/; true if all were there. */
static int thread_looks_at_itself(void)
{
	long tid = syscall(SYS_gettid);
	char path[64];
	struct stat st;
	int ok;

	ok = read_link("/proc/thread-self");
	ok &= slurp("/proc/thread-self/stat") > 0;
	ok &= slurp("/proc/thread-self/status") > 0;
	snprintf(path, sizeof(path), "/proc/%ld/status", tid);
	ok &= slurp(path) > 0;
	snprintf(path, sizeof(path), "/proc/self/task/%ld", tid);
	ok &= stat(path, &st) == 0;
	return ok;
}

static void *thread_looks(void *arg)
{
	(void)arg;
	return (void *)(long)thread_looks_at_itself();
}

static void threads_look_at_themselves(void)
{
	void *ok;
	pthread_t t;
	int i;

	for (i = 0; i < THREADS; i++) {
		looked_ok &= pthread_create(&t, NULL, thread_looks, NULL) == 0;
		looked_ok &= pthread_join(t, &ok) == 0 && ok;
	}
}

/* A thread that is not the leader execs: its old tid's entries must go (de_thread). */
static void *thread_execs(void *arg)
{
	char *const argv[] = { "procleak", "exit", NULL };

	(void)arg;
	if (thread_looks_at_itself())
		execv("/proc/self/exe", argv);
	_exit(1);
}

static int execs_ok;

static void threads_exec(void)
{
	int i, status;
	pthread_t t;
	pid_t pid;

	execs_ok = 1;
	for (i = 0; i < EXECS; i++) {
		pid = fork();
		if (pid == 0) {
			if (pthread_create(&t, NULL, thread_execs, NULL) == 0)
				pause();
			_exit(1);
		}
		execs_ok &= waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
			    WEXITSTATUS(status) == 0;
	}
}

/* Run a case once to fill the caches, then many times against the baseline. */
static void run_case(const char *what, void (*fn)(void))
{
	struct slab_usage before;

	fn();
	slab_usage_measure(&before);
	fn();
	check_back(what, &before);
}

static int held_ok;

static void hold_cases(void)
{
	int i;

	held_ok = 1;
	for (i = 0; i < HELD; i++)
		held_ok &= hold_while_child_ends();
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "exit"))	/* threads_exec's new program */
		return 0;
	mount("proc", "/proc", "proc", 0, NULL);
	looked_ok = look_at_self();
	run_case("96 children looked at their own /proc/self", children_look_at_themselves);
	run_case("96 children looked at by their parent while alive", parent_looks_at_children);
	run_case("32 children ended while /proc/<child> was held (dir fd, file fd, cwd)",
		 hold_cases);
	check("... their names gone at once, what was held still usable", held_ok);
	run_case("96 children asked get_robust_list for their own pid", children_ask_by_own_pid);
	run_case("96 threads looked at /proc/thread-self and /proc/<tid>",
		 threads_look_at_themselves);
	run_case("32 threads looked at themselves, then exec'd", threads_exec);
	check("... each exec succeeded", execs_ok);
	check("every process and thread found the entries it looked for", looked_ok);
	printf("%s\n", failures ? "procleak: some checks failed" : "procleak: all checks passed");
	return failures != 0;
}
