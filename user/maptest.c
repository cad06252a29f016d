/*
 * maptest: read kernel memory through /dev/mapdrv (the course
 * material's example). The device's 16 pages are mapped shared; nothing
 * is mapped yet when mmap returns: each page comes in at its first read,
 * through the driver's fault method. For each page it prints the line
 * the driver wrote at its start.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGES 16

int main(void)
{
	long page_size = sysconf(_SC_PAGESIZE);
	int fd = open("/dev/mapdrv", O_RDWR);
	char *map;
	int i;

	if (fd < 0) {
		perror("maptest: /dev/mapdrv");
		return 1;
	}
	map = mmap(NULL, PAGES * page_size, PROT_READ, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED) {
		perror("maptest: mmap");
		return 1;
	}
	close(fd);	/* the mapping keeps the device open */
	for (i = 0; i < PAGES; i++) {
		const char *text = map + i * page_size;

		/* Each page holds one line; print it up to its newline. */
		printf("%2d: %.*s\n", i, (int)strcspn(text, "\n"), text);
	}
	munmap(map, PAGES * page_size);
	return 0;
}
