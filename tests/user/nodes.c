/*
 * Device nodes and what only root may do with names: mknod of character
 * devices the kernel has (1:3 null, 1:5 zero, 1:7 full) and works
 * through, a number without a driver (42, "demo use", never registered)
 * and a block device, which open refuses with ENXIO; linkat with
 * AT_EMPTY_PATH. Then the same as user 65534: mknod of a device is EPERM
 * (CAP_MKNOD), a FIFO is fine, linkat AT_EMPTY_PATH is ENOENT (Linux
 * asks for CAP_DAC_READ_SEARCH); renameat2 and linkat check their flags
 * before the paths. Run as init, compared with Linux booted
 * in QEMU on the same initramfs, since user-mode QEMU would use the
 * host's devices and credentials.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define DIR "/tmp/tkern-nodes"

static void show(const char *what, long ret)
{
	if (ret < 0)
		printf("%-50s -1 %s\n", what, strerrorname_np(errno));
	else
		printf("%-50s %ld\n", what, ret);
}

static void show_rdev(const char *path)
{
	struct stat st;

	if (stat(path, &st)) {
		show(path, -1);
		return;
	}
	printf("%-50s %s %u:%u mode %o\n", path, S_ISCHR(st.st_mode) ? "char" :
	       S_ISBLK(st.st_mode) ? "block" : "other", major(st.st_rdev), minor(st.st_rdev),
	       st.st_mode & 07777);
}

static void devices(void)
{
	char buf[4] = { 1, 1, 1, 1 };
	int fd;

	show("mknod null 1:3", mknod(DIR "/null", S_IFCHR | 0666, makedev(1, 3)));
	show_rdev(DIR "/null");
	fd = open(DIR "/null", O_RDWR);
	show("write to it", write(fd, "hello", 5));
	show("read from it", read(fd, buf, sizeof(buf)));
	close(fd);
	show("mknod zero 1:5", mknod(DIR "/zero", S_IFCHR | 0644, makedev(1, 5)));
	fd = open(DIR "/zero", O_RDONLY);
	show("read 4 from it", read(fd, buf, sizeof(buf)));
	show("all zero", buf[0] == 0 && buf[1] == 0 && buf[2] == 0 && buf[3] == 0);
	close(fd);
	show("mknod full 1:7", mknod(DIR "/full", S_IFCHR | 0666, makedev(1, 7)));
	fd = open(DIR "/full", O_WRONLY);
	show("write to it", write(fd, "x", 1));
	close(fd);
	show("mknod 42:0 (no driver)", mknod(DIR "/demo", S_IFCHR | 0600, makedev(42, 0)));
	show_rdev(DIR "/demo");
	show("open it", open(DIR "/demo", O_RDONLY));
	show("mknod block 42:0", mknod(DIR "/blk", S_IFBLK | 0600, makedev(42, 0)));
	show_rdev(DIR "/blk");
	show("open it", open(DIR "/blk", O_RDONLY));
	show("mknod onto an existing node", mknod(DIR "/null", S_IFCHR | 0666, makedev(1, 3)));
	show("rename a device node", rename(DIR "/demo", DIR "/demo2"));
	show("unlink null", unlink(DIR "/null"));
	show("unlink zero", unlink(DIR "/zero"));
	show("unlink full", unlink(DIR "/full"));
	show("unlink demo2", unlink(DIR "/demo2"));
	show("unlink blk", unlink(DIR "/blk"));
}

static void tmpfile_links(void)
{
	struct stat st;
	int fd = open(DIR, O_TMPFILE | O_RDWR, 0600);

	write(fd, "temp", 4);
	show("linkat AT_EMPTY_PATH of an O_TMPFILE", linkat(fd, "", AT_FDCWD, DIR "/named", AT_EMPTY_PATH));
	show("its nlink now", stat(DIR "/named", &st) ? -1L : (long)st.st_nlink);
	show("its size", (long)st.st_size);
	show("unlink it", unlink(DIR "/named"));
	show("linkat it a second time", linkat(fd, "", AT_FDCWD, DIR "/again", AT_EMPTY_PATH));
	close(fd);
	unlink(DIR "/again");
	fd = open(DIR, O_TMPFILE | O_EXCL | O_WRONLY, 0600);
	show("O_TMPFILE|O_EXCL opens", fd >= 0);
	show("linkat AT_EMPTY_PATH of it", linkat(fd, "", AT_FDCWD, DIR "/excl", AT_EMPTY_PATH));
	close(fd);
}

/* qemu-aarch64 copies paths in before the call, so only a real kernel shows this order. */
static void flags_before_paths(void)
{
	show("renameat2 bad flags and a bad pointer",
	     syscall(SYS_renameat2, AT_FDCWD, (char *)16, AT_FDCWD, DIR "/x", 8));
	show("linkat bad flags and a bad pointer", linkat(AT_FDCWD, (char *)16, AT_FDCWD, DIR "/x", 1));
}

static void empty_path_links(void)
{
	struct stat st;
	int fd = open(DIR "/file", O_CREAT | O_RDWR, 0644);
	int d = open(DIR, O_RDONLY | O_DIRECTORY);

	show("linkat AT_EMPTY_PATH as root", linkat(fd, "", AT_FDCWD, DIR "/file2", AT_EMPTY_PATH));
	show("nlink", stat(DIR "/file", &st) ? -1L : (long)st.st_nlink);
	show("linkat AT_EMPTY_PATH of a directory", linkat(d, "", AT_FDCWD, DIR "/d2", AT_EMPTY_PATH));
	unlink(DIR "/file");
	unlink(DIR "/file2");
	show("linkat AT_EMPTY_PATH of an unlinked file",
	     linkat(fd, "", AT_FDCWD, DIR "/file3", AT_EMPTY_PATH));
	close(fd);
	close(d);
}

/* As user 65534 in a directory everyone may write. */
static int as_nobody(void)
{
	int fd;

	if (setgid(65534) || setuid(65534))
		return 1;
	mkfifo(DIR "/n", 0666);
	show("nobody: mknod char 1:3", mknod(DIR "/n-null", S_IFCHR | 0666, makedev(1, 3)));
	show("nobody: mknod char onto a taken name", mknod(DIR "/n", S_IFCHR | 0666, 0));
	show("nobody: mknod block", mknod(DIR "/n-blk", S_IFBLK | 0666, makedev(42, 0)));
	show("nobody: mkfifo", mkfifo(DIR "/n-fifo", 0666));
	show("nobody: mknod a regular file", mknod(DIR "/n-reg", S_IFREG | 0644, 0));
	fd = open(DIR "/n-reg", O_RDONLY);
	show("nobody: linkat AT_EMPTY_PATH",
	     linkat(fd, "", AT_FDCWD, DIR "/n-reg2", AT_EMPTY_PATH));
	show("nobody: linkat by name", linkat(AT_FDCWD, DIR "/n-reg", AT_FDCWD, DIR "/n-reg3", 0));
	show("nobody: unlink the FIFO", unlink(DIR "/n-fifo"));
	unlink(DIR "/n");
	return 0;
}

int main(void)
{
	int status;
	pid_t pid;

	mkdir("/tmp", 01777);
	umask(0);
	show("mkdir " DIR " 0777", mkdir(DIR, 0777));
	umask(022);
	devices();
	empty_path_links();
	tmpfile_links();
	flags_before_paths();
	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(as_nobody());
	waitpid(pid, &status, 0);
	show("the child as nobody exited with", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	unlink(DIR "/n-reg");
	unlink(DIR "/n-reg3");
	show("rmdir " DIR, rmdir(DIR));
	return 0;
}
