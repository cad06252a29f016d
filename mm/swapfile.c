/*
 * Swap areas: swapon(2) and swapoff(2), the table of areas in use, their
 * priorities and /proc/swaps, with Linux's rules and errors
 * (mm/swapfile.c there). An area is a disk (/dev/vdX) whose first page
 * holds the header mkswap wrote (mm/swap_header.c checks it). Regular
 * files are refused with EINVAL, as Linux refuses them on ramfs and
 * tmpfs, which have no blocks to swap to: every file of tkern is on one
 * of those.
 *
 * Each area's slots (mm/swap_slots.c: counts of the page-table entries
 * that refer to each, clusters) and its part of the swap cache (a page
 * per slot, while the slot is in use: mm/swap_state.c says why) are kept
 * here too, and swapoff brings every page back before the area goes
 * (try_to_unuse, with mm/memory.c's unuse_mm).
 *
 * Locking: swap_lock covers the table, the counts and the cache. swapon
 * reads the header from the disk, which sleeps, so it first reserves a
 * free entry under the lock
 * (SWP_USED: a second swapon of the same disk sees it and gets EBUSY),
 * then reads without the lock, then makes the area usable (SWP_WRITEOK).
 *
 * Relies on the block layer (kernel/block/blkdev.h) for the disk and the
 * VFS for opening the path.
 */
#include <mm/swap.h>
#include <mm/swap_slots.h>
#include <mm/vmscan.h>
#include <mm/shmem.h>
#include <mm/vmalloc.h>
#include <mm/mm.h>
#include <mm/gfp.h>
#include <mm/slab.h>
#include <kernel/block/blkdev.h>
#include <kernel/fs/fs.h>
#include <kernel/sched.h>
#include <kernel/spinlock.h>
#include <kernel/printk.h>
#include <kernel/errno.h>
#include <kernel/lib/string.h>
#include <kernel/signal.h>
#include <mm/vma.h>
#include <asm/swap-entry.h>

/* Areas at once; Linux's limit is as small (32 less the entry types it reserves). */
#define MAX_SWAPFILES 32

#define SWP_USED 0x1		/* the entry is taken, maybe not ready */
#define SWP_WRITEOK 0x2		/* the area is swapped on */

struct swap_info_struct {
	unsigned int flags;
	int prio;			/* higher is used first */
	struct file *swap_file;		/* the node it was opened by, held until swapoff */
	struct gendisk *disk;
	unsigned long max;		/* pages in the area, the header's included */
	unsigned long pages;		/* usable slots: max less the header and bad pages */
	struct swap_slots slots;	/* who uses which slot (mm/swap_slots.c) */
	struct page **cache;		/* the swap cache: a page per slot, or NULL */
	bool write_error_reported;
};

static struct swap_info_struct swap_info[MAX_SWAPFILES];
static DEFINE_SPINLOCK(swap_lock);
/*
 * Areas swapped on without a priority get -2, -3, ... in turn (Linux
 * starts below -1, which it keeps for nothing); swapoff of one of them
 * moves those below it up by one.
 */
static int least_priority = -1;
static unsigned long swap_total, swap_free_slots, swap_cached;

unsigned long total_swap_pages(void)
{
	return READ_ONCE(swap_total);
}

unsigned long nr_swap_pages(void)
{
	return READ_ONCE(swap_free_slots);
}

/* The disk a swapon or swapoff names, or -EINVAL: regular files, character devices. */
static struct gendisk *swap_disk(struct file *file)
{
	struct inode *inode = file->f_inode;
	struct gendisk *disk = S_ISBLK(inode->i_mode) ? get_gendisk(inode->i_rdev) : NULL;

	return disk ? disk : ERR_PTR(-EINVAL);
}

/* Take a free entry for disk: -EBUSY when disk is an area already, -EPERM when all are taken. */
static struct swap_info_struct *reserve_swap_info(struct gendisk *disk)
{
	struct swap_info_struct *si = NULL;
	int i;

	spin_lock(&swap_lock);
	for (i = 0; i < MAX_SWAPFILES; i++) {
		if ((swap_info[i].flags & SWP_USED) && swap_info[i].disk == disk) {
			spin_unlock(&swap_lock);
			return ERR_PTR(-EBUSY);
		}
		if (!si && !(swap_info[i].flags & SWP_USED))
			si = &swap_info[i];
	}
	if (si) {
		memset(si, 0, sizeof(*si));
		si->flags = SWP_USED;
		si->disk = disk;
	}
	spin_unlock(&swap_lock);
	return si ? si : ERR_PTR(-EPERM);
}

