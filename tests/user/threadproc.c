/*
 * /proc with threads, checked by tkern itself ("ok - ..." / "FAIL - ..."):
 * /proc/<pid>/task/ lists the threads, task/<tid>/{stat,status} show each
 * one (Pid the thread, Tgid the process, Threads the count), a thread's
 * directory is found by its tid but /proc lists only processes, and
 * /proc/self and /proc/thread-self point where Linux's do. It ends with
 * exit_group from a thread other than the leader (as init, whose leader
 * ignores a SIGKILL from outside but not its own group's end). Not compared
 * under qemu-aarch64: there /proc shows QEMU's own threads.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "stat_state.h"

#define EXTRA 3

static int failures;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static int started, release;
static pid_t tids[EXTRA];
static char thread_self[64];

static void check(const char *what, int ok)
{
	printf("%s - %s\n", ok ? "ok" : "FAIL", what);
	failures += !ok;
}

static pid_t gettid_(void)
{
	return (pid_t)syscall(SYS_gettid);
}

/* The number after "key" in the file, or -1. */
static long field(const char *path, const char *key)
{
	char line[256];
	long value = -1;
	FILE *f = fopen(path, "r");

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, key, strlen(key)))
			value = atol(line + strlen(key));
	if (f)
		fclose(f);
	return value;
}

/* Field n (1-based) of a stat file, as a number. */
static long stat_field(const char *path, int n)
{
	char text[1024], *p = text;
	FILE *f = fopen(path, "r");
	size_t len = f ? fread(text, 1, sizeof(text) - 1, f) : 0;
	int i;

	if (f)
		fclose(f);
	text[len] = '\0';
	if (n == 1)
		return atol(text);
	p = strrchr(text, ')');	/* past the command name */
	for (i = 2; p && i < n; i++)
		p = strchr(p + 1, ' ');
	return p ? atol(p + 1) : -1;
}

static int count_entries(const char *path, pid_t *want, int nwant, int *found)
{
	struct dirent *d;
	DIR *dir = opendir(path);
	int n = 0, i;

	*found = 0;
	while (dir && (d = readdir(dir))) {
		if (d->d_name[0] == '.')
			continue;
		n++;
		for (i = 0; i < nwant; i++)
			*found += atoi(d->d_name) == want[i];
	}
	if (dir)
		closedir(dir);
	return n;
}

static void *worker(void *arg)
{
	int i = (int)(long)arg;

	tids[i] = gettid_();
	if (i == 0) {
		ssize_t n = readlink("/proc/thread-self", thread_self, sizeof(thread_self) - 1);

		thread_self[n > 0 ? n : 0] = '\0';
	}
	pthread_mutex_lock(&lock);
	started++;
	pthread_cond_broadcast(&changed);
	while (!release)
		pthread_cond_wait(&changed, &lock);
	pthread_mutex_unlock(&lock);
	return NULL;
}

static void with_threads(void)
{
	char path[64], want[64], self[32];
	pid_t pid = getpid();
	int found;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/task", pid);
	check("task/ lists the leader and the 3 threads",
	      count_entries(path, tids, EXTRA, &found) == EXTRA + 1 && found == EXTRA);
	check("status Threads: 4", field("/proc/self/status", "Threads:") == EXTRA + 1);
	check("status Tgid and Pid are the pid", field("/proc/self/status", "Tgid:") == pid &&
	      field("/proc/self/status", "Pid:") == pid);
	snprintf(path, sizeof(path), "/proc/self/task/%d/status", tids[1]);
	check("task/<tid>/status: Pid the thread, Tgid the process",
	      field(path, "Pid:") == tids[1] && field(path, "Tgid:") == pid);
	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", tids[2]);
	check("task/<tid>/stat: pid field the thread, num_threads 4",
	      stat_field(path, 1) == tids[2] && stat_field(path, 20) == EXTRA + 1);
	snprintf(path, sizeof(path), "/proc/%d/status", tids[0]);
	check("/proc/<tid>/status is found by the thread's id",
	      field(path, "Pid:") == tids[0] && field(path, "Tgid:") == pid);
	check("/proc lists processes, not threads",
	      count_entries("/proc", tids, EXTRA, &found) > 0 && found == 0);
	snprintf(want, sizeof(want), "%d/task/%d", pid, tids[0]);
	check("/proc/thread-self from a thread is <pid>/task/<tid>", !strcmp(thread_self, want));
	n = readlink("/proc/self", self, sizeof(self) - 1);
	self[n > 0 ? n : 0] = '\0';
	check("/proc/self is the pid", atoi(self) == pid);
}

static int pipe_fds[2];
static volatile int reader_ready;
static pid_t reader_tid;
static char got[8];

static void *blocked_reader(void *arg)
{
	(void)arg;
	reader_tid = gettid_();
	__atomic_store_n(&reader_ready, 1, __ATOMIC_SEQ_CST);
	if (read(pipe_fds[0], got, sizeof(got) - 1) < 0)
		strcpy(got, "error");
	return NULL;
}

/* State letter of a thread of this process, from its stat file. */
static char thread_state(pid_t tid)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", tid);
	return stat_state(path);
}

/* A thread asleep in read keeps its file when another thread closes the descriptor. */
static void close_under_read(void)
{
	pthread_t t;

	pipe(pipe_fds);
	pthread_create(&t, NULL, blocked_reader, NULL);
	while (!__atomic_load_n(&reader_ready, __ATOMIC_SEQ_CST))
		sched_yield();
	while (thread_state(reader_tid) != 'S')
		sched_yield();
	close(pipe_fds[0]);
	write(pipe_fds[1], "data", 4);
	pthread_join(t, NULL);
	close(pipe_fds[1]);
	check("a read asleep in one thread gets its data after another closed the fd",
	      !strcmp(got, "data"));
}

static void *end_process(void *arg)
{
	(void)arg;
	exit(failures != 0);
}

int main(void)
{
	pthread_t t[EXTRA];
	int i, found;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 0; i < EXTRA; i++)
		pthread_create(&t[i], NULL, worker, (void *)(long)i);
	pthread_mutex_lock(&lock);
	while (started < EXTRA)
		pthread_cond_wait(&changed, &lock);
	pthread_mutex_unlock(&lock);
	with_threads();
	close_under_read();
	pthread_mutex_lock(&lock);
	release = 1;
	pthread_cond_broadcast(&changed);
	pthread_mutex_unlock(&lock);
	for (i = 0; i < EXTRA; i++)
		pthread_join(t[i], NULL);
	/* A joined thread may still be on its way out of the kernel: give it time. */
	for (i = 0; i < 1000 && field("/proc/self/status", "Threads:") != 1; i++)
		sched_yield();
	check("after the joins: task/ lists 1, Threads: 1",
	      count_entries("/proc/self/task", tids, EXTRA, &found) == 1 && found == 0 &&
	      field("/proc/self/status", "Threads:") == 1);
	printf("%s\n", failures ? "threadproc: some checks failed" : "threadproc: all checks passed");
	/* As init, end from another thread: exit_group must take the leader along. */
	pthread_create(&t[0], NULL, end_process, NULL);
	for (;;)
		sched_yield();
}
