/*
 * Moving data between descriptors and asking how much there is:
 * sendfile (with an offset pointer or the input's position, into a file,
 * a pipe and standard output; EBADF, ESPIPE, EINVAL, EFAULT),
 * copy_file_range between files (positions, overlapping ranges of one
 * file, EBADF, EISDIR, EINVAL), ioctl FIONREAD on a pipe and a regular
 * file, and F_GETPIPE_SZ/F_SETPIPE_SZ (rounding to a power of two pages,
 * EBUSY below the contents, EINVAL, EBADF). The same output is expected
 * from Linux (qemu-aarch64). It works in a scratch directory it makes
 * under /tmp and removes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[64], src[96], dst[96], out_src[96];

static void result(const char *what, long ret)
{
	if (ret < 0)
		printf("%-56s %s\n", what, strerrorname_np(errno));
	else
		printf("%-56s %ld\n", what, ret);
	fflush(stdout);
}

static void contents(const char *what, const char *file)
{
	char buf[128] = { 0 };
	int fd = open(file, O_RDONLY);
	long n = read(fd, buf, sizeof(buf) - 1);

	close(fd);
	for (long i = 0; i < n; i++)
		buf[i] = buf[i] == '\0' ? '.' : buf[i] == '\n' ? '|' : buf[i];
	printf("%-56s \"%s\"\n", what, buf);
}

static long pos(int fd)
{
	return lseek(fd, 0, SEEK_CUR);
}

/* Into an empty pipe, sendfile moves what fits and returns. */
static void big_pipe_send(int in)
{
	static char big[100000];
	int p[2];
	off_t off = 0;
	off_t size = lseek(in, 0, SEEK_END);

	pwrite(in, big, sizeof(big), 0);
	pipe(p);
	result("sendfile of 100000 bytes into an empty pipe", sendfile(p[1], in, &off, sizeof(big)));
	close(p[0]);
	close(p[1]);
	ftruncate(in, size);
	pwrite(in, "hello sendfile world\n", 21, 0);
}

/*
 * From a file of its own that nothing writes afterwards: a pipe filled by
 * sendfile may hold the file's page itself (Linux splices it), so a later
 * write to that file could change what the reader of standard output,
 * perhaps not yet scheduled, finds there.
 */
static void sendfile_to_stdout(void)
{
	int in = open(out_src, O_RDWR | O_CREAT | O_TRUNC, 0644);
	off_t off = 6;

	write(in, "hello sendfile world\n", 21);
	result("sendfile to standard output", sendfile(1, in, &off, 15));
	close(in);
}

static void sendfile_calls(void)
{
	int in = open(src, O_RDWR | O_CREAT | O_TRUNC, 0644);
	int out = open(dst, O_RDWR | O_CREAT | O_TRUNC, 0644), p[2], ro, app;
	off_t off = 6;
	char buf[64] = { 0 };

	write(in, "hello sendfile world\n", 21);
	lseek(in, 0, SEEK_SET);
	result("sendfile 5 bytes from the position", sendfile(out, in, NULL, 5));
	result("  input position after", pos(in));
	result("sendfile 9 bytes from offset 6", sendfile(out, in, &off, 9));
	result("  offset after", off);
	result("  input position after (unchanged)", pos(in));
	result("sendfile 100 bytes from offset 15 (6 left)", sendfile(out, in, &off, 100));
	contents("  output file", dst);
	result("sendfile from past the end", sendfile(out, in, &off, 10));
	result("sendfile of 0 bytes", sendfile(out, in, NULL, 0));
	pipe(p);
	off = 0;
	result("sendfile into a pipe", sendfile(p[1], in, &off, 21));
	read(p[0], buf, sizeof(buf) - 1);
	printf("%-56s %s", "  the pipe holds", buf);
	fflush(stdout);
	sendfile_to_stdout();
	big_pipe_send(in);
	result("sendfile from a pipe", sendfile(out, p[0], NULL, 10));
	result("sendfile from a pipe with an offset", sendfile(out, p[0], &off, 10));
	result("sendfile from a closed descriptor", sendfile(out, 99, NULL, 10));
	result("sendfile to a closed descriptor", sendfile(99, in, NULL, 10));
	ro = open(src, O_RDONLY);
	result("sendfile to a read-only descriptor", sendfile(ro, in, NULL, 10));
	result("sendfile from a write-only descriptor", sendfile(out, p[1], NULL, 10));
	app = open(dst, O_WRONLY | O_APPEND);
	off = 0;
	result("sendfile to an O_APPEND file", sendfile(app, in, &off, 10));
	off = -1;
	result("sendfile from offset -1", sendfile(out, in, &off, 10));
	result("sendfile with a bad offset pointer", sendfile(out, in, (off_t *)16, 10));
	close(app);
	close(ro);
	close(p[0]);
	close(p[1]);
	close(in);
	close(out);
}