static void release_swap_info(struct swap_info_struct *si)
{
	spin_lock(&swap_lock);
	si->flags = 0;
	si->disk = NULL;
	spin_unlock(&swap_lock);
}

static void free_swap_maps(struct swap_info_struct *si)
{
	vfree(si->slots.swap_map);
	vfree(si->slots.cluster_info);
	vfree(si->cache);
}

/* The slots of the area, the header's bad pages (in our byte order) marked. */
static int setup_swap_maps(struct swap_info_struct *si, void *header,
			   const struct swap_area_geometry *geo)
{
	u32 *bad = (u32 *)((char *)header + SWAP_HEADER_INFO_OFFSET +
			   sizeof(struct swap_header_info));
	unsigned char *map = vzalloc(swap_slots_map_bytes(geo->maxpages));
	struct swap_cluster_info *ci = vzalloc(swap_slots_cluster_bytes(geo->maxpages));
	u32 i;

	si->cache = vzalloc(geo->maxpages * sizeof(struct page *));
	si->slots.swap_map = map;
	si->slots.cluster_info = ci;
	if (!map || !ci || !si->cache) {
		free_swap_maps(si);
		return -ENOMEM;
	}
	for (i = 0; geo->swapped_bytes && i < geo->nr_badpages; i++)
		bad[i] = __builtin_bswap32(bad[i]);
	swap_slots_init(&si->slots, map, ci, geo->maxpages, bad, geo->nr_badpages);
	si->max = geo->maxpages;
	si->pages = si->slots.pages;
	return 0;
}

/* Read and check the disk's first page, set up the slots: 0, -EINVAL (logged as Linux logs it), -EIO or -ENOMEM. */
static int read_swap_header(struct swap_info_struct *si)
{
	unsigned long dev_pages = si->disk->capacity / PAGE_SECTORS;
	struct page *page = alloc_page(GFP_KERNEL);
	struct swap_area_geometry geo;
	const char *why = "Unable to find swap-space signature";
	int err = -EINVAL;

	if (!page)
		return -ENOMEM;
	if (dev_pages) {
		err = blk_rw_pages(si->disk, REQ_OP_READ, 0, &page, PAGE_SECTORS);
		if (!err)
			err = parse_swap_header(page_address(page), PAGE_SIZE, dev_pages, &geo,
						&why);
	}
	if (!err)
		err = setup_swap_maps(si, page_address(page), &geo);
	__free_page(page);
	if (err == -EINVAL)
		pr_warn("%s\n", why);
	return err;
}

/* The area is ready: give it its priority and count its pages. */
static void enable_swap_info(struct swap_info_struct *si, unsigned long swap_flags)
{
	spin_lock(&swap_lock);
	si->prio = (swap_flags & SWAP_FLAG_PREFER) ? (int)(swap_flags & SWAP_FLAG_PRIO_MASK)
						   : --least_priority;
	si->flags |= SWP_WRITEOK;
	swap_total += si->pages;
	swap_free_slots += si->pages;
	spin_unlock(&swap_lock);
	pr_info("Adding %luk swap on %s.  Priority:%d extents:1 across:%luk\n",
		si->pages * (PAGE_SIZE / 1024), si->swap_file->f_path ? si->swap_file->f_path
		: si->disk->disk_name, si->prio, si->pages * (PAGE_SIZE / 1024));
}

/* Capabilities follow the effective uid in tkern: root has CAP_SYS_ADMIN. */
static bool capable_sys_admin(void)
{
	return current->cred.euid == 0;
}

/* The file a swapon or swapoff path names, opened as Linux opens it. */
static struct file *open_swap_file(u64 specialfile)
{
	struct file *file;
	int err;
	char *path = getname(specialfile, &err);

	if (!path)
		return ERR_PTR(err);
	file = vfs_open_at(AT_FDCWD, path, O_RDWR | O_LARGEFILE, 0);
	kfree(path);
	return file;
}

static long swapon_file(struct file *file, unsigned long swap_flags)
{
	struct gendisk *disk = swap_disk(file);
	struct swap_info_struct *si;
	int err;

	if (IS_ERR(disk))
		return PTR_ERR(disk);
	si = reserve_swap_info(disk);
	if (IS_ERR(si))
		return PTR_ERR(si);
	err = read_swap_header(si);
	if (!err)
		err = kswapd_run();
	if (err) {
		release_swap_info(si);
		return err;
	}
	si->swap_file = file;
	enable_swap_info(si, swap_flags);
	return 0;
}

