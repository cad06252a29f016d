/*
 * System V shared memory, compared with Linux booted in QEMU (run as
 * init, root; some cases as uid 1000 in a child): every error of shmget,
 * shmat, shmdt and shmctl, the limits in /proc/sys/kernel (shmmax, shmall,
 * shmmni), IPC_STAT's fields after attach, detach and IPC_SET, IPC_RMID
 * with attaches left (the segment lives on without its key until the
 * last detach), SHM_RDONLY (writes fault, mprotect cannot add PROT_WRITE),
 * attaches inherited by fork and dropped by exec (the program execs
 * itself with the id in argv) and exit, pieces left by mprotect that
 * shmdt still finds, IPC_INFO, SHM_INFO, SHM_STAT and SHM_STAT_ANY,
 * /proc/sysvipc/shm and /proc/self/maps lines and Shmem in /proc/meminfo.
 * Identifiers, pids and times vary: only relations between them are
 * printed. On tkern, a leak check at the end.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#include "meminfo.h"
#include "quiet_cases.h"
#include "maps_line.h"

#define PAGE 4096UL
#define KEY 0x7e570001
#define OTHER_KEY 0x7e570002

static const char *self_path;

static const char *err_name(long ret)
{
	return ret == -1 ? strerrorname_np(errno) : "ok";
}

static const char *attach_result(void *addr)
{
	return addr == (void *)-1 ? strerrorname_np(errno) : "attached";
}

/* A sysctl's value, or -1. */
static unsigned long sysctl_read(const char *name)
{
	char path[64], buf[64] = "";
	int fd;

	snprintf(path, sizeof(path), "/proc/sys/kernel/%s", name);
	fd = open(path, O_RDONLY);
	if (fd < 0 || read(fd, buf, sizeof(buf) - 1) < 0)
		buf[0] = '\0';
	if (fd >= 0)
		close(fd);
	return buf[0] ? strtoul(buf, NULL, 10) : (unsigned long)-1;
}

static void sysctl_write(const char *name, unsigned long value)
{
	char path[64], buf[32];
	int fd, len = snprintf(buf, sizeof(buf), "%lu\n", value);

	snprintf(path, sizeof(path), "/proc/sys/kernel/%s", name);
	fd = open(path, O_WRONLY);
	if (fd < 0 || write(fd, buf, (size_t)len) != len)
		say("write %s: %s\n", path, strerrorname_np(errno));
	if (fd >= 0)
		close(fd);
}

static struct shmid_ds stat_of(int id)
{
	struct shmid_ds ds;

	memset(&ds, 0, sizeof(ds));
	if (shmctl(id, IPC_STAT, &ds))
		say("IPC_STAT: %s\n", strerrorname_np(errno));
	return ds;
}

static void sysctls(void)
{
	say("shmmax %lu shmall %lu shmmni %lu\n", sysctl_read("shmmax"), sysctl_read("shmall"),
	    sysctl_read("shmmni"));
}

