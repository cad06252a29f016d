/*
 * Files through descriptors: openat with its flags, read and write,
 * readv and writev, lseek, pread64 and pwrite64, fstat and newfstatat,
 * dup, dup3 and fcntl, ioctl on a file, /dev/null and /dev/zero, and the
 * error cases (EBADF, EFAULT, ENOENT, ENOTDIR, EISDIR, EEXIST, EINVAL,
 * ELOOP, ESPIPE is in pipe.c). Works in a scratch directory of its own
 * under /tmp, removed at the end, so it runs the same on tkern and on
 * Linux (qemu-aarch64). The same output is expected on Linux.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <termios.h>
#include <unistd.h>

/* Through a volatile, so that the compiler does not see (and refuse) the bad calls. */
static void *volatile bad_pointer = (void *)16;
#define BAD_POINTER (bad_pointer)

static char dir[64];

static void show(const char *what, long ret)
{
	if (ret < 0)
		printf("%-44s -1 %s\n", what, strerrorname_np(errno));
	else
		printf("%-44s %ld\n", what, ret);
}

static const char *in_dir(const char *name)
{
	static char path[128];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return path;
}

static void open_flags(void)
{
	int fd;

	show("open missing file", open(in_dir("none"), O_RDONLY));
	fd = open(in_dir("a"), O_CREAT | O_WRONLY, 0644);
	show("open O_CREAT gives fd >= 3", fd >= 3);
	show("open O_CREAT|O_EXCL existing", open(in_dir("a"), O_CREAT | O_EXCL | O_RDWR, 0644));
	show("open file/ (trailing slash)", open(in_dir("a/"), O_RDONLY));
	show("open file/x (file as directory)", open(in_dir("a/x"), O_RDONLY));
	show("open O_DIRECTORY on a file", open(in_dir("a"), O_RDONLY | O_DIRECTORY));
	show("open directory O_WRONLY", open(dir, O_WRONLY));
	show("open directory O_RDWR", open(dir, O_RDWR));
	show("open directory O_CREAT", open(dir, O_CREAT | O_RDONLY, 0644));
	show("open directory O_RDONLY is fine", close(open(dir, O_RDONLY | O_DIRECTORY)));
	show("open bad path pointer", open(BAD_POINTER, O_RDONLY));
	show("open empty path", open("", O_RDONLY));
	show("symlink to the file", symlink("a", in_dir("link")));
	show("open O_NOFOLLOW on a symlink", open(in_dir("link"), O_RDONLY | O_NOFOLLOW));
	show("open through the symlink", close(open(in_dir("link"), O_RDONLY)));
	show("open ignores unknown flags", close(syscall(SYS_openat, AT_FDCWD, in_dir("a"),
							  O_RDONLY | 0x40000000)));
	close(fd);
}

static void read_write(void)
{
	char buf[64] = { 0 };
	int fd = open(in_dir("rw"), O_CREAT | O_RDWR | O_TRUNC, 0600);
	int rd, wr, d;

	show("write 11 bytes", write(fd, "hello world", 11));
	show("lseek SEEK_CUR 0", lseek(fd, 0, SEEK_CUR));
	show("read at the end", read(fd, buf, sizeof(buf)));
	show("lseek SEEK_SET 6", lseek(fd, 6, SEEK_SET));
	show("read the rest", read(fd, buf, sizeof(buf)));
	printf("%-44s %s\n", "  which is", buf);
	show("lseek SEEK_END -5", lseek(fd, -5, SEEK_END));
	show("lseek before 0", lseek(fd, -100, SEEK_SET));
	show("lseek bad whence", lseek(fd, 0, 42));
	show("pwrite at 20 (leaves a hole)", pwrite(fd, "X", 1, 20));
	show("position unchanged by pwrite", lseek(fd, 0, SEEK_CUR));
	memset(buf, 'z', sizeof(buf));
	show("pread the hole and the X", pread(fd, buf, 10, 12));
	printf("%-44s %d %d %d %c\n", "  zero bytes then X", buf[0], buf[7], buf[8], buf[9]);
	show("pread negative offset", pread(fd, buf, 1, -1));
	show("read into a bad pointer", pread(fd, BAD_POINTER, 4, 0));
	show("write from a bad pointer", write(fd, BAD_POINTER, 4));
	show("read of 0 bytes", read(fd, buf, 0));
	rd = open(in_dir("rw"), O_RDONLY);
	show("write to a read-only fd", write(rd, "x", 1));
	wr = open(in_dir("rw"), O_WRONLY);
	show("read from a write-only fd", read(wr, buf, 1));
	d = open(dir, O_RDONLY);
	show("read a directory", read(d, buf, 1));
	close(d);
	close(wr);
	close(rd);
	close(fd);
}