long sys_swapon(u64 specialfile, u64 swap_flags, u64 a2 __unused, u64 a3 __unused,
		u64 a4 __unused, u64 a5 __unused)
{
	struct file *file;
	long err;

	if (swap_flags & ~(u64)SWAP_FLAGS_VALID)
		return -EINVAL;
	if (!capable_sys_admin())
		return -EPERM;
	file = open_swap_file(specialfile);
	if (IS_ERR(file))
		return PTR_ERR(file);
	err = swapon_file(file, (unsigned long)swap_flags);
	if (err)
		fput(file);
	return err;
}

/*
 * No new slots from the area on disk, and its pages leave the totals
 * (under swap_lock); NULL when disk is no area in use.
 */
static struct swap_info_struct *disable_swap_info(struct gendisk *disk)
{
	struct swap_info_struct *si = NULL;
	int i;

	for (i = 0; i < MAX_SWAPFILES && !si; i++)
		if ((swap_info[i].flags & SWP_WRITEOK) && swap_info[i].disk == disk)
			si = &swap_info[i];
	if (!si)
		return NULL;
	si->flags &= ~SWP_WRITEOK;
	swap_total -= si->pages;
	swap_free_slots -= si->pages - si->slots.inuse;
	return si;
}

/* swapoff failed: the area is back as it was. */
static void reenable_swap_info(struct swap_info_struct *si)
{
	spin_lock(&swap_lock);
	si->flags |= SWP_WRITEOK;
	swap_total += si->pages;
	swap_free_slots += si->pages - si->slots.inuse;
	spin_unlock(&swap_lock);
}

/* Every page is back: the entry is free again. */
static void drop_swap_info(struct swap_info_struct *si)
{
	int i;

	spin_lock(&swap_lock);
	/* Areas that got their priority after this one move up into its place (Linux). */
	if (si->prio < 0) {
		for (i = 0; i < MAX_SWAPFILES; i++)
			if ((swap_info[i].flags & SWP_WRITEOK) && swap_info[i].prio < si->prio)
				swap_info[i].prio++;
		least_priority++;
	}
	si->flags = 0;
	si->disk = NULL;
	spin_unlock(&swap_lock);
	free_swap_maps(si);
}

static int unuse_pid(int pid, unsigned int type)
{
	struct task_struct *task = find_get_task_by_pid(pid);
	struct mm_struct *mm;
	int err = 0;

	if (!task)
		return 0;
	mm = get_task_mm(task);
	put_task_struct(task);
	if (mm) {
		err = unuse_mm(mm, type);
		mmput(mm);
	}
	return err;
}

/* Passes over every process that bring back nothing before swapoff gives up. */
#define UNUSE_IDLE_PASSES 3

/*
 * Bring back every page of area type into the processes and the shmem
 * objects that refer to it (Linux's try_to_unuse): a pass over every
 * process and every object, again while slots are in use (a fork may have
 * copied entries into a process the pass had seen already, reclaim may
 * have sent an object's page out again). 0, -ENOMEM, -EIO, -EINTR for a
 * fatal signal.
 */
static int try_to_unuse(unsigned int type)
{
	struct swap_info_struct *si = &swap_info[type];
	int max = (int)nr_tasks() + 64, n, i, idle = 0, err = 0;
	int *pids = kmalloc(max * sizeof(int), GFP_KERNEL);
	unsigned long before;

	if (!pids)
		return -ENOMEM;
	while (!err && READ_ONCE(si->slots.inuse) && idle < UNUSE_IDLE_PASSES) {
		before = READ_ONCE(si->slots.inuse);
		n = user_pids(pids, max);
		for (i = 0; i < n && !err; i++)
			err = unuse_pid(pids[i], type);
		if (!err)
			err = shmem_unuse(type);
		if (!err && fatal_signal_pending(current))
			err = -EINTR;
		idle = READ_ONCE(si->slots.inuse) < before ? 0 : idle + 1;
		schedule();
	}
	kfree(pids);
	if (!err && si->slots.inuse) {
		pr_err("swapoff: %lu slots still in use\n", si->slots.inuse);
		err = -EBUSY;
	}
	return err;
}

