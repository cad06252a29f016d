/*
 * The stack grows on demand: deep recursion works well past the stack's
 * first size; a touch beyond RLIMIT_STACK (8 MiB) kills with SIGSEGV; and
 * the stack keeps a guard gap (1 MiB) above any mapping below it, so
 * growing into that gap kills too, while growing to just outside it works.
 * Run on Linux booted in QEMU: user-mode QEMU gives the guest a fixed
 * stack, not a growing one.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define KiB 1024UL
#define MiB (1024 * KiB)

static unsigned long recurse(int depth)
{
	volatile char frame[4096];

	frame[0] = (char)depth;
	frame[4095] = (char)depth;
	return depth ? recurse(depth - 1) + frame[0] - frame[4095] + 1 : 0;
}

static uintptr_t stack_pointer(void)
{
	uintptr_t sp;

	asm volatile("mov %0, sp" : "=r"(sp));
	return sp;
}

static void report(const char *what, void (*child_fn)(void))
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		child_fn();
		_exit(0);
	}
	waitpid(pid, &status, 0);
	if (WIFSIGNALED(status))
		printf("%-52s killed by signal %d\n", what, WTERMSIG(status));
	else
		printf("%-52s exited %d\n", what, WEXITSTATUS(status));
}

static void deep_recursion(void)
{
	_exit(recurse(1024) == 1024 ? 0 : 1);	/* about 4 MiB of stack */
}

static void beyond_the_limit(void)
{
	*(volatile char *)(stack_pointer() - 9 * MiB) = 1;
}

/* A page placed 3 MiB below sp; the stack may then reach 1 MiB above it, not nearer. */
static char *page_below_stack(void)
{
	uintptr_t at = (stack_pointer() - 3 * MiB) & ~(4 * KiB - 1);

	return mmap((void *)at, 4 * KiB, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
}

static void into_the_guard_gap(void)
{
	char *page = page_below_stack();

	if (page == MAP_FAILED)
		_exit(2);
	*(volatile char *)(page + 4 * KiB + 512 * KiB) = 1;
}

static void outside_the_guard_gap(void)
{
	char *page = page_below_stack();

	if (page == MAP_FAILED)
		_exit(2);
	*(volatile char *)(page + 4 * KiB + 1536 * KiB) = 1;
}

int main(void)
{
	report("recursion through about 4 MiB of stack", deep_recursion);
	report("a touch 9 MiB below sp (past RLIMIT_STACK)", beyond_the_limit);
	report("growing to 512 KiB above a mapping (in the gap)", into_the_guard_gap);
	report("growing to 1.5 MiB above a mapping (outside it)", outside_the_guard_gap);
	return 0;
}