/* Every shmget error, and the limits that make some of them. */
static void shmget_errors(void)
{
	int id = shmget(KEY, 3 * PAGE, IPC_CREAT | 0600);
	unsigned long max = sysctl_read("shmmax"), all = sysctl_read("shmall");
	unsigned long mni = sysctl_read("shmmni");

	say("shmget KEY 3 pages IPC_CREAT: %s\n", err_name(id));
	say("shmget KEY again, IPC_CREAT: same id %d\n", shmget(KEY, 0, IPC_CREAT | 0600) == id);
	say("shmget KEY, size 1: same id %d\n", shmget(KEY, 1, 0) == id);
	say("shmget KEY, IPC_CREAT | IPC_EXCL: %s\n",
	    err_name(shmget(KEY, PAGE, IPC_CREAT | IPC_EXCL | 0600)));
	say("shmget KEY, larger than it: %s\n", err_name(shmget(KEY, 4 * PAGE, 0600)));
	say("shmget KEY, larger, IPC_EXCL without IPC_CREAT: %s\n",
	    err_name(shmget(KEY, 4 * PAGE, IPC_EXCL)));
	say("shmget OTHER_KEY without IPC_CREAT: %s\n", err_name(shmget(OTHER_KEY, PAGE, 0600)));
	say("shmget IPC_PRIVATE size 0: %s\n", err_name(shmget(IPC_PRIVATE, 0, 0600)));
	say("shmget OTHER_KEY size 0 IPC_CREAT: %s\n",
	    err_name(shmget(OTHER_KEY, 0, IPC_CREAT | 0600)));
	say("shmget IPC_PRIVATE 1 TiB: %s\n", err_name(shmget(IPC_PRIVATE, 1UL << 40, 0600)));
	say("shmget IPC_PRIVATE SHM_HUGETLB: %s\n",
	    err_name(shmget(IPC_PRIVATE, 2 << 20, SHM_HUGETLB | 0600)));
	sysctl_write("shmmax", 2 * PAGE);
	say("shmmax 2 pages: shmget 3 pages: %s\n", err_name(shmget(IPC_PRIVATE, 3 * PAGE, 0600)));
	say("  shmget KEY (3 pages, exists), size 0: same id %d\n", shmget(KEY, 0, 0) == id);
	sysctl_write("shmmax", max);
	sysctl_write("shmall", 2);
	say("shmall 2 pages: shmget 1 page: %s\n", err_name(shmget(IPC_PRIVATE, PAGE, 0600)));
	sysctl_write("shmall", all);
	sysctl_write("shmmni", 1);
	say("shmmni 1: shmget another: %s\n", err_name(shmget(IPC_PRIVATE, PAGE, 0600)));
	sysctl_write("shmmni", mni);
	say("shmctl IPC_RMID: %s\n", err_name(shmctl(id, IPC_RMID, NULL)));
	say("shmget KEY after IPC_RMID: %s\n", err_name(shmget(KEY, 0, 0)));
}

static jmp_buf fault_jump;

static void on_segv(int sig)
{
	siglongjmp(fault_jump, sig);
}

/* Write a byte at addr; the signal it raised, or 0. */
static int try_write(volatile char *addr)
{
	struct sigaction sa = { .sa_handler = on_segv }, old;
	int sig;

	sigaction(SIGSEGV, &sa, &old);
	sig = sigsetjmp(fault_jump, 1);
	if (!sig)
		*addr = 1;
	sigaction(SIGSEGV, &old, NULL);
	return sig;
}

static void shmat_cases(void)
{
	int id = shmget(KEY, 2 * PAGE + 100, IPC_CREAT | 0600);
	char *base = mmap(NULL, 8 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), *at;

	say("shmat id -1: %s\n", attach_result(shmat(-1, NULL, 0)));
	say("shmat id + 1: %s\n", attach_result(shmat(id + 1, NULL, 0)));
	say("shmat id + 32768: %s\n", attach_result(shmat(id + 32768, NULL, 0)));
	say("shmat unaligned: %s\n", attach_result(shmat(id, base + 5, 0)));
	say("shmat NULL, SHM_REMAP: %s\n", attach_result(shmat(id, NULL, SHM_REMAP)));
	say("shmat over a mapping: %s\n", attach_result(shmat(id, base, 0)));
	at = shmat(id, base + PAGE + 5, SHM_RND | SHM_REMAP);
	say("shmat unaligned, SHM_RND | SHM_REMAP: %s, at page %ld\n", attach_result(at),
	    (at - base) / (long)PAGE);
	show_maps_line("  its maps line", at);
	say("  write: signal %d, IPC_STAT nattch %lu segsz %zu\n", try_write(at),
	    stat_of(id).shm_nattch, stat_of(id).shm_segsz);
	say("  shmdt inside it: %s\n", err_name(shmdt(at + PAGE)));
	say("  shmdt unaligned: %s\n", err_name(shmdt(at + 1)));
	say("  shmdt: %s, nattch %lu\n", err_name(shmdt(at)), stat_of(id).shm_nattch);
	say("  shmdt again: %s\n", err_name(shmdt(at)));
	at = shmat(id, NULL, SHM_RDONLY);
	say("shmat SHM_RDONLY: %s, write: signal %d\n", attach_result(at), try_write(at));
	show_maps_line("  its maps line", at);
	say("  mprotect PROT_WRITE: %s\n", err_name(mprotect(at, PAGE, PROT_READ | PROT_WRITE)));
	shmdt(at);
	at = shmat(id, NULL, SHM_EXEC);
	show_maps_line("shmat SHM_EXEC", at);
	shmdt(at);
	munmap(base, 8 * PAGE);
	shmctl(id, IPC_RMID, NULL);
}