static void copy_calls(void)
{
	int in = open(src, O_RDWR), out = open(dst, O_RDWR | O_TRUNC), ro, app, d, p[2];
	loff_t off_in = 6, off_out = 0;

	result("copy_file_range 5 bytes at the positions", copy_file_range(in, NULL, out, NULL, 5, 0));
	result("  positions after", pos(in) * 100 + pos(out));
	off_out = 10;
	result("copy_file_range from offset 6 to offset 10",
	       copy_file_range(in, &off_in, out, &off_out, 8, 0));
	result("  offsets after", off_in * 100 + off_out);
	contents("  output file", dst);
	off_in = 100;
	result("copy_file_range from past the end", copy_file_range(in, &off_in, out, NULL, 10, 0));
	result("copy_file_range of 0 bytes", copy_file_range(in, NULL, out, NULL, 0, 0));
	off_in = 0;
	off_out = 4;
	result("copy_file_range overlapping within one file", copy_file_range(in, &off_in, in, &off_out, 8, 0));
	off_out = 21;
	result("copy_file_range to the end of the same file", copy_file_range(in, &off_in, in, &off_out, 6, 0));
	contents("  the file", src);
	result("copy_file_range with flags 1", copy_file_range(in, NULL, out, NULL, 5, 1));
	result("copy_file_range from a closed descriptor", copy_file_range(99, NULL, out, NULL, 5, 0));
	ro = open(dst, O_RDONLY);
	result("copy_file_range to a read-only descriptor", copy_file_range(in, NULL, ro, NULL, 5, 0));
	app = open(dst, O_WRONLY | O_APPEND);
	result("copy_file_range to an O_APPEND file", copy_file_range(in, NULL, app, NULL, 5, 0));
	d = open(dir, O_RDONLY | O_DIRECTORY);
	result("copy_file_range from a directory", copy_file_range(d, NULL, out, NULL, 5, 0));
	pipe(p);
	result("copy_file_range to a pipe", copy_file_range(in, NULL, p[1], NULL, 5, 0));
	result("copy_file_range with a bad offset pointer", copy_file_range(in, (loff_t *)16, out, NULL, 5, 0));
	close(p[0]);
	close(p[1]);
	close(d);
	close(app);
	close(ro);
	close(in);
	close(out);
}

static void fionread(void)
{
	int p[2], n = -1, fd = open(src, O_RDONLY), d = open(dir, O_RDONLY | O_DIRECTORY);
	char big[10000] = { 0 };

	pipe(p);
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	ioctl(p[0], FIONREAD, &n);
	result("FIONREAD on an empty pipe", n);
	write(p[1], "12345", 5);
	ioctl(p[0], FIONREAD, &n);
	result("FIONREAD on a pipe holding 5 bytes", n);
	ioctl(p[1], FIONREAD, &n);
	result("FIONREAD on its write end", n);
	lseek(fd, 10, SEEK_SET);
	ioctl(fd, FIONREAD, &n);
	result("FIONREAD on a 27-byte file at position 10", n);
	lseek(fd, 40, SEEK_SET);
	ioctl(fd, FIONREAD, &n);
	printf("%-56s %d\n", "FIONREAD at position 40 (negative)", n);
	result("FIONREAD on a directory", ioctl(d, FIONREAD, &n));
	result("FIONREAD with a bad pointer", ioctl(p[0], FIONREAD, (int *)16));

	result("F_GETPIPE_SZ", fcntl(p[0], F_GETPIPE_SZ));
	result("F_SETPIPE_SZ 5000", fcntl(p[1], F_SETPIPE_SZ, 5000));
	result("F_GETPIPE_SZ on the other end", fcntl(p[0], F_GETPIPE_SZ));
	result("F_SETPIPE_SZ 0", fcntl(p[1], F_SETPIPE_SZ, 0));
	result("F_SETPIPE_SZ 65536", fcntl(p[1], F_SETPIPE_SZ, 65536));
	write(p[1], big, sizeof(big));
	result("F_SETPIPE_SZ 4096 holding 10005 bytes", fcntl(p[1], F_SETPIPE_SZ, 4096));
	result("F_SETPIPE_SZ 16384 holding 10005 bytes", fcntl(p[1], F_SETPIPE_SZ, 16384));
	n = read(p[0], big, 5);
	result("  the first bytes kept", big[0] == '1' && big[4] == '5');
	result("  one read takes all the rest", read(p[0], big, sizeof(big)));
	ioctl(p[0], FIONREAD, &n);
	result("  FIONREAD after reading it all", n);
	result("F_SETPIPE_SZ 2^31 + 1", fcntl(p[1], F_SETPIPE_SZ, (1UL << 31) + 1));
	result("F_GETPIPE_SZ on a file", fcntl(fd, F_GETPIPE_SZ));
	result("F_SETPIPE_SZ on a file", fcntl(fd, F_SETPIPE_SZ, 4096));
	close(p[0]);
	close(p[1]);
	close(fd);
	close(d);
}

int main(void)
{
	mkdir("/tmp", 0777);
	strcpy(dir, "/tmp/sendfileXXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(src, sizeof(src), "%s/src", dir);
	snprintf(dst, sizeof(dst), "%s/dst", dir);
	snprintf(out_src, sizeof(out_src), "%s/stdout-src", dir);
	sendfile_calls();
	copy_calls();
	fionread();
	unlink(src);
	unlink(dst);
	unlink(out_src);
	result("rmdir of the scratch directory", rmdir(dir));
	return 0;
}
