/*
 * Record-lock ranges (kernel/fs/lock_ranges.c): what a new lock does to
 * its owner's old ones (merge, cut, split, replace, unlock), conflicts
 * between owners, and that no memory is lost: every lock is on the list,
 * in the freed list, or still a spare.
 */
#include <stdlib.h>
#include <string.h>
#include "htest.h"
#include <kernel/fs/locks.h>

#define EOF_END 0x7fffffffffffffffLL

static struct inode *const file_a = (struct inode *)0x1000;
static struct inode *const file_b = (struct inode *)0x2000;
static int owner1, owner2;

static struct file_lock req(void *owner, struct inode *inode, int type, loff_t start,
			    loff_t end)
{
	struct file_lock fl = { .fl_owner = owner, .fl_inode = inode, .fl_pid = 1,
				.fl_type = (unsigned char)type, .fl_flags = FL_POSIX,
				.fl_start = start, .fl_end = end };

	return fl;
}

/* Apply as locks.c does, with fresh spares; free what is left over. */
static void apply(struct list_head *locks, struct file_lock r)
{
	struct file_lock *spare[2] = { malloc(sizeof(struct file_lock)),
				       malloc(sizeof(struct file_lock)) };
	struct file_lock *fl, *tmp;
	LIST_HEAD(freed);

	CHECK(posix_find_conflict(locks, &r) == NULL);
	posix_lock_apply(locks, &r, spare, &freed);
	list_for_each_entry_safe(fl, tmp, &freed, fl_list)
		free(fl);
	free(spare[0]);
	free(spare[1]);
}

static void free_all(struct list_head *locks)
{
	struct file_lock *fl, *tmp;

	list_for_each_entry_safe(fl, tmp, locks, fl_list)
		free(fl);
}

/* The owner's locks on inode as "type:start-end" words in start order, into buf. */
static const char *show(struct list_head *locks, void *owner, struct inode *inode)
{
	static char buf[512];
	loff_t after = -1;

	buf[0] = '\0';
	for (;;) {
		struct file_lock *fl, *next = NULL;

		list_for_each_entry(fl, locks, fl_list)
			if (fl->fl_owner == owner && fl->fl_inode == inode && fl->fl_start > after &&
			    (!next || fl->fl_start < next->fl_start))
				next = fl;
		if (!next)
			return buf;
		if (next->fl_end == EOF_END)
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%c:%lld-eof",
				 buf[0] ? " " : "", next->fl_type == F_RDLCK ? 'r' : 'w',
				 (long long)next->fl_start);
		else
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%c:%lld-%lld",
				 buf[0] ? " " : "", next->fl_type == F_RDLCK ? 'r' : 'w',
				 (long long)next->fl_start, (long long)next->fl_end);
		after = next->fl_start;
	}
}

#define CHECK_LOCKS(locks, owner, inode, want) \
	CHECK(strcmp(show(locks, owner, inode), want) == 0 || \
	      (printf("# got \"%s\"\n", show(locks, owner, inode)), 0))

HTEST(same_type_overlapping_and_touching_ranges_merge)
{
	LIST_HEAD(locks);

	apply(&locks, req(&owner1, file_a, F_WRLCK, 10, 19));
	apply(&locks, req(&owner1, file_a, F_WRLCK, 30, 39));
	CHECK_LOCKS(&locks, &owner1, file_a, "w:10-19 w:30-39");
	apply(&locks, req(&owner1, file_a, F_WRLCK, 20, 29));	/* touches both */
	CHECK_LOCKS(&locks, &owner1, file_a, "w:10-39");
	apply(&locks, req(&owner1, file_a, F_WRLCK, 5, 12));
	CHECK_LOCKS(&locks, &owner1, file_a, "w:5-39");
	free_all(&locks);
}

HTEST(other_type_inside_splits_a_lock_in_three)
{
	LIST_HEAD(locks);

	apply(&locks, req(&owner1, file_a, F_WRLCK, 0, 99));
	apply(&locks, req(&owner1, file_a, F_RDLCK, 40, 59));
	CHECK_LOCKS(&locks, &owner1, file_a, "w:0-39 r:40-59 w:60-99");
	/* Back to a write lock: all one again. */
	apply(&locks, req(&owner1, file_a, F_WRLCK, 40, 59));
	CHECK_LOCKS(&locks, &owner1, file_a, "w:0-99");
	free_all(&locks);
}

