/*
 * The kernel monitor: a prompt on the console for looking at the
 * kernel's memory while it runs, until user programs arrive. Each command
 * prints one of the kernel's reports (the same text /proc will serve).
 */
#include <kernel/fs/console.h>
#include <kernel/printk.h>
#include <kernel/lib/seq_buf.h>
#include <kernel/smp.h>
#include <kernel/lib/string.h>
#include <asm/psci.h>
#include <asm/timer.h>
#include <mm/mm.h>
#include <mm/pgtable.h>
#include <mm/slab.h>
#include <mm/vmalloc.h>
#include <kernel/fs/rootfs.h>
#include <kernel/binfmt_elf.h>
#include <kernel/sched.h>
#include <kernel/fs/procfs.h>
#include <kernel/fs/fs.h>

int ktest_run(const char *selection);

static char report[8192];

/* Monitor output goes straight to the console, whatever loglevel says. */
static void __printf(1, 2) out(const char *fmt, ...)
{
	char text[256];
	va_list args;
	int len;

	va_start(args, fmt);
	len = vsnprintf(text, sizeof(text), fmt, args);
	va_end(args);
	console_write(text, MIN((size_t)len, sizeof(text) - 1));
}

static void print_report(void (*show)(struct seq_buf *s))
{
	struct seq_buf s;

	seq_buf_init(&s, report, sizeof(report));
	show(&s);
	console_write(report, s.len);
}

static void cmd_cpus(const char *arg __unused)
{
	unsigned int i;

	for (i = 0; i < nr_cpus_possible; i++)
		out("CPU%u: MPIDR %#llx %s, %lu ticks, %lu IPIs\n", i,
		       (unsigned long long)cpus[i].mpidr,
		       cpus[i].online ? "online" : "offline", cpus[i].ticks, cpus[i].ipis);
}

static void cmd_meminfo(const char *arg __unused)
{
	print_report(meminfo_show);
}

static void cmd_buddyinfo(const char *arg __unused)
{
	print_report(buddyinfo_show);
}

static void cmd_slabinfo(const char *arg __unused)
{
	print_report(slabinfo_show);
}

static void cmd_vmallocinfo(const char *arg __unused)
{
	print_report(vmallocinfo_show);
}

static void cmd_walk(const char *arg)
{
	dump_walk(swapper_pg_dir, strtoul(arg, NULL, 16));
}

static void cmd_dmesg(const char *arg __unused)
{
	size_t len = log_buf_copy(report, sizeof(report));

	console_write(report, len);
}

static void cmd_ktest(const char *arg)
{
	ktest_run(*arg ? arg : "all");
}

static void cmd_uptime(const char *arg __unused)
{
	u64 ms = ktime_get_ns() / 1000000;

	out("up %llu.%03llu s, %lu jiffies\n", (unsigned long long)(ms / 1000),
	       (unsigned long long)(ms % 1000), jiffies);
}

static void cmd_poweroff(const char *arg __unused)
{
	out("Power down\n");
	psci_system_off();
}

static bool print_dirent(void *ctx __unused, const char *name, unsigned int namelen,
			 loff_t pos __unused, unsigned long ino, unsigned int type)
{
	out("%8lu %c %.*s\n", ino, type == 4 ? 'd' : type == 10 ? 'l' : '-', (int)namelen, name);
	return true;
}

static void cmd_ls(const char *arg)
{
	struct inode *dir;
	loff_t pos = 0;
	int err = vfs_lookup_at(AT_FDCWD, *arg ? arg : "/", LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &dir);

	if (err) {
		out("ls: %s: error %d\n", arg, err);
		return;
	}
	spin_lock(&vfs_lock);
	ramfs_readdir(dir, &pos, print_dirent, NULL);
	spin_unlock(&vfs_lock);
	vfs_iput(dir);
}

static void cmd_cat(const char *arg)
{
	size_t size;
	char *data = read_whole_file(arg, &size);

	if (IS_ERR(data)) {
		out("cat: %s: error %ld\n", arg, PTR_ERR(data));
		return;
	}
	console_write(data, size);
	kvfree(data);
}

