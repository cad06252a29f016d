/*
 * For the programs that fault on purpose (segvcode, traps): on_fault(), a
 * SA_SIGINFO handler, records the signal, its si_code and si_addr, then
 * jumps back to the program's sigsetjmp(back, 1), which restores the mask.
 */
#ifndef TESTS_USER_FAULT_CATCH_H
#define TESTS_USER_FAULT_CATCH_H

#include <setjmp.h>
#include <signal.h>

static sigjmp_buf back;
static volatile int got_sig, got_code;
static void *volatile got_addr;

static void on_fault(int sig, siginfo_t *info, void *ctx)
{
	(void)ctx;
	got_sig = sig;
	got_code = info->si_code;
	got_addr = info->si_addr;
	siglongjmp(back, 1);
}

#endif
