/*
 * Signal handlers: a handler runs and the program goes on where it was,
 * with its registers (including FP) intact; the signal is blocked while
 * its handler runs and unblocked after; SA_RESETHAND makes the second
 * delivery fatal; a SIGSEGV handler sees si_addr and can jump out of the
 * fault with siglongjmp; a handler in a child interrupts its sleep.
 * The same output is expected on Linux.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t count, blocked_inside;
static volatile void *fault_address;
static sigjmp_buf escape;

static void count_it(int sig)
{
	sigset_t now;

	sigprocmask(SIG_BLOCK, NULL, &now);
	blocked_inside = sigismember(&now, sig);
	count++;
}

static void on_segv(int sig, siginfo_t *info, void *context)
{
	(void)sig;
	(void)context;
	fault_address = info->si_addr;
	siglongjmp(escape, 1);
}

static void install(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sa.sa_flags = flags;
	sigaction(sig, &sa, NULL);
}

static void handler_runs_and_returns(void)
{
	volatile double x = 1.5;
	sigset_t now;

	install(SIGUSR1, count_it, 0);
	raise(SIGUSR1);
	raise(SIGUSR1);
	sigprocmask(SIG_BLOCK, NULL, &now);
	printf("%-48s %d\n", "SIGUSR1 handled, times", count);
	printf("%-48s %s\n", "blocked inside its handler", blocked_inside ? "yes" : "no");
	printf("%-48s %s\n", "unblocked after", sigismember(&now, SIGUSR1) ? "no" : "yes");
	printf("%-48s %.2f\n", "FP register survived", x * 2);
}

static void reset_hand(void)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		install(SIGUSR2, count_it, SA_RESETHAND);
		raise(SIGUSR2);
		raise(SIGUSR2);
		_exit(0);
	}
	waitpid(pid, &status, 0);
	printf("%-48s %s %d\n", "SA_RESETHAND: second SIGUSR2",
	       WIFSIGNALED(status) ? "killed by" : "exited", WIFSIGNALED(status) ?
	       WTERMSIG(status) : WEXITSTATUS(status));
}

static void segv_handler(void)
{
	struct sigaction sa;
	volatile char *bad = (volatile char *)0x1000;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, NULL);
	if (sigsetjmp(escape, 1) == 0)
		*bad = 1;
	printf("%-48s %p\n", "SIGSEGV handler saw si_addr", (void *)fault_address);
	signal(SIGSEGV, SIG_DFL);
}

static void interrupted_sleep(void)
{
	struct timespec long_sleep = { 10, 0 }, left;
	int status, ret;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		install(SIGTERM, count_it, 0);
		ret = nanosleep(&long_sleep, &left);
		_exit(ret == -1 && left.tv_sec > 5 ? 3 : 4);
	}
	nanosleep(&(struct timespec){ 0, 50 * 1000 * 1000 }, NULL);
	kill(pid, SIGTERM);
	waitpid(pid, &status, 0);
	printf("%-48s %d\n", "child's sleep interrupted by a handler, exit", WEXITSTATUS(status));
}

int main(void)
{
	handler_runs_and_returns();
	reset_hand();
	segv_handler();
	interrupted_sleep();
	return 0;
}
