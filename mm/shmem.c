/*
 * Shared memory objects, Linux's shmem: what shared anonymous memory
 * (MAP_SHARED|MAP_ANONYMOUS, MAP_SHARED of /dev/zero) and System V
 * segments (kernel/ipc/shm.c) map, and the way their pages go to swap.
 *
 * An object is a ramfs regular file with no name, in an instance of its
 * own (shm_sb, Linux's internal shm mount) so that its pages can be told
 * apart and counted (Shmem in /proc/meminfo). Its size is fixed when it
 * is made. A page is found by its offset in the file, so every mapping of
 * the object, in any process, before or after a fork, maps the same page
 * at the same offset: whoever touches it first makes it, everyone sees
 * it. A page past the end raises SIGBUS, as on Linux.
 *
 * Swap (docs/shmem.md): an object's pages are the only copy of its
 * contents, so reclaim cannot drop them, but it can write them to swap.
 * Each page is on the LRU lists with page->mapping = the inode and
 * page->index = its offset (mm/rmap.c finds its mappings through the
 * inode's i_mmap list). shmem_pageout unmaps it everywhere, puts the swap
 * entry in its slot of the page array (ramfs_slot_is_swap) and writes it;
 * the next fault at that offset reads it back (shmem_swapin) and puts the
 * page in the slot again. Until the write is done and the page freed it
 * stays in the swap cache, where a fault finds it without reading.
 *
 * References: each VMA mapping the object holds its file (mm/filemap.c's
 * link hooks), a System V segment holds it too while it exists; the last
 * fput lets go of its swap entries here and frees the inode, and with it
 * the pages the object still holds (mappings hold their own page
 * references until they are unmapped). The object's pages are charged to
 * the commit when it is made, once however many mappings it gets, and
 * uncharged by its release.
 *
 * Locking: vfs_lock guards an object's page array, each page's mapping
 * and index while it belongs to an object, and the object's fields;
 * shmem_swaplist_sem keeps the list of objects, and an object on it,
 * while swapoff reads pages back (it sleeps).
 *
 * Relies on ramfs (kernel/fs/ramfs.h), the VFS's files, mm/swapfile.c,
 * mm/swap_state.c and mm/page_io.c for slots and their contents,
 * mm/rmap.c and mm/lru.c for reclaim, and mm/overcommit.c.
 */
#include <mm/shmem.h>
#include <mm/filemap.h>
#include <mm/overcommit.h>
#include <mm/slab.h>
#include <mm/swap.h>
#include <mm/rmap.h>
#include <mm/lru.h>
#include <mm/mm.h>
#include <kernel/fs/mount.h>
#include <kernel/rwsem.h>
#include <kernel/sched.h>
#include <kernel/errno.h>
#include <kernel/lib/string.h>
#include <asm/swap-entry.h>

#define SHMEM_DEV 1	/* st_dev 00:01, which Linux's internal shm mount has */

static struct super_block shm_sb = {
	.s_magic = TMPFS_MAGIC, .s_dev = SHMEM_DEV, .s_type = "tmpfs",
};

/* A new regular file of size bytes in shm_sb, held once; NULL when memory runs out. */
static struct inode *shmem_new_inode(loff_t size)
{
	struct inode *inode = NULL;

	spin_lock(&vfs_lock);
	if (!shm_sb.s_root)
		ramfs_new_root(S_ISVTX | S_IRWXUGO, &shm_sb);
	if (shm_sb.s_root && !ramfs_tmpfile(shm_sb.s_root, S_IRWXUGO, false, &inode)) {
		ramfs_iget(inode);
		inode->i_size = size;
	}
	spin_unlock(&vfs_lock);
	return inode;
}

/*
 * What shmem keeps beside the inode (Linux's shmem_inode_info), in the
 * inode's i_private and the file's private_data.
 */
struct shmem_object {
	struct list_head swaplist;	/* on shmem_swaplist, for swapoff */
	struct inode *inode;
	unsigned long charge;		/* pages charged to the commit, given back at release */
	unsigned long swapped;		/* slots holding swap entries */
	bool locked;			/* SHM_LOCK: its pages stay in memory */
};

static LIST_HEAD(shmem_swaplist);
static struct rw_semaphore shmem_swaplist_sem = {
	.wait_lock = SPINLOCK_INIT(shmem_swaplist_sem.wait_lock),
	.wait_list = LIST_HEAD_INIT(shmem_swaplist_sem.wait_list),
	.dep_map = { .name = "shmem_swaplist_sem" },
};

static struct page *swap_slot(swp_entry_t entry)
{
	return (struct page *)(entry | 1);
}

static swp_entry_t slot_swap_entry(const struct page *slot)
{
	return (unsigned long)slot & ~1UL;
}

