/*
 * /proc/<pid>/pagemap, smaps and smaps_rollup: what a process's page
 * tables hold, page by page, in Linux's formats (pagemap's 64-bit entries,
 * smaps's kB fields with Pss in 1/4096 kB fixed point).
 *
 * tkern keeps no mapcount: a user page's _refcount counts its mappings,
 * plus one for the file when it is a file's own page (ramfs holds it), a
 * shared memory object's (mm/shmem.c: also ramfs) or a driver's (vmalloc
 * holds it). That is what the walk calls the mapcount.
 * Every ramfs page and every anonymous page is dirty, as Linux's tmpfs and
 * anonymous pages are (nothing behind them to write back); only a
 * driver's page is clean until written through the mapping.
 *
 * The target's VMAs are read under its mmap_lock, which also keeps its
 * page tables (they are freed only with it held for writing); pagemap
 * reads each entry under page_table_lock, smaps walks the tables with
 * walk_page_range. User memory is written only with neither lock held.
 * Relies on mm/pgtable.c (translate_va), mm/filemap.c and mm/mmap.c's
 * maps lines.
 */
#include <kernel/fs/procfs.h>
#include <kernel/fs/fs.h>
#include <kernel/sched.h>
#include <kernel/cred.h>
#include <kernel/uaccess.h>
#include <kernel/errno.h>
#include <mm/mm.h>
#include <mm/vma.h>
#include <mm/mmap_lock.h>
#include <mm/filemap.h>
#include <mm/shmem.h>
#include <mm/slab.h>
#include <asm/memory.h>

/* ------------------------------------------------------- one user page */

enum page_kind { PAGE_ANON, PAGE_SHMEM, PAGE_FILE };

struct user_page {
	unsigned long pfn;
	int mapcount;
	enum page_kind kind;
	bool dirty;
};

/* What the entry (pa, prot) at va of vma maps: false if it is not a page of RAM. */
static bool classify_user_page(struct vm_area_struct *vma, unsigned long va, phys_addr_t pa,
			       pgprot_t prot, struct user_page *up)
{
	struct page *page;
	int count;

	if (!pfn_valid(pa >> PAGE_SHIFT))
		return false;
	page = pfn_to_page(pa >> PAGE_SHIFT);
	count = __atomic_load_n(&page->_refcount, __ATOMIC_RELAXED);
	up->pfn = pa >> PAGE_SHIFT;
	up->dirty = true;
	if (vma_is_shmem(vma)) {
		up->kind = PAGE_SHMEM;
		count--;	/* the object's own reference */
	} else if (!vma->vm_file) {
		up->kind = PAGE_ANON;
	} else if (vma->vm_ops || filemap_is_file_page(vma, va, page)) {
		up->kind = PAGE_FILE;
		up->dirty = !vma->vm_ops || !(prot & PTE_RDONLY);
		count--;	/* the file's or the driver's own reference */
	} else {
		up->kind = PAGE_ANON;	/* a private copy of a file page */
	}
	up->mapcount = count;
	return true;
}

/* The page mapped at va of vma, if any. */
static bool lookup_user_page(struct vm_area_struct *vma, unsigned long va, struct user_page *up)
{
	struct mm_struct *mm = vma->vm_mm;
	phys_addr_t pa = 0;
	pgprot_t prot = 0;
	bool present;

	spin_lock(&mm->page_table_lock);
	present = translate_va(mm->pgd, va, &pa, &prot);
	spin_unlock(&mm->page_table_lock);
	return present && classify_user_page(vma, va, pa, prot, up);
}

/* The task's address space for a reader allowed to see it: NULL and *err when not. */
static struct mm_struct *reader_get_mm(int pid, int *err)
{
	struct task_struct *task = find_get_task_by_pid(pid);
	struct mm_struct *mm = NULL;
	bool allowed = task && ptrace_may_access(task);

	if (allowed && task->state != TASK_ZOMBIE)
		mm = get_task_mm(task);
	if (task)
		put_task_struct(task);
	*err = task && !allowed ? -EACCES : -ENOENT;
	return mm;
}

/* ----------------------------------------------------------------- smaps */

#define PSS_SHIFT 12

struct mem_size_stats {
	unsigned long resident, shared_clean, shared_dirty, private_clean, private_dirty;
	unsigned long anonymous;
	unsigned long file_pages, shmem_pages;	/* for status's RssFile and RssShmem */
	u64 pss, pss_anon, pss_file, pss_shmem, pss_dirty, pss_locked;
};

