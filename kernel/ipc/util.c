/*
 * System V IPC identifiers: the table of kernel/ipc/util.h. Linux keeps
 * an IDR (a radix tree) and a hash of keys; a growing array searched
 * from the start is the same to user space, and the few objects a
 * machine like this has make the linear key search cheap.
 *
 * The numbering is Linux's (ipc_idr_alloc without checkpoint/restore):
 * indexes are handed out cyclically (next_slot), and the sequence number
 * moves on whenever an index at or below the last one given is used, so
 * identifiers come out as 0, 1, 2, ... and, after a wrap, 32768 + index.
 *
 * Relies on krealloc only: tests/host/test_ipc.c runs it on the host.
 */
#include <kernel/ipc/util.h>
#include <kernel/errno.h>
#include <kernel/lib/string.h>
#include <mm/slab.h>

void ipc_init_ids(struct ipc_ids *ids)
{
	memset(ids, 0, sizeof(*ids));
	ids->last_idx = -1;
	ids->max_idx = -1;
}

/* Whether slot idx is free, beyond the array's end included. */
static bool slot_free(const struct ipc_ids *ids, int idx)
{
	return idx >= ids->nr_slots || !ids->entries[idx];
}

/* The first free slot in [from, end), or -ENOSPC. */
static int find_free(const struct ipc_ids *ids, int from, int end)
{
	int idx;

	for (idx = from; idx < end; idx++)
		if (slot_free(ids, idx))
			return idx;
	return -ENOSPC;
}

/* Room in the array for slot idx: 0 or -ENOMEM. */
static int reserve_slot(struct ipc_ids *ids, int idx)
{
	struct kern_ipc_perm **grown;
	int want = ids->nr_slots ? ids->nr_slots : IPC_MIN_CYCLE;

	if (idx < ids->nr_slots)
		return 0;
	while (want <= idx)
		want *= 2;
	grown = krealloc(ids->entries, (size_t)want * sizeof(*grown), GFP_KERNEL);
	if (!grown)
		return -ENOMEM;
	memset(grown + ids->nr_slots, 0, (size_t)(want - ids->nr_slots) * sizeof(*grown));
	ids->entries = grown;
	ids->nr_slots = want;
	return 0;
}

/*
 * Linux's cyclic choice (idr_alloc_cyclic): the first free slot after the
 * last one given, wrapping to 0, within a window of max(in_use * 3 / 2,
 * 64) slots, so a removed object's index is not given again at once.
 */
static int next_slot(struct ipc_ids *ids)
{
	int end = MIN(MAX(ids->in_use * 3 / 2, IPC_MIN_CYCLE), IPCMNI);
	int idx = find_free(ids, ids->next_idx, end);

	if (idx < 0 && ids->next_idx > 0)
		idx = find_free(ids, 0, end);
	if (idx < 0)
		return idx;
	return reserve_slot(ids, idx) ?: idx;
}

int ipc_addid(struct ipc_ids *ids, struct kern_ipc_perm *new, int limit)
{
	int idx;

	if (ids->in_use >= limit)
		return -ENOSPC;
	idx = next_slot(ids);
	if (idx < 0)
		return idx;
	ids->next_idx = idx + 1;
	if (idx <= ids->last_idx && ++ids->seq > IPCID_SEQ_MAX)
		ids->seq = 0;
	ids->last_idx = idx;
	new->seq = ids->seq;
	new->id = (int)(ids->seq << IPCMNI_SHIFT) + idx;
	ids->entries[idx] = new;
	ids->in_use++;
	if (idx > ids->max_idx)
		ids->max_idx = idx;
	return idx;
}

void ipc_rmid(struct ipc_ids *ids, struct kern_ipc_perm *perm)
{
	int idx = perm->id & (IPCMNI - 1);

	ids->entries[idx] = NULL;
	ids->in_use--;
	while (ids->max_idx >= 0 && !ids->entries[ids->max_idx])
		ids->max_idx--;
}

struct kern_ipc_perm *ipc_obtain_object_idr(struct ipc_ids *ids, int id)
{
	int idx = id & (IPCMNI - 1);

	return idx < ids->nr_slots ? ids->entries[idx] : NULL;
}

struct kern_ipc_perm *ipc_obtain_object_check(struct ipc_ids *ids, int id)
{
	struct kern_ipc_perm *perm = ipc_obtain_object_idr(ids, id);

	if (!perm || (unsigned int)id >> IPCMNI_SHIFT != perm->seq)
		return NULL;
	return perm;
}

struct kern_ipc_perm *ipc_findkey(struct ipc_ids *ids, int key)
{
	int idx;

	for (idx = 0; idx <= ids->max_idx; idx++)
		if (ids->entries[idx] && ids->entries[idx]->key == key)
			return ids->entries[idx];
	return NULL;
}