/* The slot at index, NULL past the array; vfs_lock held. */
static struct page *slot_at(struct inode *inode, unsigned long index)
{
	return index < inode->nr_slots ? inode->pages[index] : NULL;
}

static char *copy_name(const char *name)
{
	size_t len = strlen(name) + 1;
	char *copy = kmalloc(len, GFP_KERNEL);

	if (copy)
		memcpy(copy, name, len);
	return copy;
}

/*
 * Put page back in the slot at index of inode, which held entry, unless
 * someone else did first or the object is being released: true when it
 * went in. The slot's reference to entry then goes, and with the last one
 * the swap cache lets go of the page. vfs_lock not held.
 */
static bool shmem_unswap_slot(struct inode *inode, unsigned long index, struct page *page,
			      swp_entry_t entry)
{
	struct shmem_object *obj;
	bool back;

	spin_lock(&vfs_lock);
	obj = inode->i_private;
	back = obj && slot_at(inode, index) == swap_slot(entry);
	if (back) {
		inode->pages[index] = page;
		get_page(page);		/* the object's */
		/* Read back as a private page would be (mm/swap_state.c): it is the object's. */
		ClearPageFlagAtomic(page, PG_anon);
		page->index = index;
		WRITE_ONCE(page->mapping, inode);
		inode->i_sb->s_nr_pages++;
		obj->swapped--;
	}
	spin_unlock(&vfs_lock);
	if (back)
		swap_free(entry);
	return back;
}

/*
 * The page for the slot at index of inode, which held entry, read back
 * (or found in the swap cache) and put in the slot again. Returns it with
 * a reference for the caller, or NULL with *err: -EAGAIN when the slot
 * changed meanwhile (the caller looks again), -ENOMEM or -EIO.
 */
static struct page *shmem_swapin(struct inode *inode, unsigned long index, swp_entry_t entry,
				 bool *major, int *err)
{
	struct page *page = swapin_readahead(entry, major, err);

	if (!page)
		return NULL;
	if (!shmem_unswap_slot(inode, index, page, entry)) {
		put_page(page);
		*err = -EAGAIN;
		return NULL;
	}
	*err = 0;
	return page;
}

/*
 * Room for index in the object's slot array. ramfs grows the array with
 * krealloc under vfs_lock, where an allocation may not reclaim: under
 * pressure a large object's array would fail to grow, and the fault with
 * it. So shmem grows it here first, with the lock dropped, to twice its
 * length (at most the object's size). 0 or -ENOMEM.
 */
static int shmem_reserve_slots(struct inode *inode, unsigned long index)
{
	unsigned long nr, want;
	struct page **grown, **old = NULL;

	spin_lock(&vfs_lock);
	nr = inode->nr_slots;
	want = MAX(MAX(nr * 2, 16UL), index + 1);
	want = MIN(want, MAX(DIV_ROUND_UP((unsigned long)inode->i_size, PAGE_SIZE), index + 1));
	spin_unlock(&vfs_lock);
	if (index < nr)
		return 0;
	grown = kmalloc(want * sizeof(*grown), GFP_KERNEL);
	if (!grown)
		return -ENOMEM;
	spin_lock(&vfs_lock);
	if (inode->nr_slots < want) {
		memcpy(grown, inode->pages, inode->nr_slots * sizeof(*grown));
		memset(grown + inode->nr_slots, 0, (want - inode->nr_slots) * sizeof(*grown));
		old = inode->pages;
		inode->pages = grown;
		inode->nr_slots = want;
		grown = NULL;
	}
	spin_unlock(&vfs_lock);
	kfree(grown);
	kfree(old);
	return 0;
}

/*
 * A hole at index filled with fresh (zeroed, the caller's reference), on
 * the LRU as the object's page. vfs_lock held. false when the slot array
 * cannot grow.
 */
static bool shmem_add_page(struct inode *inode, unsigned long index, struct page *fresh)
{
	if (ramfs_adopt_pages(inode, index, fresh, 1))
		return false;
	fresh->index = index;
	fresh->mapping = inode;
	lru_cache_add(fresh);
	return true;
}

/*
 * The object's page at index for a mapping, with a reference that becomes
 * the mapping's: the page there, a new one for a hole, or the page read
 * back from swap (*major). A new page is allocated before vfs_lock is
 * taken, so that the allocation may reclaim (under a spinlock it could
 * not, and an object bigger than memory would end in an OOM kill). NULL
 * with *err: VM_FAULT_SIGBUS past the end (or past what a ramfs file can
 * hold: an OOM kill could never help), -ENOMEM, or VM_FAULT_SIGBUS for a
 * slot that cannot be read (Linux's answer to a swap-in error in shmem).
 */