static void vectors(void)
{
	char a[4], b[8];
	struct iovec out[] = { { "abc", 3 }, { "defgh", 5 } };
	struct iovec in[] = { { a, 3 }, { b, 8 } };
	static struct iovec too_many[1025];
	struct iovec bad[] = { { BAD_POINTER, 3 } };
	struct iovec bad_second[] = { { "abc", 3 }, { BAD_POINTER, 3 } };
	int fd = open(in_dir("vec"), O_CREAT | O_RDWR | O_TRUNC, 0600);

	show("writev 3 + 5", writev(fd, out, 2));
	lseek(fd, 0, SEEK_SET);
	show("readv 3 + 8", readv(fd, in, 2));
	printf("%-44s %.3s %.5s\n", "  got", a, b);
	show("writev bad iovec pointer", writev(fd, BAD_POINTER, 1));
	show("writev bad buffer", writev(fd, bad, 1));
	show("writev second buffer bad: the first goes", writev(fd, bad_second, 2));
	show("writev 1025 vectors", writev(fd, too_many, 1025));
	show("writev 0 vectors", writev(fd, out, 0));
	close(fd);
}

static void append_and_truncate(void)
{
	int fd = open(in_dir("log"), O_CREAT | O_WRONLY | O_TRUNC, 0600);
	struct stat st;

	write(fd, "one\n", 4);
	close(fd);
	fd = open(in_dir("log"), O_WRONLY | O_APPEND);
	lseek(fd, 0, SEEK_SET);
	show("O_APPEND write goes to the end", write(fd, "two\n", 4));
	show("  position after it", lseek(fd, 0, SEEK_CUR));
	fstat(fd, &st);
	show("  size", st.st_size);
	close(fd);
	fd = open(in_dir("log"), O_WRONLY | O_TRUNC);
	fstat(fd, &st);
	show("O_TRUNC empties it", st.st_size);
	close(fd);
}

static void stat_calls(void)
{
	struct stat st;
	int fd = open(in_dir("a"), O_RDONLY);

	show("stat the directory", stat(dir, &st));
	printf("%-44s %s\n", "  is a directory", S_ISDIR(st.st_mode) ? "yes" : "no");
	show("stat the file", stat(in_dir("a"), &st));
	printf("%-44s %s %o\n", "  regular, mode", S_ISREG(st.st_mode) ? "yes" : "no",
	       st.st_mode & 07777);
	show("lstat the symlink", lstat(in_dir("link"), &st));
	printf("%-44s %s %ld\n", "  symlink, size", S_ISLNK(st.st_mode) ? "yes" : "no",
	       (long)st.st_size);
	show("stat through the symlink", stat(in_dir("link"), &st));
	printf("%-44s %s\n", "  regular", S_ISREG(st.st_mode) ? "yes" : "no");
	show("fstatat AT_EMPTY_PATH on an fd", fstatat(fd, "", &st, AT_EMPTY_PATH));
	show("fstatat empty path without it", fstatat(fd, "", &st, 0));
	show("fstatat bad flags", fstatat(fd, "", &st, 0x8000000));
	show("stat missing", stat(in_dir("none"), &st));
	show("stat into a bad pointer", stat(dir, BAD_POINTER));
	show("fstat bad fd", fstat(99, &st));
	show("fstat /dev/null", stat("/dev/null", &st));
	printf("%-44s %s\n", "  character device", S_ISCHR(st.st_mode) ? "yes" : "no");
	close(fd);
}

