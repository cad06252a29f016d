/*
 * For test programs that must send a signal while another process sleeps
 * in a system call: wait_until_asleep(pid) returns once /proc/<pid>/stat
 * shows state S. This orders the two processes by an event instead of a
 * guessed delay (which a loaded machine can outlast). Under qemu-aarch64
 * the file is the host's, for the QEMU process running the program: it
 * sleeps when the program does.
 */
#ifndef TESTS_USER_ASLEEP_H
#define TESTS_USER_ASLEEP_H

#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>

static void wait_until_asleep(pid_t pid)
{
	char path[64], buf[512], *state;
	struct timespec pause = { 0, 1000000 };
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	for (;;) {
		f = fopen(path, "r");
		buf[0] = 0;
		if (f) {
			if (!fgets(buf, sizeof(buf), f))
				buf[0] = 0;
			fclose(f);
		}
		state = strrchr(buf, ')');
		if (state && state[1] == ' ' && state[2] == 'S')
			return;
		nanosleep(&pause, NULL);
	}
}

#endif