static struct page *shmem_get_page(struct inode *inode, unsigned long index, bool *major,
				   int *err)
{
	struct page *slot, *page = NULL, *fresh = NULL;

	for (*err = -EAGAIN; *err == -EAGAIN;) {
		spin_lock(&vfs_lock);
		slot = slot_at(inode, index);
		if (index >= DIV_ROUND_UP((unsigned long)inode->i_size, PAGE_SIZE) ||
		    index >= RAMFS_MAX_FILE_SIZE / PAGE_SIZE) {
			*err = VM_FAULT_SIGBUS;
		} else if (slot && !ramfs_slot_is_swap(slot)) {
			page = slot;
			*err = 0;
		} else if (!slot && fresh) {
			*err = shmem_add_page(inode, index, fresh) ? 0 : -ENOMEM;
			if (!*err) {
				page = fresh;	/* the object's now */
				fresh = NULL;
			}
		}
		if (page)
			get_page(page);
		spin_unlock(&vfs_lock);
		if (!slot && !page && *err == -EAGAIN) {
			fresh = alloc_page(GFP_KERNEL | __GFP_ZERO);
			*err = fresh && !shmem_reserve_slots(inode, index) ? -EAGAIN : -ENOMEM;
		} else if (ramfs_slot_is_swap(slot) && *err == -EAGAIN) {
			page = shmem_swapin(inode, index, slot_swap_entry(slot), major, err);
		}
	}
	if (fresh)
		put_page(fresh);
	if (*err == -EIO)
		*err = VM_FAULT_SIGBUS;
	return page;
}

int shmem_fault(struct vm_fault *vmf)
{
	int err = 0;

	vmf->page = shmem_get_page(vmf->vma->vm_file->f_inode, vmf->pgoff, &vmf->major, &err);
	return vmf->page ? 0 : err;
}

static const struct vm_operations_struct shmem_vm_ops = {
	.fault = shmem_fault,
};

/* mremap moving a mapping makes a new VMA of the object: it faults the same way. */
static int shmem_mmap(struct file *file __unused, struct vm_area_struct *vma)
{
	vma->vm_ops = &shmem_vm_ops;
	return 0;
}

/*
 * The last reference to the object's file: nothing maps it any more and
 * nothing can fault on it. Its swap entries go now; its pages stop being
 * the object's (reclaim leaves them alone) and go with the inode, which
 * fput frees next.
 */
static void shmem_release(struct file *file)
{
	struct shmem_object *obj = file->private_data;
	struct inode *inode = obj->inode;
	struct page *slot;

	down_write(&shmem_swaplist_sem);
	list_del(&obj->swaplist);
	up_write(&shmem_swaplist_sem);
	spin_lock(&vfs_lock);
	inode->i_private = NULL;
	for (unsigned long i = 0; i < inode->nr_slots; i++) {
		slot = inode->pages[i];
		if (ramfs_slot_is_swap(slot)) {
			swap_free(slot_swap_entry(slot));
			inode->pages[i] = NULL;
		} else if (slot) {
			WRITE_ONCE(slot->mapping, NULL);
		}
	}
	spin_unlock(&vfs_lock);
	vm_unacct_memory((long)obj->charge);
	kfree(obj);
}

static const struct file_operations shmem_file_operations = {
	.mmap = shmem_mmap,
	.release = shmem_release,
};

struct file *shmem_file_setup(const char *name, loff_t size, unsigned long vm_flags)
{
	unsigned long pages = vm_flags & VM_NORESERVE ? 0 : DIV_ROUND_UP(size, PAGE_SIZE);
	struct shmem_object *obj;
	struct inode *inode;
	struct file *file = NULL;
	char *path;

	if (pages && vm_enough_memory_mm(current->mm, pages))
		return ERR_PTR(-ENOMEM);
	obj = kzalloc(sizeof(*obj), GFP_KERNEL);
	inode = shmem_new_inode(size);
	path = copy_name(name);
	if (obj && inode && path)
		file = alloc_file(inode, O_RDWR, &shmem_file_operations);
	if (!file) {
		kfree(path);
		kfree(obj);
		if (inode)
			vfs_iput(inode);
		vm_unacct_memory((long)pages);
		return ERR_PTR(-ENOMEM);
	}
	file->f_path = path;
	obj->inode = inode;
	obj->charge = pages;
	file->private_data = obj;
	spin_lock(&vfs_lock);
	inode->i_private = obj;
	spin_unlock(&vfs_lock);
	down_write(&shmem_swaplist_sem);
	list_add_tail(&obj->swaplist, &shmem_swaplist);
	up_write(&shmem_swaplist_sem);
	return file;
}

int shmem_zero_setup(struct vm_area_struct *vma)
{
	struct file *file = shmem_file_setup("/dev/zero (deleted)", vma->vm_end - vma->vm_start,
					     vma->vm_flags);

	if (IS_ERR(file))
		return (int)PTR_ERR(file);
	if (vma->vm_file)
		filemap_unlink_vma(vma);
	vma->vm_file = file;
	filemap_link_vma(vma);
	fput(file);	/* the VMA's reference is the one left */
	vma->vm_ops = &shmem_vm_ops;
	return 0;
}