/* mprotect and munmap cut an attach into pieces; each counts, shmdt finds them all. */
static void pieces(void)
{
	int id = shmget(IPC_PRIVATE, 6 * PAGE, 0600);
	char *at = shmat(id, NULL, 0);

	mprotect(at + PAGE, PAGE, PROT_READ);
	say("attach cut in three by mprotect: nattch %lu\n", stat_of(id).shm_nattch);
	munmap(at + 4 * PAGE, PAGE);
	say("  and a page unmapped: nattch %lu\n", stat_of(id).shm_nattch);
	say("  shmdt: %s, nattch %lu, page 5 still mapped %d\n", err_name(shmdt(at)),
	    stat_of(id).shm_nattch, mprotect(at + 5 * PAGE, PAGE, PROT_READ) == 0);
	shmctl(id, IPC_RMID, NULL);
}

static void stat_fields(void)
{
	int id = shmget(KEY, 5000, IPC_CREAT | 0640);
	struct shmid_ds ds = stat_of(id), after;
	char *at;

	say("IPC_STAT new: key ok %d segsz %zu mode %o nattch %lu uid %u cuid %u gid %u cgid %u\n",
	    ds.shm_perm.__key == KEY, ds.shm_segsz, ds.shm_perm.mode, ds.shm_nattch,
	    ds.shm_perm.uid, ds.shm_perm.cuid, ds.shm_perm.gid, ds.shm_perm.cgid);
	say("  cpid is me %d, lpid %d, atime %ld dtime %ld, ctime set %d\n",
	    ds.shm_cpid == getpid(), ds.shm_lpid, (long)ds.shm_atime, (long)ds.shm_dtime,
	    ds.shm_ctime > 0);
	at = shmat(id, NULL, 0);
	after = stat_of(id);
	say("after shmat: nattch %lu, lpid is me %d, atime set %d, dtime %ld\n", after.shm_nattch,
	    after.shm_lpid == getpid(), after.shm_atime >= ds.shm_ctime, (long)after.shm_dtime);
	shmdt(at);
	after = stat_of(id);
	say("after shmdt: nattch %lu, dtime set %d\n", after.shm_nattch,
	    after.shm_dtime >= after.shm_atime && after.shm_dtime > 0);
	after.shm_perm.uid = 1000;
	after.shm_perm.gid = 100;
	after.shm_perm.mode = 07604;
	say("IPC_SET uid 1000 gid 100 mode 07604: %s\n", err_name(shmctl(id, IPC_SET, &after)));
	ds = stat_of(id);
	say("  now uid %u gid %u cuid %u cgid %u mode %o\n", ds.shm_perm.uid, ds.shm_perm.gid,
	    ds.shm_perm.cuid, ds.shm_perm.cgid, ds.shm_perm.mode);
	after.shm_perm.uid = (uid_t)-1;
	say("IPC_SET uid -1: %s\n", err_name(shmctl(id, IPC_SET, &after)));
	say("IPC_SET bad buffer: %s\n", err_name(shmctl(id, IPC_SET, (void *)16)));
	say("IPC_STAT bad buffer: %s\n", err_name(shmctl(id, IPC_STAT, (void *)16)));
	say("shmctl command 99: %s\n", err_name(shmctl(id, 99, &ds)));
	say("shmctl command -1: %s\n", err_name(shmctl(id, -1, &ds)));
	say("IPC_STAT id -1: %s\n", err_name(shmctl(-1, IPC_STAT, &ds)));
	say("SHM_LOCK: %s, mode %o\n", err_name(shmctl(id, SHM_LOCK, NULL)),
	    stat_of(id).shm_perm.mode);
	say("SHM_UNLOCK: %s, mode %o\n", err_name(shmctl(id, SHM_UNLOCK, NULL)),
	    stat_of(id).shm_perm.mode);
	shmctl(id, IPC_RMID, NULL);
	say("IPC_STAT after IPC_RMID: %s\n", err_name(shmctl(id, IPC_STAT, &ds)));
	say("IPC_RMID again: %s\n", err_name(shmctl(id, IPC_RMID, NULL)));
}