HTEST(unlock_cuts_trims_and_removes)
{
	LIST_HEAD(locks);

	apply(&locks, req(&owner1, file_a, F_RDLCK, 0, EOF_END));
	apply(&locks, req(&owner1, file_a, F_UNLCK, 100, 199));
	CHECK_LOCKS(&locks, &owner1, file_a, "r:0-99 r:200-eof");
	apply(&locks, req(&owner1, file_a, F_UNLCK, 50, 250));
	CHECK_LOCKS(&locks, &owner1, file_a, "r:0-49 r:251-eof");
	apply(&locks, req(&owner1, file_a, F_UNLCK, 0, EOF_END));
	CHECK_LOCKS(&locks, &owner1, file_a, "");
	CHECK(list_empty(&locks));
}

HTEST(a_lock_over_several_of_another_type_replaces_them)
{
	LIST_HEAD(locks);

	apply(&locks, req(&owner1, file_a, F_RDLCK, 0, 9));
	apply(&locks, req(&owner1, file_a, F_RDLCK, 20, 29));
	apply(&locks, req(&owner1, file_a, F_RDLCK, 40, 49));
	apply(&locks, req(&owner1, file_a, F_WRLCK, 5, 44));
	CHECK_LOCKS(&locks, &owner1, file_a, "r:0-4 w:5-44 r:45-49");
	free_all(&locks);
}

HTEST(owners_and_files_are_kept_apart)
{
	LIST_HEAD(locks);
	struct file_lock r;

	apply(&locks, req(&owner1, file_a, F_RDLCK, 0, 9));
	apply(&locks, req(&owner2, file_a, F_RDLCK, 5, 14));	/* readers share */
	apply(&locks, req(&owner1, file_b, F_WRLCK, 0, 9));
	CHECK_LOCKS(&locks, &owner1, file_a, "r:0-9");
	CHECK_LOCKS(&locks, &owner2, file_a, "r:5-14");
	CHECK_LOCKS(&locks, &owner1, file_b, "w:0-9");
	r = req(&owner2, file_a, F_WRLCK, 9, 9);
	CHECK(posix_find_conflict(&locks, &r) != NULL);
	CHECK(posix_find_conflict(&locks, &r)->fl_owner == &owner1);
	r = req(&owner2, file_b, F_RDLCK, 10, EOF_END);
	CHECK(posix_find_conflict(&locks, &r) == NULL);	/* just past owner1's write lock */
	r = req(&owner2, file_b, F_RDLCK, 9, 9);
	CHECK(posix_find_conflict(&locks, &r) != NULL);
	r = req(&owner1, file_a, F_WRLCK, 0, EOF_END);	/* owner2's read lock is in the way */
	CHECK(posix_find_conflict(&locks, &r)->fl_owner == &owner2);
	r = req(&owner1, file_a, F_UNLCK, 0, EOF_END);	/* unlocking never conflicts */
	CHECK(posix_find_conflict(&locks, &r) == NULL);
	free_all(&locks);
}

HTEST(touching_locks_of_other_types_do_not_merge)
{
	LIST_HEAD(locks);

	apply(&locks, req(&owner1, file_a, F_RDLCK, 0, 9));
	apply(&locks, req(&owner1, file_a, F_WRLCK, 10, 19));
	CHECK_LOCKS(&locks, &owner1, file_a, "r:0-9 w:10-19");
	apply(&locks, req(&owner1, file_a, F_RDLCK, 20, EOF_END));
	CHECK_LOCKS(&locks, &owner1, file_a, "r:0-9 w:10-19 r:20-eof");
	free_all(&locks);
}

HTEST(flock_and_record_locks_do_not_meet)
{
	LIST_HEAD(locks);
	struct file_lock r = req(&owner1, file_a, F_WRLCK, 0, EOF_END), f;

	apply(&locks, r);
	f = req(&owner2, file_a, F_WRLCK, 0, EOF_END);
	f.fl_flags = FL_FLOCK;
	CHECK(posix_find_conflict(&locks, &f) == NULL);
	apply(&locks, f);
	f.fl_owner = &owner1;	/* same owner pointer, other kind: kept apart */
	f.fl_type = F_UNLCK;
	apply(&locks, f);
	CHECK_LOCKS(&locks, &owner1, file_a, "w:0-eof");
	f = req(&owner1, file_a, F_RDLCK, 0, EOF_END);
	f.fl_flags = FL_FLOCK;
	CHECK(posix_find_conflict(&locks, &f) != NULL);	/* owner2's flock write lock */
	CHECK(posix_find_conflict(&locks, &f)->fl_owner == &owner2);
	free_all(&locks);
}
