/*
 * traps: each kind of exception a program can cause, and the signal the
 * kernel makes of it, as Linux does: the signal, its si_code and its
 * si_addr (as an offset from what the case touched). Each case runs twice:
 * with a handler that records the signal and jumps back, then in a child
 * without one, which the signal must kill. The program judges itself
 * ("ok - " and "FAIL - " lines, tkern_check.h) against what Linux gives,
 * and make test compares its output with Linux booted in QEMU
 * (qemu-aarch64 is no reference here: it reports udf as ILL_ILLOPN).
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "tkern_check.h"
#include "fault_catch.h"

#define PAGE 4096

/* Instructions at known addresses: si_addr must name the one that trapped. */
void undefined_instruction(void);
void breakpoint(void);
void breakpoint_with_comment(void);
void aligned_return(void);
__asm__(".text\n"
	".global undefined_instruction\n"
	"undefined_instruction:\n\tudf #0\n\tret\n"
	".global breakpoint\n"
	"breakpoint:\n\tbrk #0\n\tret\n"
	".global breakpoint_with_comment\n"
	"breakpoint_with_comment:\n\tbrk #0x123\n\tret\n"
	".balign 16\n"
	".global aligned_return\n"
	"aligned_return:\n\tret\n\tret\n");

/* What each case touches: si_addr is printed as an offset from it. */
static char *unmapped, *read_only, *no_access, *no_exec, *data;

static const char *code_name(int sig, int code)
{
	switch (sig) {
	case SIGSEGV:
		return code == SEGV_MAPERR ? "SEGV_MAPERR" : code == SEGV_ACCERR ? "SEGV_ACCERR" : "?";
	case SIGBUS:
		return code == BUS_ADRALN ? "BUS_ADRALN" : code == BUS_ADRERR ? "BUS_ADRERR" :
		       code == BUS_OBJERR ? "BUS_OBJERR" : "?";
	case SIGILL:
		return code == ILL_ILLOPC ? "ILL_ILLOPC" : code == ILL_ILLOPN ? "ILL_ILLOPN" : "?";
	case SIGTRAP:
		return code == TRAP_BRKPT ? "TRAP_BRKPT" : code == TRAP_TRACE ? "TRAP_TRACE" : "?";
	default:
		return "?";
	}
}

static void read_unmapped(void) { (void)*(volatile char *)(unmapped + 16); }
static void write_read_only(void) { *(volatile char *)(read_only + 8) = 1; }
static void read_no_access(void) { (void)*(volatile char *)(no_access + 24); }
static void jump_to_no_exec(void) { ((void (*)(void))no_exec)(); }
static void jump_misaligned(void) { ((void (*)(void))((char *)aligned_return + 2))(); }

/* An exclusive load must be aligned to its size, whatever the memory type. */
static void exclusive_misaligned(void)
{
	uint64_t value;

	__asm__ volatile("ldxr %0, [%1]" : "=r"(value) : "r"(data + 4) : "memory");
}

struct trap_case {
	const char *what;
	void (*cause)(void);
	const char *base_name;	/* what si_addr is measured from */
	char **base;		/* NULL: the address of cause itself */
	void (*at)(void);	/* or of this function */
	int sig, code;		/* what Linux gives */
	long offset;		/* si_addr - base on Linux */
};

static const struct trap_case cases[] = {
	{ "read of an unmapped page", read_unmapped, "the page", &unmapped, NULL,
	  SIGSEGV, SEGV_MAPERR, 16 },
	{ "write to a read-only page", write_read_only, "the page", &read_only, NULL,
	  SIGSEGV, SEGV_ACCERR, 8 },
	{ "read of a PROT_NONE page", read_no_access, "the page", &no_access, NULL,
	  SIGSEGV, SEGV_ACCERR, 24 },
	{ "call into a page without PROT_EXEC", jump_to_no_exec, "the page", &no_exec, NULL,
	  SIGSEGV, SEGV_ACCERR, 0 },
	{ "call to a misaligned address", jump_misaligned, "the function", NULL, aligned_return,
	  SIGBUS, BUS_ADRALN, 2 },
	{ "exclusive load, misaligned", exclusive_misaligned, "the buffer", &data, NULL,
	  SIGBUS, BUS_ADRALN, 4 },
	{ "undefined instruction (udf)", undefined_instruction, "the instruction", NULL,
	  undefined_instruction, SIGILL, ILL_ILLOPC, 0 },
	{ "brk #0", breakpoint, "the instruction", NULL, breakpoint, SIGTRAP, TRAP_BRKPT, 0 },
	{ "brk #0x123", breakpoint_with_comment, "the instruction", NULL,
	  breakpoint_with_comment, SIGTRAP, TRAP_BRKPT, 0 },
};

/* The line says what Linux gives, and on a FAIL what this kernel gave instead. */
static void caught(const struct trap_case *c)
{
	char *base = c->base ? *c->base : (char *)c->at;
	char line[200];
	int n;

	got_sig = 0;
	if (!sigsetjmp(back, 1))
		c->cause();
	n = snprintf(line, sizeof(line), "%s: SIG%s %s, si_addr %s%+ld", c->what,
		     sigabbrev_np(c->sig), code_name(c->sig, c->code), c->base_name, c->offset);
	if (!got_sig)
		snprintf(line + n, sizeof(line) - n, " (no signal)");
	else if (got_sig != c->sig || got_code != c->code || (char *)got_addr - base != c->offset)
		snprintf(line + n, sizeof(line) - n, " (got SIG%s %s, si_addr %s%+ld)",
			 sigabbrev_np(got_sig), code_name(got_sig, got_code), c->base_name,
			 (long)((char *)got_addr - base));
	check(line, got_sig == c->sig && got_code == c->code &&
	      (char *)got_addr - base == c->offset);
}

static const int fault_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGTRAP };

static void uncaught(const struct trap_case *c)
{
	char line[200];
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		for (unsigned int i = 0; i < sizeof(fault_signals) / sizeof(fault_signals[0]); i++)
			signal(fault_signals[i], SIG_DFL);
		c->cause();
		_exit(0);
	}
	waitpid(pid, &status, 0);
	snprintf(line, sizeof(line), "%s without a handler: killed by SIG%s", c->what,
		 sigabbrev_np(c->sig));
	check(line, WIFSIGNALED(status) && WTERMSIG(status) == c->sig);
}

int main(void)
{
	struct sigaction sa;
	char *pages = mmap(NULL, 5 * PAGE, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	unmapped = pages;
	read_only = pages + PAGE;
	no_access = pages + 2 * PAGE;
	no_exec = pages + 3 * PAGE;
	data = pages + 4 * PAGE;
	memset(pages + PAGE, 0, 4 * PAGE);
	munmap(unmapped, PAGE);
	mprotect(read_only, PAGE, PROT_READ);
	mprotect(no_access, PAGE, PROT_NONE);

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO;
	for (unsigned int i = 0; i < sizeof(fault_signals) / sizeof(fault_signals[0]); i++)
		sigaction(fault_signals[i], &sa, NULL);
	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		caught(&cases[i]);
		uncaught(&cases[i]);
	}
	return failures != 0;
}