static int shared_id;

/* As uid 1000 (and gid 1000): the rights of others on a 0640 root segment. */
static void as_other_user(void)
{
	struct shmid_ds ds;

	if (setgid(1000) || setuid(1000))
		say("setuid: %s\n", strerrorname_np(errno));
	say("uid 1000: shmget KEY 0: %s\n", err_name(shmget(KEY, 0, 0) < 0 ? -1 : 0));
	say("uid 1000: shmget KEY 0400: %s\n", err_name(shmget(KEY, 0, 0400) < 0 ? -1 : 0));
	say("uid 1000: shmat: %s\n", attach_result(shmat(shared_id, NULL, 0)));
	say("uid 1000: shmat SHM_RDONLY: %s\n", attach_result(shmat(shared_id, NULL, SHM_RDONLY)));
	say("uid 1000: IPC_STAT: %s\n", err_name(shmctl(shared_id, IPC_STAT, &ds)));
	say("uid 1000: IPC_SET: %s\n", err_name(shmctl(shared_id, IPC_SET, &ds)));
	say("uid 1000: IPC_RMID: %s\n", err_name(shmctl(shared_id, IPC_RMID, NULL)));
	say("uid 1000: SHM_LOCK: %s\n", err_name(shmctl(shared_id, SHM_LOCK, NULL)));
	/* The index is the identifier's low 15 bits, on Linux as here. */
	say("uid 1000: SHM_STAT_ANY: id matches %d\n",
	    shmctl(shared_id % 32768, SHM_STAT_ANY, &ds) == shared_id);
	say("uid 1000: SHM_STAT: %s\n",
	    err_name(shmctl(shared_id % 32768, SHM_STAT, &ds) < 0 ? -1 : 0));
}

/* The group's bits: the segment's group is 1000 now. */
static void as_group_member(void)
{
	if (setgid(1000) || setuid(1000))
		say("setuid: %s\n", strerrorname_np(errno));
	say("uid 1000 in the group: shmat SHM_RDONLY: %s\n",
	    attach_result(shmat(shared_id, NULL, SHM_RDONLY)));
	say("uid 1000 in the group: shmat read-write: %s\n",
	    attach_result(shmat(shared_id, NULL, 0)));
}

static void permissions(void)
{
	struct shmid_ds ds;

	shared_id = shmget(KEY, PAGE, IPC_CREAT | 0600);
	in_child(as_other_user);
	ds = stat_of(shared_id);
	ds.shm_perm.gid = 1000;
	ds.shm_perm.mode = 0640;
	shmctl(shared_id, IPC_SET, &ds);
	in_child(as_group_member);
	shmctl(shared_id, IPC_RMID, NULL);
}

/* The column of /proc/sysvipc/shm named name, for the line whose shmid is id. */
static void show_proc_line(int id)
{
	char line[512], heading[512] = "";
	long key, shmid, perms, size, cpid, lpid, nattch, uid, gid, cuid, cgid, rss;
	FILE *f = fopen("/proc/sysvipc/shm", "r");

	if (f && fgets(heading, sizeof(heading), f))
		say("/proc/sysvipc/shm heading: %s", heading);
	while (f && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%ld %ld %lo %ld %ld %ld %ld %ld %ld %ld %ld %*d %*d %*d %ld",
			   &key, &shmid, &perms, &size, &cpid, &lpid, &nattch, &uid, &gid, &cuid,
			   &cgid, &rss) != 12 || shmid != id)
			continue;
		say("  key %lx perms %lo size %ld nattch %ld uid %ld gid %ld cuid %ld cgid %ld "
		    "rss %ld, cpid is me %d\n", key, perms, size, nattch, uid, gid, cuid, cgid, rss,
		    cpid == getpid());
		line[strcspn(line, "\n")] = '\0';
		say("  widths: key %zu, up to perms %zu, the line %zu\n", strcspn(line, "0123456789"),
		    strstr(line, " 600 ") ? (size_t)(strstr(line, " 600 ") - line) : 0,
		    strlen(line));
	}
	if (f)
		fclose(f);
}