static void descriptors(void)
{
	int fd = open(in_dir("a"), O_RDONLY), copy, high;

	show("close bad fd", close(99));
	show("close negative fd", close(-1));
	show("read bad fd", read(77, &fd, 1));
	copy = dup(fd);
	show("dup gives another fd", copy >= 0 && copy != fd);
	show("dup bad fd", dup(99));
	show("dup3 to 50", dup3(fd, 50, O_CLOEXEC));
	show("  F_GETFD of it", fcntl(50, F_GETFD));
	show("dup3 to itself", dup3(fd, fd, 0));
	show("dup3 bad flags", dup3(fd, 51, 1));
	show("dup2 to itself", dup2(fd, fd));
	show("F_DUPFD from 100", fcntl(fd, F_DUPFD, 100));
	show("  F_GETFD of it", fcntl(100, F_GETFD));
	high = fcntl(fd, F_DUPFD_CLOEXEC, 100);
	show("F_DUPFD_CLOEXEC from 100 gives 101", high);
	show("  F_GETFD of it", fcntl(high, F_GETFD));
	show("F_DUPFD from 1024", fcntl(fd, F_DUPFD, 1024));
	show("F_SETFD FD_CLOEXEC", fcntl(fd, F_SETFD, FD_CLOEXEC));
	show("  F_GETFD", fcntl(fd, F_GETFD));
	show("F_GETFL", fcntl(fd, F_GETFL) & (O_ACCMODE | O_APPEND | O_NONBLOCK));
	show("F_SETFL O_APPEND|O_NONBLOCK", fcntl(fd, F_SETFL, O_APPEND | O_NONBLOCK));
	show("  F_GETFL", fcntl(fd, F_GETFL) & (O_ACCMODE | O_APPEND | O_NONBLOCK));
	show("fcntl unknown command", fcntl(fd, 12345));
	show("fcntl bad fd", fcntl(99, F_GETFD));
	show("ioctl TCGETS on a file", ioctl(fd, TCGETS, &(struct termios){ 0 }));
	show("ioctl bad fd", ioctl(99, TCGETS, &(struct termios){ 0 }));
	close(fd);
	close(copy);
	close(50);
	close(100);
	close(101);
}

static void many_descriptors(void)
{
	int fds[1100], n = 0, err;

	for (;;) {
		int fd = open("/dev/null", O_RDONLY);

		if (fd < 0) {
			err = errno;
			break;
		}
		fds[n++] = fd;
	}
	printf("%-44s %s\n", "open until the limit", strerrorname_np(err));
	show("  the last fd is 1023", fds[n - 1] == 1023);
	while (n > 0)
		close(fds[--n]);
	show("dup3 to 1024", dup3(0, 1024, 0));
}

static void devices(void)
{
	char buf[8] = "abcdefg";
	int null = open("/dev/null", O_RDWR), zero = open("/dev/zero", O_RDONLY);

	show("write /dev/null", write(null, "data", 4));
	show("read /dev/null", read(null, buf, sizeof(buf)));
	show("read /dev/zero", read(zero, buf, sizeof(buf)));
	printf("%-44s %d %d\n", "  zeroes", buf[0], buf[7]);
	show("lseek /dev/null", lseek(null, 100, SEEK_SET));
	close(null);
	close(zero);
}

int main(void)
{
	struct rlimit limit = { 1024, 1024 };

	setrlimit(RLIMIT_NOFILE, &limit);	/* Linux's default; tkern's fixed limit */
	mkdir("/tmp", 0777);
	snprintf(dir, sizeof(dir), "/tmp/tkern-files-%d", getpid());
	show("mkdir scratch directory", mkdir(dir, 0755));
	open_flags();
	read_write();
	vectors();
	append_and_truncate();
	stat_calls();
	descriptors();
	many_descriptors();
	devices();
	unlink(in_dir("a"));
	unlink(in_dir("link"));
	unlink(in_dir("rw"));
	unlink(in_dir("vec"));
	unlink(in_dir("log"));
	show("rmdir scratch directory", rmdir(dir));
	return 0;
}