long sys_swapoff(u64 specialfile, u64 a1 __unused, u64 a2 __unused, u64 a3 __unused,
		 u64 a4 __unused, u64 a5 __unused)
{
	struct gendisk *disk;
	struct swap_info_struct *si = NULL;
	struct file *file;
	int err;

	if (!capable_sys_admin())
		return -EPERM;
	file = open_swap_file(specialfile);
	if (IS_ERR(file))
		return PTR_ERR(file);
	disk = swap_disk(file);
	if (!IS_ERR(disk)) {
		spin_lock(&swap_lock);
		si = disable_swap_info(disk);
		spin_unlock(&swap_lock);
	}
	fput(file);
	if (!si)
		return -EINVAL;
	err = try_to_unuse((unsigned int)(si - swap_info));
	if (err) {
		reenable_swap_info(si);
		return err;
	}
	file = si->swap_file;
	drop_swap_info(si);
	fput(file);
	return 0;
}

/* ---- entries */

static struct swap_info_struct *entry_info(swp_entry_t entry)
{
	return &swap_info[arch_pte_swp_type(entry)];
}

swp_entry_t get_swap_page(void)
{
	struct swap_info_struct *si, *best = NULL;
	unsigned long offset = 0;
	int i;

	spin_lock(&swap_lock);
	for (i = 0; i < MAX_SWAPFILES; i++) {
		si = &swap_info[i];
		if ((si->flags & SWP_WRITEOK) && si->slots.inuse < si->slots.pages &&
		    (!best || si->prio > best->prio))
			best = si;
	}
	if (best)
		offset = swap_slots_alloc(&best->slots);
	if (offset)
		swap_free_slots--;
	spin_unlock(&swap_lock);
	return offset ? arch_swp_entry_to_pte((unsigned int)(best - swap_info), offset) : 0;
}

int swap_duplicate(swp_entry_t entry)
{
	struct swap_info_struct *si = entry_info(entry);
	bool ok;

	spin_lock(&swap_lock);
	ok = swap_slots_dup(&si->slots, arch_pte_swp_offset(entry));
	spin_unlock(&swap_lock);
	return ok ? 0 : -ENOMEM;
}

void swap_free(swp_entry_t entry)
{
	struct swap_info_struct *si = entry_info(entry);
	unsigned long offset = arch_pte_swp_offset(entry);
	struct page *page = NULL;

	spin_lock(&swap_lock);
	if (!swap_slots_put(&si->slots, offset)) {
		page = si->cache[offset];
		si->cache[offset] = NULL;
		swap_cached -= page != NULL;
		if (page)
			ClearPageFlagAtomic(page, PG_swapcache);
		if (si->flags & SWP_WRITEOK)
			swap_free_slots++;
	}
	spin_unlock(&swap_lock);
	if (page)
		put_page(page);
}

unsigned long swap_cache_pages(void)
{
	return READ_ONCE(swap_cached);
}

struct page *lookup_swap_cache(swp_entry_t entry)
{
	struct swap_info_struct *si = entry_info(entry);
	struct page *page;

	spin_lock(&swap_lock);
	page = si->cache[arch_pte_swp_offset(entry)];
	if (page)
		get_page(page);
	spin_unlock(&swap_lock);
	return page;
}

struct page *add_to_swap_cache(swp_entry_t entry, struct page *page)
{
	struct swap_info_struct *si = entry_info(entry);
	unsigned long offset = arch_pte_swp_offset(entry);
	unsigned char count;
	struct page *kept;

	spin_lock(&swap_lock);
	kept = si->cache[offset];
	count = si->slots.swap_map[offset];
	if (!kept && count && count != SWAP_MAP_BAD) {
		si->cache[offset] = kept = page;
		get_page(page);		/* the cache's own */
		page->private = entry;
		SetPageFlagAtomic(page, PG_swapcache);
		swap_cached++;
	}
	if (kept)
		get_page(kept);		/* the caller's */
	spin_unlock(&swap_lock);
	return kept;
}

/*
 * Reclaim: a slot for page (isolated, in no cache), and the page in the
 * cache there, to be written (PG_dirty). The slot's count of one is the
 * caller's, given back with swap_free when it is done. 0: no free slot.
 */