static void child_reads_and_writes(char *at)
{
	say("child: reads \"%s\", nattch %lu\n", at, stat_of(shared_id).shm_nattch);
	strcpy(at + 100, "the child's answer");
}

/* fork shares the attach; exec and exit drop it. */
static void fork_and_exec(void)
{
	char *at, arg[16];
	int status;
	pid_t pid;

	shared_id = shmget(IPC_PRIVATE, 3 * PAGE, 0600);
	at = shmat(shared_id, NULL, 0);
	strcpy(at, "the parent's words");
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		child_reads_and_writes(at);
		fflush(stdout);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	say("parent after the child's exit: reads \"%s\", nattch %lu\n", at + 100,
	    stat_of(shared_id).shm_nattch);
	snprintf(arg, sizeof(arg), "%d", shared_id);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		execl(self_path, self_path, "exec", arg, quiet ? "quiet" : "loud", (char *)NULL);
		_exit(127);
	}
	waitpid(pid, &status, 0);
	say("parent after the exec'd child: status %d, reads \"%s\", nattch %lu\n",
	    WEXITSTATUS(status), at + 200, stat_of(shared_id).shm_nattch);
	show_maps_line("parent's attach", at);
	show_proc_line(shared_id);
	shmdt(at);
	shmctl(shared_id, IPC_RMID, NULL);
}

/* The exec'd copy: its attach from before the exec is gone; it attaches anew. */
static int exec_side(int id)
{
	char *at;

	say("exec'd: nattch %lu (the parent's only)\n", stat_of(id).shm_nattch);
	at = shmat(id, NULL, 0);
	say("exec'd: attached, reads \"%s\", nattch %lu\n", at, stat_of(id).shm_nattch);
	strcpy(at + 200, "written after exec");
	return 0;
}

static void rmid_with_attaches(void)
{
	int id = shmget(KEY, 2 * PAGE, IPC_CREAT | 0600);
	char *a = shmat(id, NULL, 0), *b;
	struct shmid_ds ds;

	strcpy(a, "still here");
	say("IPC_RMID with an attach: %s\n", err_name(shmctl(id, IPC_RMID, NULL)));
	ds = stat_of(id);
	say("  IPC_STAT: mode %o key %x nattch %lu\n", ds.shm_perm.mode,
	    (unsigned int)ds.shm_perm.__key, ds.shm_nattch);
	say("  shmget KEY: %s\n", err_name(shmget(KEY, 0, 0)));
	b = shmat(id, NULL, 0);
	say("  shmat it again: %s, reads \"%s\", nattch %lu\n", attach_result(b),
	    b == (void *)-1 ? "" : b, stat_of(id).shm_nattch);
	show_maps_line("  its maps line", a);
	if (b != (void *)-1)
		shmdt(b);
	say("  shmdt one: nattch %lu\n", stat_of(id).shm_nattch);
	say("  shmdt the last: %s\n", err_name(shmdt(a)));
	say("  IPC_STAT now: %s\n", err_name(shmctl(id, IPC_STAT, &ds)));
}