/* Linux's smaps_account for one page of PAGE_SIZE. */
static void smaps_account(struct mem_size_stats *mss, const struct user_page *up, bool locked)
{
	u64 pss = (u64)PAGE_SIZE << PSS_SHIFT;
	bool private = up->mapcount < 2;

	if (!private)
		pss /= (u64)up->mapcount;
	mss->resident += PAGE_SIZE;
	mss->pss += pss;
	if (up->kind == PAGE_ANON) {
		mss->anonymous += PAGE_SIZE;
		mss->pss_anon += pss;
	} else if (up->kind == PAGE_SHMEM) {
		mss->shmem_pages++;
		mss->pss_shmem += pss;
	} else {
		mss->file_pages++;
		mss->pss_file += pss;
	}
	if (locked)
		mss->pss_locked += pss;
	if (up->dirty) {
		mss->pss_dirty += pss;
		*(private ? &mss->private_dirty : &mss->shared_dirty) += PAGE_SIZE;
	} else {
		*(private ? &mss->private_clean : &mss->shared_clean) += PAGE_SIZE;
	}
}

struct smaps_walk {
	struct vm_area_struct *vma;
	struct mem_size_stats *mss;
};

static int smaps_pte_entry(pte_t *entry, unsigned long va, int level, void *arg)
{
	struct smaps_walk *walk = arg;
	pte_t pte = READ_ONCE(*entry);
	struct user_page up;

	if (level == PT_LEVELS - 1 &&
	    classify_user_page(walk->vma, va, pte & PTE_ADDR_MASK, pte & PTE_ATTR_MASK, &up))
		smaps_account(walk->mss, &up, walk->vma->vm_flags & VM_LOCKED);
	return 0;
}

/*
 * Account every page vma maps. The walk skips empty tables, so a large
 * sparse area costs what is mapped. mmap_lock, held, keeps the tables;
 * an entry another thread's fault changes meanwhile is seen before or
 * after, as Linux's smaps may.
 */
static void smap_gather_stats(struct vm_area_struct *vma, struct mem_size_stats *mss)
{
	struct smaps_walk walk = { .vma = vma, .mss = mss };

	walk_page_range(vma->vm_mm->pgd, vma->vm_start, vma->vm_end, smaps_pte_entry, &walk);
}

void proc_count_shared_pages(struct vm_area_struct *vma, unsigned long *file, unsigned long *shmem)
{
	struct mem_size_stats mss = { 0 };

	smap_gather_stats(vma, &mss);
	*file += mss.file_pages;
	*shmem += mss.shmem_pages;
}

/* "Name:" padded to 16 columns, the value in kB in 8, as Linux's SEQ_PUT_DEC. */
static void put_kb(struct seq_buf *m, const char *name, unsigned long bytes)
{
	seq_buf_printf(m, "%-16s%8lu kB\n", name, bytes >> 10);
}

static void show_smap_sizes(struct seq_buf *m, const struct mem_size_stats *mss, bool rollup)
{
	put_kb(m, "Rss:", mss->resident);
	put_kb(m, "Pss:", (unsigned long)(mss->pss >> PSS_SHIFT));
	put_kb(m, "Pss_Dirty:", (unsigned long)(mss->pss_dirty >> PSS_SHIFT));
	if (rollup) {
		put_kb(m, "Pss_Anon:", (unsigned long)(mss->pss_anon >> PSS_SHIFT));
		put_kb(m, "Pss_File:", (unsigned long)(mss->pss_file >> PSS_SHIFT));
		put_kb(m, "Pss_Shmem:", (unsigned long)(mss->pss_shmem >> PSS_SHIFT));
	}
	put_kb(m, "Shared_Clean:", mss->shared_clean);
	put_kb(m, "Shared_Dirty:", mss->shared_dirty);
	put_kb(m, "Private_Clean:", mss->private_clean);
	put_kb(m, "Private_Dirty:", mss->private_dirty);
	put_kb(m, "Referenced:", mss->resident);	/* every mapped entry has its access flag */
	put_kb(m, "Anonymous:", mss->anonymous);
	put_kb(m, "LazyFree:", 0);
	put_kb(m, "AnonHugePages:", 0);
	put_kb(m, "ShmemPmdMapped:", 0);
	put_kb(m, "FilePmdMapped:", 0);
	put_kb(m, "Shared_Hugetlb:", 0);
	seq_buf_printf(m, "Private_Hugetlb: %7u kB\n", 0);
	put_kb(m, "Swap:", 0);
	put_kb(m, "SwapPss:", 0);
	put_kb(m, "Locked:", (unsigned long)(mss->pss_locked >> PSS_SHIFT));
}