swp_entry_t add_to_swap(struct page *page)
{
	swp_entry_t entry = get_swap_page();
	struct swap_info_struct *si;

	if (!entry)
		return 0;
	si = entry_info(entry);
	spin_lock(&swap_lock);
	si->cache[arch_pte_swp_offset(entry)] = page;
	get_page(page);
	page->private = entry;
	SetPageFlagAtomic(page, PG_swapcache);
	SetPageFlagAtomic(page, PG_dirty);
	swap_cached++;
	spin_unlock(&swap_lock);
	return entry;
}

/*
 * Reclaim, after the write: the page leaves the cache if nobody but the
 * cache and the caller holds it (Linux's __remove_mapping). Under
 * swap_lock no fault can find it meanwhile, and with no mapping left
 * nothing else can take a reference. true: the caller's is the last.
 */
bool remove_mapping(swp_entry_t entry, struct page *page)
{
	struct swap_info_struct *si = entry_info(entry);
	unsigned long offset = arch_pte_swp_offset(entry);
	bool removed;

	spin_lock(&swap_lock);
	removed = si->cache[offset] == page &&
		  __atomic_load_n(&page->_refcount, __ATOMIC_RELAXED) == 2;
	if (removed) {
		si->cache[offset] = NULL;
		swap_cached--;
		ClearPageFlagAtomic(page, PG_swapcache);
		__atomic_sub_fetch(&page->_refcount, 1, __ATOMIC_RELAXED);
	}
	spin_unlock(&swap_lock);
	return removed;
}

unsigned int swap_readahead_run(swp_entry_t entry, unsigned int window, swp_entry_t *first)
{
	struct swap_info_struct *si = entry_info(entry);
	unsigned long offset = arch_pte_swp_offset(entry), start, end;
	unsigned long lo = ALIGN_DOWN(offset, window), hi = MIN(lo + window, si->max);
	unsigned char count;

	spin_lock(&swap_lock);
	for (start = offset; start > lo; start--) {
		count = si->slots.swap_map[start - 1];
		if (!count || count == SWAP_MAP_BAD || si->cache[start - 1])
			break;
	}
	for (end = offset + 1; end < hi; end++) {
		count = si->slots.swap_map[end];
		if (!count || count == SWAP_MAP_BAD || si->cache[end])
			break;
	}
	spin_unlock(&swap_lock);
	*first = arch_swp_entry_to_pte(arch_pte_swp_type(entry), start);
	return (unsigned int)(end - start);
}

bool swap_page_exclusive(swp_entry_t entry, struct page *page)
{
	struct swap_info_struct *si = entry_info(entry);
	unsigned long offset = arch_pte_swp_offset(entry);
	bool exclusive;

	spin_lock(&swap_lock);
	exclusive = si->slots.swap_map[offset] == 1 && si->cache[offset] == page &&
		    __atomic_load_n(&page->_refcount, __ATOMIC_RELAXED) == 2;
	spin_unlock(&swap_lock);
	return exclusive;
}

struct gendisk *swap_entry_disk(swp_entry_t entry, u64 *sector)
{
	*sector = (u64)arch_pte_swp_offset(entry) * PAGE_SECTORS;
	return entry_info(entry)->disk;
}

bool swap_first_write_error(swp_entry_t entry)
{
	struct swap_info_struct *si = entry_info(entry);
	bool first;

	spin_lock(&swap_lock);
	first = !si->write_error_reported;
	si->write_error_reported = true;
	spin_unlock(&swap_lock);
	return first;
}

/* Linux pads the name to 40 columns, and keeps columns with a tab after short numbers. */
static void show_swap_area(struct seq_buf *m, const struct swap_info_struct *si)
{
	const char *name = si->swap_file->f_path ? si->swap_file->f_path : si->disk->disk_name;
	unsigned long size = si->pages * (PAGE_SIZE / 1024);
	unsigned long used = si->slots.inuse * (PAGE_SIZE / 1024);
	int len = (int)strlen(name);

	seq_buf_printf(m, "%s%*s%s\t%lu\t%s%lu\t%s%d\n", name, len < 40 ? 40 - len : 1, " ",
		       "partition", size, size < 10000000 ? "\t" : "", used,
		       used < 10000000 ? "\t" : "", si->prio);
}

void swaps_show(struct seq_buf *m)
{
	int i;

	seq_buf_printf(m, "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
	spin_lock(&swap_lock);
	for (i = 0; i < MAX_SWAPFILES; i++)
		if (swap_info[i].flags & SWP_WRITEOK)
			show_swap_area(m, &swap_info[i]);
	spin_unlock(&swap_lock);
}
