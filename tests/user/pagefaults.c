/*
 * Counting page faults, the course's classic: getrusage's ru_minflt goes
 * up by one for each fresh anonymous page touched (demand paging), not at
 * all for pages touched again, by one per page for MAP_POPULATE at mmap
 * time (and then not when touched), by one per page a fork child writes
 * (copy-on-write) and by one per page the parent writes after the fork
 * (its pages were write-protected), and a reaped child's faults appear in
 * RUSAGE_CHILDREN.
 * Compared with Linux booted in QEMU (user-mode QEMU reports the host's).
 */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096
#define PAGES 1000

static long faults(int who)
{
	struct rusage ru;

	getrusage(who, &ru);
	return ru.ru_minflt;
}

static long faults_touching(volatile char *p, int pages)
{
	long before;
	int i;

	/*
	 * The first getrusage may itself fault (its result lands on a stack
	 * page a fork made copy-on-write), and that fault is counted only at
	 * the next call: make it happen before the count starts.
	 */
	faults(RUSAGE_SELF);
	before = faults(RUSAGE_SELF);
	for (i = 0; i < pages; i++)
		p[i * PAGE] = 1;
	return faults(RUSAGE_SELF) - before;
}

int main(void)
{
	char *fresh = mmap(NULL, PAGES * PAGE, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	long before, populate_faults;
	char *populated;
	struct rusage ru;
	int status;
	pid_t pid;

	printf("%-50s %ld\n", "faults touching 1000 fresh pages", faults_touching(fresh, PAGES));
	printf("%-50s %ld\n", "faults touching them again", faults_touching(fresh, PAGES));
	before = faults(RUSAGE_SELF);
	populated = mmap(NULL, 100 * PAGE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	populate_faults = faults(RUSAGE_SELF) - before;
	printf("%-50s %ld\n", "faults inside mmap(MAP_POPULATE) of 100 pages", populate_faults);
	printf("%-50s %ld\n", "faults touching those 100 pages", faults_touching(populated, 100));

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		long cow = faults_touching(fresh, 500);

		printf("%-50s %ld\n", "child: faults writing 500 shared pages (CoW)", cow);
		fflush(stdout);
		_exit(0);
	}
	before = faults(RUSAGE_CHILDREN);
	wait4(pid, &status, 0, &ru);
	printf("%-50s %s\n", "wait4's rusage counts at least those 500",
	       ru.ru_minflt >= 500 ? "yes" : "no");
	printf("%-50s %s\n", "RUSAGE_CHILDREN grew by the same",
	       faults(RUSAGE_CHILDREN) - before == ru.ru_minflt ? "yes" : "no");
	printf("%-50s %ld\n", "parent: faults writing its 1000 pages after fork",
	       faults_touching(fresh, PAGES));
	return 0;
}