/* Linux's two-letter names of the vm_flags bits tkern has, by bit number. */
static const char vm_flag_names[][3] = {
	[0] = "rd", [1] = "wr", [2] = "ex", [3] = "sh", [4] = "mr", [5] = "mw",
	[6] = "me", [7] = "ms", [8] = "gd", [10] = "pf", [13] = "lo", [14] = "io",
	[17] = "dc", [18] = "de", [19] = "lf", [20] = "ac", [21] = "nr", [28] = "mm",
};

static void show_smap_vma_flags(struct seq_buf *m, unsigned long flags)
{
	unsigned int bit;

	seq_buf_printf(m, "VmFlags: ");
	for (bit = 0; bit < ARRAY_SIZE(vm_flag_names); bit++)
		if ((flags & (1UL << bit)) && vm_flag_names[bit][0])
			seq_buf_printf(m, "%s ", vm_flag_names[bit]);
	seq_buf_printf(m, "\n");
}

static void show_smap(struct seq_buf *m, struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct mem_size_stats mss = { 0 };

	smap_gather_stats(vma, &mss);
	show_map_vma(m, mm, vma);
	put_kb(m, "Size:", vma->vm_end - vma->vm_start);
	put_kb(m, "KernelPageSize:", PAGE_SIZE);
	put_kb(m, "MMUPageSize:", PAGE_SIZE);
	show_smap_sizes(m, &mss, false);
	seq_buf_printf(m, "THPeligible:    %d\n", 0);	/* no transparent huge pages */
	show_smap_vma_flags(m, vma->vm_flags);
}

/* The rollup's one line spans every area, no rights, as Linux's "[rollup]". */
static void show_smaps_rollup(struct seq_buf *m, struct mm_struct *mm)
{
	struct mem_size_stats mss = { 0 };
	struct vma_header h = { .name = "[rollup]" };
	struct vm_area_struct *vma;

	list_for_each_entry(vma, &mm->mmap, vm_list) {
		if (!h.end)
			h.start = vma->vm_start;
		h.end = vma->vm_end;
		smap_gather_stats(vma, &mss);
	}
	show_vma_header(m, &h);
	show_smap_sizes(m, &mss, true);
}

static int show_smaps_text(struct seq_buf *m, long pid, bool rollup)
{
	struct vm_area_struct *vma;
	struct mm_struct *mm;
	int err;

	mm = reader_get_mm((int)pid, &err);
	if (!mm)
		return err;
	mmap_read_lock(mm);
	if (rollup)
		show_smaps_rollup(m, mm);
	else
		list_for_each_entry(vma, &mm->mmap, vm_list)
			show_smap(m, mm, vma);
	mmap_read_unlock(mm);
	mmput(mm);
	return 0;
}

static int show_smaps(struct seq_buf *m, long pid)
{
	return show_smaps_text(m, pid, false);
}

static int show_smaps_rollup_text(struct seq_buf *m, long pid)
{
	return show_smaps_text(m, pid, true);
}

static int smaps_open(struct inode *inode, struct file *file)
{
	return proc_open_text(file, show_smaps, (long)inode->i_private);
}

static int smaps_rollup_open(struct inode *inode, struct file *file)
{
	return proc_open_text(file, show_smaps_rollup_text, (long)inode->i_private);
}

const struct file_operations proc_pid_smaps_fops = { .open = smaps_open, PROC_TEXT_OPS };
const struct file_operations proc_pid_smaps_rollup_fops = {
	.open = smaps_rollup_open, PROC_TEXT_OPS,
};

/* --------------------------------------------------------------- pagemap */

#define PM_ENTRY_BYTES 8
#define PM_PFRAME_MASK ((1ULL << 55) - 1)
#define PM_MMAP_EXCLUSIVE (1ULL << 56)
#define PM_FILE (1ULL << 61)
#define PM_PRESENT (1ULL << 63)
/* Entries worked out per turn, between taking mmap_lock and copying out. */
#define PM_BATCH 128

/*
 * An open pagemap, as Linux's: the address space it was opened on (held by
 * mm_count, so a pid used again later shows nothing of another process)
 * and whether the opener may see frame numbers.
 */
