/*
 * Installing a signal handler, as several test programs do: an empty
 * sa_mask, the flags given (SA_SIGINFO added for the three-argument form).
 */
#ifndef TESTS_USER_SIG_SETUP_H
#define TESTS_USER_SIG_SETUP_H

#include <signal.h>
#include <string.h>

static inline void set_action(int sig, void (*handler)(int), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sa.sa_flags = flags;
	sigaction(sig, &sa, NULL);
}

static inline void set_siginfo_action(int sig, void (*action)(int, siginfo_t *, void *),
				      int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = action;
	sa.sa_flags = SA_SIGINFO | flags;
	sigaction(sig, &sa, NULL);
}

#endif
