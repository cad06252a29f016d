/*
 * Each kind of bad access kills only the child that makes it, with
 * SIGSEGV, and the parent sees it through wait4: an unmapped address, a
 * write to a read-only page, running code in a page without PROT_EXEC, a
 * read of a PROT_NONE page, a write to the program's own text, and an
 * undefined instruction (SIGILL). The same output is expected on Linux.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096

static volatile uintptr_t unmapped = 0x10000000;

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
		printf("%-44s killed by signal %d\n", what, WTERMSIG(status));
	else
		printf("%-44s exited %d\n", what, WEXITSTATUS(status));
}

static char *map(int prot)
{
	return mmap(NULL, PAGE, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

static void read_unmapped(void)
{
	(void)*(volatile char *)unmapped;
}

static void write_read_only(void)
{
	*(volatile char *)map(PROT_READ) = 1;
}

/* "ret" copied into a writable, non-executable page, then called. */
static void execute_data(void)
{
	static const uint32_t ret = 0xd65f03c0;
	char *page = map(PROT_READ | PROT_WRITE);

	memcpy(page, &ret, sizeof(ret));
	((void (*)(void))page)();
}

static void read_prot_none(void)
{
	char *page = map(PROT_READ | PROT_WRITE);

	page[0] = 1;
	mprotect(page, PAGE, PROT_NONE);
	(void)*(volatile char *)page;
}

static void write_own_text(void)
{
	*(volatile char *)(uintptr_t)report = 0;
}

static void undefined_instruction(void)
{
	asm volatile(".inst 0x00000000");	/* permanently undefined (UDF #0) */
}

static void executable_page_runs(void)
{
	static const uint32_t ret = 0xd65f03c0;
	char *page = map(PROT_READ | PROT_WRITE);

	memcpy(page, &ret, sizeof(ret));
	mprotect(page, PAGE, PROT_READ | PROT_EXEC);
	__builtin___clear_cache(page, page + sizeof(ret));
	((void (*)(void))page)();
}

int main(void)
{
	report("read of an unmapped address", read_unmapped);
	report("write to a read-only page", write_read_only);
	report("call into a page without PROT_EXEC", execute_data);
	report("read of a PROT_NONE page", read_prot_none);
	report("write to the program's own text", write_own_text);
	report("undefined instruction", undefined_instruction);
	report("call into a page made PROT_EXEC", executable_page_runs);
	return 0;
}