struct pagemap_file {
	struct mm_struct *mm;
	bool show_pfn;
};

static u64 pagemap_entry(struct mm_struct *mm, unsigned long va, bool show_pfn)
{
	struct vm_area_struct *vma = find_vma(mm, va);
	struct user_page up;
	u64 entry;

	if (!vma || vma->vm_start > va || !lookup_user_page(vma, va, &up))
		return 0;
	entry = PM_PRESENT;
	if (show_pfn)
		entry |= up.pfn & PM_PFRAME_MASK;
	if (up.kind != PAGE_ANON)
		entry |= PM_FILE;
	if (up.mapcount == 1)
		entry |= PM_MMAP_EXCLUSIVE;
	return entry;
}

/* Linux's pagemap_open: the opener's rights decide, once, what the file shows. */
static int pagemap_open(struct inode *inode, struct file *file)
{
	struct pagemap_file *pm = kmalloc(sizeof(*pm), GFP_KERNEL);
	int err;

	if (!pm)
		return -ENOMEM;
	pm->mm = reader_get_mm((int)(long)inode->i_private, &err);
	if (!pm->mm) {
		kfree(pm);
		return err;
	}
	mmgrab(pm->mm);
	mmput(pm->mm);
	pm->show_pfn = current->cred.euid == 0;
	file->private_data = pm;
	return 0;
}

static void pagemap_release(struct file *file)
{
	struct pagemap_file *pm = file->private_data;

	if (!pm)	/* the open failed */
		return;
	mmdrop(pm->mm);
	kfree(pm);
}

/*
 * Where a read at pos starts, as Linux's pagemap_read: the entry's address
 * with its top-byte tag dropped (so a tagged offset reads the untagged
 * page), TASK_SIZE (nothing to read) when it is past user memory.
 */
static unsigned long pagemap_start(loff_t pos)
{
	u64 svpfn = (u64)pos / PM_ENTRY_BYTES;
	unsigned long va;

	if (svpfn > (~0UL >> PAGE_SHIFT))
		return TASK_SIZE;
	va = untagged_addr((unsigned long)svpfn << PAGE_SHIFT);
	return va > TASK_SIZE ? TASK_SIZE : va;
}

static long pagemap_copy_out(struct mm_struct *mm, unsigned long buf, size_t len, loff_t *pos,
			     bool show_pfn)
{
	u64 entries[PM_BATCH];
	unsigned long va = pagemap_start(*pos);
	size_t done = 0, i, n;

	while (done < len && va < TASK_SIZE) {
		n = MIN((len - done) / PM_ENTRY_BYTES, (size_t)PM_BATCH);
		n = MIN(n, (TASK_SIZE - va) >> PAGE_SHIFT);
		mmap_read_lock(mm);
		for (i = 0; i < n; i++)
			entries[i] = pagemap_entry(mm, va + (i << PAGE_SHIFT), show_pfn);
		mmap_read_unlock(mm);
		if (copy_to_user(buf + done, entries, n * PM_ENTRY_BYTES))
			return -EFAULT;
		done += n * PM_ENTRY_BYTES;
		va += n << PAGE_SHIFT;
	}
	*pos += (loff_t)done;
	return (long)done;
}

static long pagemap_read(struct file *file, unsigned long buf, size_t len, loff_t *pos)
{
	struct pagemap_file *pm = file->private_data;
	long ret;

	/* Its users gone, the address space has no VMA left: end of file, as Linux. */
	if (!atomic_inc_not_zero(&pm->mm->mm_users))
		return 0;
	if (*pos % PM_ENTRY_BYTES || len % PM_ENTRY_BYTES)
		ret = -EINVAL;
	else
		ret = pagemap_copy_out(pm->mm, buf, len, pos, pm->show_pfn);
	mmput(pm->mm);
	return ret;
}

/* Linux's mem_lseek: SEEK_SET and SEEK_CUR only, no end to seek from. */
static loff_t pagemap_llseek(struct file *file, loff_t offset, int whence)
{
	loff_t pos;

	if (whence == SEEK_SET)
		pos = offset;
	else if (whence == SEEK_CUR)
		pos = file->f_pos + offset;
	else
		return -EINVAL;
	if (pos < 0)
		return -EINVAL;
	file->f_pos = pos;
	return pos;
}

const struct file_operations proc_pid_pagemap_fops = {
	.open = pagemap_open, .read = pagemap_read, .llseek = pagemap_llseek,
	.release = pagemap_release,
};
