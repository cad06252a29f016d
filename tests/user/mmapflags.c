/*
 * mmap's flags as Linux checks them: MAP_SHARED_VALIDATE with flags it
 * does not know or the file cannot do (EOPNOTSUPP), the legacy flags it
 * accepts, MAP_FIXED_NOREPLACE over a mapping (EEXIST), MAP_GROWSDOWN
 * with MAP_SHARED (EINVAL), MAP_HUGETLB without huge pages, and the
 * flags that only ask for something (MAP_STACK, MAP_NORESERVE,
 * MAP_POPULATE, MAP_LOCKED). Compared with Linux booted in QEMU.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define UNKNOWN_FLAG 0x800000

static void try(const char *what, int fd, unsigned long flags, void *addr)
{
	void *p = mmap(addr, 8192, PROT_READ | PROT_WRITE, flags, fd, 0);

	if (p == MAP_FAILED) {
		printf("%-52s -1 %s\n", what, strerrorname_np(errno));
		return;
	}
	printf("%-52s ok%s\n", what, addr && p != addr ? " (elsewhere)" : "");
	if (p != addr)
		munmap(p, 8192);
}

int main(void)
{
	int fd;
	char *fixed;

	setvbuf(stdout, NULL, _IOLBF, 0);
	mkdir("/tmp", 0777);
	fd = open("/tmp/mmapflags", O_RDWR | O_CREAT | O_TRUNC, 0600);
	ftruncate(fd, 8192);
	try("file, MAP_SHARED", fd, MAP_SHARED, NULL);
	try("file, MAP_SHARED_VALIDATE", fd, MAP_SHARED_VALIDATE, NULL);
	try("file, MAP_SHARED with an unknown flag", fd, MAP_SHARED | UNKNOWN_FLAG, NULL);
	try("file, MAP_SHARED_VALIDATE with an unknown flag", fd,
	    MAP_SHARED_VALIDATE | UNKNOWN_FLAG, NULL);
	try("file, MAP_SHARED_VALIDATE | MAP_SYNC", fd, MAP_SHARED_VALIDATE | MAP_SYNC, NULL);
	try("file, MAP_SHARED | MAP_SYNC", fd, MAP_SHARED | MAP_SYNC, NULL);
	try("file, MAP_SHARED_VALIDATE | legacy flags", fd,
	    MAP_SHARED_VALIDATE | MAP_NORESERVE | MAP_POPULATE | MAP_STACK | MAP_LOCKED, NULL);
	try("file, MAP_PRIVATE with an unknown flag", fd, MAP_PRIVATE | UNKNOWN_FLAG, NULL);
	try("file, MAP_HUGETLB", fd, MAP_PRIVATE | MAP_HUGETLB, NULL);
	try("anonymous, MAP_SHARED_VALIDATE", -1, MAP_SHARED_VALIDATE | MAP_ANONYMOUS, NULL);
	try("anonymous, MAP_SHARED | MAP_GROWSDOWN", -1,
	    MAP_SHARED | MAP_ANONYMOUS | MAP_GROWSDOWN, NULL);
	try("anonymous, MAP_PRIVATE | MAP_GROWSDOWN", -1,
	    MAP_PRIVATE | MAP_ANONYMOUS | MAP_GROWSDOWN, NULL);
	try("anonymous, no type", -1, MAP_ANONYMOUS, NULL);
	try("anonymous, type 0xf", -1, 0xf | MAP_ANONYMOUS, NULL);
	try("anonymous, MAP_HUGETLB", -1, MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, NULL);
	try("anonymous, MAP_STACK | MAP_NORESERVE", -1,
	    MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK | MAP_NORESERVE, NULL);
	try("anonymous, MAP_POPULATE | MAP_LOCKED", -1,
	    MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE | MAP_LOCKED, NULL);
	fixed = mmap(NULL, 4 * 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	try("MAP_FIXED_NOREPLACE over a mapping", -1,
	    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, fixed);
	try("MAP_FIXED_NOREPLACE over its last page", -1,
	    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, fixed + 3 * 4096);
	munmap(fixed, 4 * 4096);
	try("MAP_FIXED_NOREPLACE where it is free", -1,
	    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, fixed);
	try("file, MAP_SHARED_VALIDATE | MAP_FIXED_NOREPLACE", fd,
	    MAP_SHARED_VALIDATE | MAP_FIXED_NOREPLACE, fixed);
	close(fd);
	unlink("/tmp/mmapflags");
	return 0;
}