bool vma_is_shmem(const struct vm_area_struct *vma)
{
	return vma->vm_file && vma->vm_file->f_inode && vma->vm_file->f_inode->i_sb == &shm_sb;
}

unsigned long shmem_nr_pages(void)
{
	return READ_ONCE(shm_sb.s_nr_pages);
}

struct inode *shmem_page_inode_get(struct page *page)
{
	struct inode *inode;

	spin_lock(&vfs_lock);
	inode = page->mapping;
	if (mapping_is_anon(inode) || (inode && !inode->i_private))
		inode = NULL;
	if (inode)
		ramfs_iget(inode);
	spin_unlock(&vfs_lock);
	return inode;
}

/*
 * The slot of page (unmapped, isolated, in the swap cache at entry) takes
 * entry instead, unless the object is locked or gone or someone took a
 * reference meanwhile (a fault about to map it, a pin): the object, the
 * swap cache and the caller hold the only three. From now on a fault
 * finds the entry, and the page in the swap cache until it is freed.
 */
static bool shmem_swap_out_slot(struct inode *inode, struct page *page, swp_entry_t entry)
{
	struct shmem_object *obj;
	bool out;

	spin_lock(&vfs_lock);
	obj = inode->i_private;
	out = obj && !obj->locked && page->mapping == inode &&
	      slot_at(inode, page->index) == page &&
	      __atomic_load_n(&page->_refcount, __ATOMIC_RELAXED) == 3 && !swap_duplicate(entry);
	if (out) {
		inode->pages[page->index] = swap_slot(entry);
		WRITE_ONCE(page->mapping, NULL);
		inode->i_sb->s_nr_pages--;
		obj->swapped++;
	}
	spin_unlock(&vfs_lock);
	if (out)
		put_page(page);		/* the object's: the cache's and the caller's are left */
	return out;
}

bool shmem_pageout(struct page *page)
{
	struct inode *inode;
	unsigned long index;
	swp_entry_t entry;
	bool freed = false;

	/* Just read back and not out of the swap cache yet: the next pass will do. */
	if (PageFlag(page, PG_swapcache))
		return false;
	inode = shmem_page_inode_get(page);
	if (!inode)
		return false;
	index = page->index;
	entry = add_to_swap(page);
	if (entry && try_to_unmap_file(page) && shmem_swap_out_slot(inode, page, entry)) {
		/* A failed write: the page goes back, unless a fault has put it back already. */
		if (swap_write_page(entry, page)) {
			shmem_unswap_slot(inode, index, page, entry);
		} else {
			ClearPageFlagAtomic(page, PG_dirty);
			freed = remove_mapping(entry, page);
		}
	}
	if (entry)
		swap_free(entry);
	vfs_iput(inode);
	return freed;
}

/* swapoff: every slot of obj that holds an entry of area type read back. */
static int shmem_unuse_object(struct shmem_object *obj, unsigned int type)
{
	struct inode *inode = obj->inode;
	struct page *slot, *page;
	unsigned long index;
	bool major;
	int err = 0;

	for (index = 0; !err; index++) {
		spin_lock(&vfs_lock);
		if (!obj->swapped || index >= inode->nr_slots) {
			spin_unlock(&vfs_lock);
			break;
		}
		slot = inode->pages[index];
		spin_unlock(&vfs_lock);
		if (!ramfs_slot_is_swap(slot) || arch_pte_swp_type(slot_swap_entry(slot)) != type)
			continue;
		page = shmem_swapin(inode, index, slot_swap_entry(slot), &major, &err);
		if (page)
			put_page(page);
		if (err == -EAGAIN)
			err = 0;	/* the slot changed meanwhile: someone else read it */
	}
	return err;
}

int shmem_unuse(unsigned int type)
{
	struct shmem_object *obj;
	int err = 0;

	down_write(&shmem_swaplist_sem);
	list_for_each_entry(obj, &shmem_swaplist, swaplist) {
		err = shmem_unuse_object(obj, type);
		if (err)
			break;
	}
	up_write(&shmem_swaplist_sem);
	return err;
}

void shmem_lock(struct file *file, bool lock)
{
	struct shmem_object *obj = file->private_data;

	spin_lock(&vfs_lock);
	obj->locked = lock;
	spin_unlock(&vfs_lock);
}

void shmem_count_pages(struct file *file, unsigned long *resident, unsigned long *swapped)
{
	struct shmem_object *obj = file->private_data;
	struct inode *inode = obj->inode;

	spin_lock(&vfs_lock);
	*swapped = obj->swapped;
	*resident = ramfs_nr_pages(inode) - obj->swapped;	/* its slots hold pages or entries */
	spin_unlock(&vfs_lock);
}