/* What execve would do with a file: the load plan of its ELF headers. */
static void cmd_elf(const char *arg)
{
	static struct elf_load_plan plan;
	size_t size;
	void *data = read_whole_file(arg, &size);
	unsigned int i;
	int err;

	if (IS_ERR(data)) {
		out("elf: %s: error %ld\n", arg, PTR_ERR(data));
		return;
	}
	err = elf_plan_load(data, size, &plan);
	kvfree(data);
	if (err) {
		out("elf: %s: refused with error %d: %s\n", arg, err, plan.reason);
		return;
	}
	out("entry %#lx, brk from %#lx%s\n", plan.entry, plan.start_brk,
	    plan.static_pie ? ", static PIE" : "");
	for (i = 0; i < plan.nr_segments; i++)
		out("  %#010lx-%#010lx %c%c%c file %#lx+%#lx\n", plan.segments[i].start,
		    plan.segments[i].end, plan.segments[i].prot & PROT_READ ? 'r' : '-',
		    plan.segments[i].prot & PROT_WRITE ? 'w' : '-',
		    plan.segments[i].prot & PROT_EXEC ? 'x' : '-', plan.segments[i].offset,
		    plan.segments[i].filesz);
}

static const char *state_name(long state)
{
	return state == TASK_RUNNING ? "R" : state == TASK_INTERRUPTIBLE ? "S" :
	       state == TASK_UNINTERRUPTIBLE ? "D" : "X";
}

static void print_task(struct task_struct *task, void *arg __unused)
{
	char cpu[8] = "-";

	if (task->on_cpu >= 0)
		snprintf(cpu, sizeof(cpu), "%d", task->on_cpu);
	out("%5d %s %3s %8lu  %s\n", task->pid, state_name(task->state), cpu, task->ticks,
	    task->comm);
}

static void cmd_ps(const char *arg __unused)
{
	out("  PID S CPU    TICKS  NAME\n");
	for_each_task(print_task, NULL);
}

static void cmd_help(const char *arg);

static const struct {
	const char *name;
	void (*run)(const char *arg);
	const char *help;
} commands[] = {
	{ "help", cmd_help, "this list" },
	{ "cpus", cmd_cpus, "CPUs, their ticks and IPIs" },
	{ "ps", cmd_ps, "tasks: pid, state, CPU, ticks run, name" },
	{ "meminfo", cmd_meminfo, "memory use (/proc/meminfo)" },
	{ "buddyinfo", cmd_buddyinfo, "free blocks per order (/proc/buddyinfo)" },
	{ "slabinfo", cmd_slabinfo, "slab caches (/proc/slabinfo)" },
	{ "vmallocinfo", cmd_vmallocinfo, "vmalloc areas (/proc/vmallocinfo)" },
	{ "ls", cmd_ls, "ls [DIR]: a directory of the initramfs" },
	{ "cat", cmd_cat, "cat FILE: print a file" },
	{ "elf", cmd_elf, "elf FILE: how execve would load it" },
	{ "walk", cmd_walk, "walk VA: the kernel page-table walk of a hex address" },
	{ "dmesg", cmd_dmesg, "the kernel log" },
	{ "ktest", cmd_ktest, "ktest [SEL]: run in-kernel tests (default: all)" },
	{ "uptime", cmd_uptime, "time since boot" },
	{ "poweroff", cmd_poweroff, "switch the machine off (QEMU exits)" },
};

static void cmd_help(const char *arg __unused)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(commands); i++)
		out("  %-10s %s\n", commands[i].name, commands[i].help);
}

static void run_command(char *line)
{
	char *arg = strchr(line, ' ');
	unsigned int i;

	if (arg)
		*arg++ = '\0';
	else
		arg = line + strlen(line);
	for (i = 0; i < ARRAY_SIZE(commands); i++) {
		if (!strcmp(line, commands[i].name)) {
			commands[i].run(arg);
			return;
		}
	}
	out("%s: unknown command (try help)\n", line);
}

void __noreturn monitor(void)
{
	char line[128];

	out("tkern monitor: type 'help' for commands, 'poweroff' to quit\n");
	for (;;) {
		int len;

		console_write("tkern> ", 7);
		len = console_read_line(line, sizeof(line));
		if (len < 0)
			cmd_poweroff("");
		if (len > 0)
			run_command(line);
	}
}