/* The last attach goes with its process's exit: a removed segment goes with it. */
static void rmid_then_exit(void)
{
	int id = shmget(IPC_PRIVATE, PAGE, 0600), go[2], ready[2], status;
	struct shmid_ds ds;
	char c;
	pid_t pid;

	if (pipe(go) || pipe(ready))
		return;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		close(go[1]);
		shmat(id, NULL, 0);
		shmat(id, NULL, SHM_RDONLY);
		if (write(ready[1], "x", 1) != 1 || read(go[0], &c, 1) < 0)
			_exit(1);
		_exit(0);
	}
	close(go[0]);
	close(ready[1]);
	if (read(ready[0], &c, 1) != 1)
		say("the child did not attach\n");
	say("a child attached twice: nattch %lu; IPC_RMID: %s, mode %o\n", stat_of(id).shm_nattch,
	    err_name(shmctl(id, IPC_RMID, NULL)), stat_of(id).shm_perm.mode);
	close(go[1]);
	close(ready[0]);
	waitpid(pid, &status, 0);
	say("  after the child's exit: IPC_STAT %s\n", err_name(shmctl(id, IPC_STAT, &ds)));
}

static void info_cases(void)
{
	int a = shmget(IPC_PRIVATE, 5 * PAGE, 0600), b = shmget(IPC_PRIVATE, PAGE, 0600);
	struct shminfo info;
	struct shm_info sinfo;
	struct shmid_ds ds;
	char *at = shmat(a, NULL, 0);
	int max_idx, ret;

	memset(at, 1, 3 * PAGE);
	max_idx = shmctl(0, IPC_INFO, (struct shmid_ds *)&info);
	say("IPC_INFO: highest index %d, shmmax %lu shmmin %lu shmmni %lu shmseg %lu shmall %lu\n",
	    max_idx, info.shmmax, info.shmmin, info.shmmni, info.shmseg, info.shmall);
	ret = shmctl(0, SHM_INFO, (struct shmid_ds *)&sinfo);
	say("SHM_INFO: %d, used_ids %d shm_tot %lu shm_rss %lu shm_swp %lu\n", ret,
	    sinfo.used_ids, sinfo.shm_tot, sinfo.shm_rss, sinfo.shm_swp);
	ret = shmctl(max_idx, SHM_STAT, &ds);
	say("SHM_STAT highest index: id matches %d, segsz %zu\n", ret == b, ds.shm_segsz);
	say("SHM_STAT index 999: %s\n", err_name(shmctl(999, SHM_STAT, &ds)));
	say("IPC_INFO bad buffer: %s\n", err_name(shmctl(0, IPC_INFO, (void *)16)));
	shmdt(at);
	shmctl(a, IPC_RMID, NULL);
	shmctl(b, IPC_RMID, NULL);
}

/* Rounded to 256 kB: Linux's counter lags by some pages per CPU. */
static long shmem_moved(long base)
{
	long kb = meminfo_kb("Shmem:") - base;

	return (kb + (kb < 0 ? -128 : 128)) / 256 * 256;
}

static void meminfo_moves(void)
{
	long base = meminfo_kb("Shmem:");
	int id = shmget(IPC_PRIVATE, 8 << 20, 0600);
	char *at = shmat(id, NULL, 0);

	say("segment of 8 MiB attached: Shmem %+ld kB\n", shmem_moved(base));
	memset(at, 1, 4 << 20);
	say("4 MiB touched: Shmem %+ld kB\n", shmem_moved(base));
	shmdt(at);
	say("detached: Shmem %+ld kB\n", shmem_moved(base));
	shmctl(id, IPC_RMID, NULL);
	say("removed: Shmem %+ld kB\n", shmem_moved(base));
}

static void round_of_cases(void)
{
	in_child(sysctls);
	in_child(shmget_errors);
	in_child(shmat_cases);
	in_child(pieces);
	in_child(stat_fields);
	in_child(permissions);
	in_child(fork_and_exec);
	in_child(rmid_with_attaches);
	in_child(rmid_then_exit);
	in_child(info_cases);
	in_child(meminfo_moves);
}

int main(int argc, char **argv)
{
	char dir[64];

	setvbuf(stdout, NULL, _IOLBF, 0);
	self_path = argv[0];
	if (argc == 4 && !strcmp(argv[1], "exec")) {
		quiet = !strcmp(argv[3], "quiet");
		return exec_side(atoi(argv[2]));
	}
	if (setup_case_dir(dir, sizeof(dir), "sysvshm"))
		return 1;
	rmdir(dir);
	round_of_cases();
	check_no_leak(round_of_cases);
	printf("done\n");
	return 0;
}
