/*
 * Commit accounting (Linux's vm_committed_as and __vm_enough_memory): how
 * many pages the kernel has promised to back if they are all touched, and
 * the policy that decides whether it may promise more. mm/overcommit.c;
 * docs/overcommit.md explains the modes.
 */
#ifndef MM_OVERCOMMIT_H
#define MM_OVERCOMMIT_H

#include <kernel/types.h>

struct mm_struct;

#define OVERCOMMIT_GUESS 0	/* refuse only a single request larger than RAM + swap */
#define OVERCOMMIT_ALWAYS 1	/* never refuse */
#define OVERCOMMIT_NEVER 2	/* refuse past CommitLimit */

extern int sysctl_overcommit_memory;
extern int sysctl_overcommit_ratio;		/* percent of RAM in CommitLimit */
extern unsigned long sysctl_overcommit_kbytes;	/* if not 0: CommitLimit itself, in kB */
extern unsigned long sysctl_admin_reserve_kbytes;	/* kept back from all but root */
extern unsigned long sysctl_user_reserve_kbytes;	/* the most kept back from one process */

/* What overcommit_allows needs to know; pages throughout. */
struct commit_state {
	int mode;
	unsigned long ratio, kbytes;
	unsigned long totalram, swap;
	unsigned long committed;	/* including the request */
	unsigned long admin_reserve;	/* kept back from all but root */
	unsigned long user_reserve;	/* the most kept back from one process */
	unsigned long total_vm;		/* of the asking process, 0 for none */
	bool admin;			/* the asker has CAP_SYS_ADMIN */
};

unsigned long commit_limit(unsigned long totalram, unsigned long swap, unsigned long ratio,
			   unsigned long kbytes);
bool overcommit_allows(const struct commit_state *s, unsigned long pages);

void overcommit_init(void);
unsigned long vm_commit_limit(void);
unsigned long vm_memory_committed(void);
void vm_acct_memory(long pages);
void vm_unacct_memory(long pages);
int vm_enough_memory_mm(struct mm_struct *mm, unsigned long pages);

#endif
