/*
 * Byte-range lock arithmetic (kernel/fs/locks.h): conflicts between
 * owners, and how a new lock changes its owner's existing ones, as
 * Linux's posix_lock_inode does it. Pure list work over caller-provided
 * memory, so it runs unchanged in the host tests (tests/host/test_locks.c).
 */
#include <kernel/fs/locks.h>

#define OFFSET_MAX 0x7fffffffffffffffLL

static bool overlaps(const struct file_lock *a, const struct file_lock *b)
{
	return a->fl_start <= b->fl_end && b->fl_start <= a->fl_end;
}

/* Overlapping, or one starting right after the other ends. */
static bool touches(const struct file_lock *a, const struct file_lock *b)
{
	return overlaps(a, b) || (a->fl_end != OFFSET_MAX && a->fl_end + 1 == b->fl_start) ||
	       (b->fl_end != OFFSET_MAX && b->fl_end + 1 == a->fl_start);
}

/* Locks of one kind: flock's, or the record locks (POSIX and OFD alike). */
static bool same_kind(const struct file_lock *a, const struct file_lock *b)
{
	return (a->fl_flags == FL_FLOCK) == (b->fl_flags == FL_FLOCK);
}

struct file_lock *posix_find_conflict(struct list_head *locks, const struct file_lock *req)
{
	struct file_lock *fl;

	if (req->fl_type == F_UNLCK)
		return NULL;
	list_for_each_entry(fl, locks, fl_list) {
		if (fl->fl_inode != req->fl_inode || fl->fl_owner == req->fl_owner ||
		    !same_kind(fl, req))
			continue;
		if (overlaps(fl, req) && (fl->fl_type == F_WRLCK || req->fl_type == F_WRLCK))
			return fl;
	}
	return NULL;
}

static struct file_lock *take_spare(struct file_lock *spare[2])
{
	struct file_lock *fl = spare[0] ? spare[0] : spare[1];

	if (fl == spare[0])
		spare[0] = NULL;
	else
		spare[1] = NULL;
	return fl;
}

/* Keep what of fl lies outside req; a lock around req becomes two. */
static void cut_around(struct file_lock *fl, const struct file_lock *req,
		       struct file_lock *spare[2], struct list_head *freed)
{
	struct file_lock *right;

	if (fl->fl_start < req->fl_start && fl->fl_end > req->fl_end) {
		right = take_spare(spare);
		*right = *fl;
		right->fl_start = req->fl_end + 1;
		list_add(&right->fl_list, &fl->fl_list);
		fl->fl_end = req->fl_start - 1;
	} else if (fl->fl_start < req->fl_start) {
		fl->fl_end = req->fl_start - 1;
	} else if (fl->fl_end > req->fl_end) {
		fl->fl_start = req->fl_end + 1;
	} else {
		list_move(&fl->fl_list, freed);
	}
}

void posix_lock_apply(struct list_head *locks, const struct file_lock *req,
		      struct file_lock *spare[2], struct list_head *freed)
{
	loff_t start = req->fl_start, end = req->fl_end;
	struct file_lock *fl, *tmp, *new;

	list_for_each_entry_safe(fl, tmp, locks, fl_list) {
		if (fl->fl_inode != req->fl_inode || fl->fl_owner != req->fl_owner ||
		    fl->fl_flags != req->fl_flags)
			continue;
		if (req->fl_type != F_UNLCK && fl->fl_type == req->fl_type && touches(fl, req)) {
			start = fl->fl_start < start ? fl->fl_start : start;
			end = fl->fl_end > end ? fl->fl_end : end;
			list_move(&fl->fl_list, freed);
		} else if (overlaps(fl, req)) {
			cut_around(fl, req, spare, freed);
		}
	}
	if (req->fl_type == F_UNLCK)
		return;
	new = take_spare(spare);
	*new = *req;
	new->fl_start = start;
	new->fl_end = end;
	list_add_tail(&new->fl_list, locks);
}
