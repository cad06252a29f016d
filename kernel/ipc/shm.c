/*
 * System V shared memory (Linux's ipc/shm.c, one IPC namespace): shmget
 * makes a segment, shmat maps it, shmdt unmaps it, shmctl looks at it,
 * changes it and removes it. A segment is a shared memory object
 * (mm/shmem.c) of its size, named "/SYSV<key>" in /proc/<pid>/maps, with
 * an ipc_perm for its owner, creator and mode (kernel/ipc/util.c numbers
 * them).
 *
 * Each shmat opens a file of its own on the segment's object (Linux's
 * shm_file_data), read-only for SHM_RDONLY, so that mmap's usual checks
 * apply to it: such an attach can never become writable (VM_MAYWRITE).
 * That file's mmap method (shm_mmap) gives the VMA shm_vm_ops, whose open
 * and close count the VMAs mapping the segment in shm_nattch: one per
 * attach, one more for each piece mprotect or munmap splits off, one per
 * copy fork makes; exec and exit close them all. A segment removed with
 * IPC_RMID while attached is marked SHM_DEST, keeps its identifier (which
 * still works) but loses its key, and goes with its last VMA.
 *
 * Locking: shm_ids_rwsem guards the table and every segment's fields.
 * The mm paths (fork, munmap, mremap, exit) call open and close under the
 * mm's mmap_lock, so the order is mmap_lock, then shm_ids_rwsem; shmat
 * holds a reference (shm_nattch) rather than the rwsem while it maps.
 *
 * Relies on mm/shmem.c, mm/mmap.c (do_mmap, do_munmap), the VFS's files
 * and the caller's credentials.
 */
#include <kernel/ipc/shm.h>
#include <kernel/ipc/util.h>
#include <kernel/fs/fs.h>
#include <kernel/fs/permission.h>
#include <kernel/rwsem.h>
#include <kernel/sched.h>
#include <kernel/resource.h>
#include <kernel/time.h>
#include <kernel/uaccess.h>
#include <kernel/errno.h>
#include <kernel/lib/string.h>
#include <kernel/printk.h>
#include <mm/shmem.h>
#include <mm/memory.h>
#include <mm/mmap_lock.h>
#include <mm/overcommit.h>
#include <mm/slab.h>

/* shmget's flags beside the mode bits; the segment's own bits in its mode. */
#define IPC_CREAT 00001000
#define IPC_EXCL 00002000
#define SHM_DEST 01000
#define SHM_LOCKED 02000
#define SHM_HUGETLB 04000
#define SHM_NORESERVE 010000
/* shmat's flags. */
#define SHM_RDONLY 010000
#define SHM_RND 020000
#define SHM_REMAP 040000
#define SHM_EXEC 0100000
/* shmctl's commands. */
#define IPC_RMID 0
#define IPC_SET 1
#define IPC_STAT 2
#define IPC_INFO 3
#define SHM_LOCK 11
#define SHM_UNLOCK 12
#define SHM_STAT 13
#define SHM_INFO 14
#define SHM_STAT_ANY 15

#define SHMLBA PAGE_SIZE	/* arm64: no cache aliasing, attach at any page */

/* The user structures, as asm-generic's for 64-bit (arm64). */
struct ipc64_perm {
	s32 key;
	u32 uid, gid, cuid, cgid;
	u32 mode;
	u16 seq;
	u16 __pad2;
	unsigned long __unused1, __unused2;
};

struct shmid64_ds {
	struct ipc64_perm shm_perm;
	unsigned long shm_segsz;
	long shm_atime, shm_dtime, shm_ctime;
	s32 shm_cpid, shm_lpid;
	unsigned long shm_nattch;
	unsigned long __unused4, __unused5;
};

struct shminfo64 {
	unsigned long shmmax, shmmin, shmmni, shmseg, shmall;
	unsigned long __unused1, __unused2, __unused3, __unused4;
};

struct shm_info {
	s32 used_ids;
	unsigned long shm_tot, shm_rss, shm_swp, swap_attempts, swap_successes;
};

struct shmid_kernel {
	struct kern_ipc_perm shm_perm;
	struct file *shm_file;		/* the object; holds its pages and its charge */
	unsigned long shm_nattch;	/* VMAs mapping it, and shmat calls under way */
	unsigned long shm_segsz;
	long shm_atim, shm_dtim, shm_ctim;
	int shm_cprid, shm_lprid;
};

unsigned long shm_ctlmax = SHMMAX, shm_ctlall = SHMALL;
int shm_ctlmni = SHMMNI;

/* The table as ipc_init_ids leaves it, and its lock, ready from boot. */
static struct ipc_ids shm_ids = { .last_idx = -1, .max_idx = -1 };
static struct rw_semaphore shm_ids_rwsem = {
	.wait_lock = SPINLOCK_INIT(shm_ids_rwsem.wait_lock),
	.wait_list = LIST_HEAD_INIT(shm_ids_rwsem.wait_list),
	.dep_map = { .name = "shm_ids_rwsem" },
};
static unsigned long shm_tot;	/* pages of all segments */

static long seconds_now(void)
{
	return (long)(ktime_get_real_ns() / 1000000000ULL);
}

static struct shmid_kernel *shm_of(struct kern_ipc_perm *perm)
{
	return perm ? container_of(perm, struct shmid_kernel, shm_perm) : NULL;
}

static struct shmid_kernel *shm_obtain_object_check(int id)
{
	return shm_of(ipc_obtain_object_check(&shm_ids, id));
}

/*
 * Linux's ipcperms: the owner's or creator's bits for them, the group's
 * for their groups, the others' bits for the rest; uid 0 (CAP_IPC_OWNER)
 * passes. flag holds the wanted rights as mode bits (S_IRUGO ...).
 */
static int ipcperms(const struct kern_ipc_perm *perm, unsigned int flag)
{
	const struct cred *cred = &current->cred;
	unsigned int requested = (flag >> 6) | (flag >> 3) | flag, granted = perm->mode;

	if (cred->euid == perm->cuid || cred->euid == perm->uid)
		granted >>= 6;
	else if (in_group_p(perm->cgid) || in_group_p(perm->gid))
		granted >>= 3;
	if ((requested & ~granted & 0007) && cred->euid != 0)
		return -EACCES;
	return 0;
}

/* The segment goes: out of the table, its object's reference dropped. */
static void shm_destroy(struct shmid_kernel *shp)
{
	ipc_rmid(&shm_ids, &shp->shm_perm);
	shm_tot -= DIV_ROUND_UP(shp->shm_segsz, PAGE_SIZE);
	fput(shp->shm_file);
	kfree(shp);
}

static bool shm_may_destroy(const struct shmid_kernel *shp)
{
	return shp->shm_nattch == 0 && (shp->shm_perm.mode & SHM_DEST);
}

/* ------------------------------------------------------------- shmget */

/* The object's name in maps: Linux's "SYSV%08x" on its internal mount. */
static struct file *newseg_file(int key, unsigned long size, int shmflg)
{
	char name[32];
	unsigned long acct = 0;

	if ((shmflg & SHM_NORESERVE) && READ_ONCE(sysctl_overcommit_memory) != OVERCOMMIT_NEVER)
		acct = VM_NORESERVE;
	snprintf(name, sizeof(name), "/SYSV%08x (deleted)", (unsigned int)key);
	return shmem_file_setup(name, (loff_t)size, acct);
}

/* Linux's newseg: a new segment for key, its identifier or -errno. */
static int newseg(int key, unsigned long size, int shmflg)
{
	unsigned long pages = (size + PAGE_SIZE - 1) >> PAGE_SHIFT;
	struct shmid_kernel *shp;
	struct file *file;
	int err;

	if (size < SHMMIN || size > READ_ONCE(shm_ctlmax))
		return -EINVAL;
	if (pages << PAGE_SHIFT < size)
		return -ENOSPC;
	if (shm_tot + pages < shm_tot || shm_tot + pages > READ_ONCE(shm_ctlall))
		return -ENOSPC;
	/* No huge pages: root finds the pool empty, others may not use it. */
	if (shmflg & SHM_HUGETLB)
		return current->cred.euid == 0 ? -ENOMEM : -EPERM;
	shp = kzalloc(sizeof(*shp), GFP_KERNEL);
	if (!shp)
		return -ENOMEM;
	file = newseg_file(key, size, shmflg);
	if (IS_ERR(file)) {
		kfree(shp);
		return (int)PTR_ERR(file);
	}
	shp->shm_perm.key = key;
	shp->shm_perm.mode = (u32)shmflg & S_IRWXUGO;
	shp->shm_perm.uid = shp->shm_perm.cuid = current->cred.euid;
	shp->shm_perm.gid = shp->shm_perm.cgid = current->cred.egid;
	shp->shm_file = file;
	shp->shm_segsz = size;
	shp->shm_ctim = seconds_now();
	shp->shm_cprid = current->tgid;
	err = ipc_addid(&shm_ids, &shp->shm_perm, READ_ONCE(shm_ctlmni));
	if (err < 0) {
		fput(file);
		kfree(shp);
		return err;
	}
	shm_tot += pages;
	return shp->shm_perm.id;
}

/* An existing segment for shmget: Linux's order of checks (EEXIST, size, rights). */
static int shmget_existing(struct shmid_kernel *shp, unsigned long size, int shmflg)
{
	if ((shmflg & IPC_CREAT) && (shmflg & IPC_EXCL))
		return -EEXIST;
	if (shp->shm_segsz < size)
		return -EINVAL;
	if (ipcperms(&shp->shm_perm, (unsigned int)shmflg))
		return -EACCES;
	return shp->shm_perm.id;
}

long sys_shmget(u64 key, u64 size, u64 shmflg, u64 a3 __unused, u64 a4 __unused,
		u64 a5 __unused)
{
	struct shmid_kernel *shp;
	int ret;

	down_write(&shm_ids_rwsem);
	if ((int)key == IPC_PRIVATE) {
		ret = newseg(IPC_PRIVATE, size, (int)shmflg);
	} else {
		shp = shm_of(ipc_findkey(&shm_ids, (int)key));
		if (shp)
			ret = shmget_existing(shp, size, (int)shmflg);
		else if (!(shmflg & IPC_CREAT))
			ret = -ENOENT;
		else
			ret = newseg((int)key, size, (int)shmflg);
	}
	up_write(&shm_ids_rwsem);
	return ret;
}

/* ------------------------------------------------- the attaches' VMAs */

/* An attach's file: which segment it maps (Linux's shm_file_data). */
static struct shmid_kernel *shm_file_data(struct file *file)
{
	return file->private_data;
}

/* One more VMA maps the segment: an attach, a split, a fork's copy, a moved mremap. */
static void shm_open(struct vm_area_struct *vma)
{
	struct shmid_kernel *shp = shm_file_data(vma->vm_file);

	down_write(&shm_ids_rwsem);
	shp->shm_nattch++;
	shp->shm_atim = seconds_now();
	shp->shm_lprid = current->tgid;
	up_write(&shm_ids_rwsem);
}

/* A VMA of the segment goes; the last one takes a removed segment with it. */
static void shm_close(struct vm_area_struct *vma)
{
	struct shmid_kernel *shp = shm_file_data(vma->vm_file);

	down_write(&shm_ids_rwsem);
	shp->shm_nattch--;
	shp->shm_dtim = seconds_now();
	shp->shm_lprid = current->tgid;
	if (shm_may_destroy(shp))
		shm_destroy(shp);
	up_write(&shm_ids_rwsem);
}

static const struct vm_operations_struct shm_vm_ops = {
	.open = shm_open,
	.close = shm_close,
	.fault = shmem_fault,
};

static int shm_mmap(struct file *file __unused, struct vm_area_struct *vma)
{
	vma->vm_ops = &shm_vm_ops;
	shm_open(vma);
	return 0;
}

static const struct file_operations shm_file_operations = {
	.mmap = shm_mmap,
};

/* A file of the segment's object for one attach: read-only or read-write. */
static struct file *shm_attach_file(struct shmid_kernel *shp, unsigned int f_flags)
{
	struct inode *inode = shp->shm_file->f_inode;
	const char *name = shp->shm_file->f_path;
	size_t len = strlen(name) + 1;
	char *path = kmalloc(len, GFP_KERNEL);
	struct file *file;

	if (!path)
		return NULL;
	memcpy(path, name, len);
	vfs_iget(inode);
	file = alloc_file(inode, f_flags, &shm_file_operations);
	if (!file) {
		vfs_iput(inode);
		kfree(path);
		return NULL;
	}
	file->f_path = path;
	file->private_data = shp;
	return file;
}

/* ------------------------------------------------------- shmat, shmdt */

/* Linux's checks of shmat's address: the page-aligned address (0: any), or -EINVAL. */
static long shmat_address(unsigned long addr, int shmflg)
{
	if (!addr)
		return shmflg & SHM_REMAP ? -EINVAL : 0;
	if (addr & (SHMLBA - 1)) {
		if (!(shmflg & SHM_RND))
			return -EINVAL;
		addr &= ~(SHMLBA - 1);
		if (!addr && (shmflg & SHM_REMAP))
			return -EINVAL;
	}
	return (long)addr;
}

/*
 * Map file (the attach's) at addr, or anywhere for 0; an address given
 * without SHM_REMAP must be free. The address, or -errno.
 */
static long shm_map(struct file *file, unsigned long addr, unsigned long size,
		    unsigned long prot, int shmflg)
{
	struct mm_struct *mm = current->mm;
	unsigned long flags = MAP_SHARED | (addr ? MAP_FIXED : 0), ret;
	bool populate;

	mmap_write_lock(mm);
	if (addr && !(shmflg & SHM_REMAP) &&
	    (addr + size < addr || find_vma_intersection(mm, addr, addr + size)))
		ret = (unsigned long)-EINVAL;
	else
		ret = do_mmap(mm, file, addr, size, prot, flags, 0);
	populate = !IS_ERR_VALUE(ret) && (mm->def_flags & VM_LOCKED);
	mmap_write_unlock(mm);
	if (populate)
		mm_populate(mm, ret, size);
	return (long)ret;
}

/* Linux's do_shmat: the address mapped, or -errno. */
static long do_shmat(int shmid, unsigned long shmaddr, int shmflg)
{
	unsigned int acc_mode = S_IRUGO, f_flags = O_RDONLY;
	unsigned long prot = PROT_READ, size;
	long addr = shmat_address(shmaddr, shmflg), ret;
	struct shmid_kernel *shp;
	struct file *file = NULL;

	if (shmid < 0 || addr < 0)
		return -EINVAL;
	if (!(shmflg & SHM_RDONLY)) {
		prot |= PROT_WRITE;
		acc_mode |= S_IWUGO;
		f_flags = O_RDWR;
	}
	if (shmflg & SHM_EXEC) {
		prot |= PROT_EXEC;
		acc_mode |= S_IXUGO;
	}
	down_write(&shm_ids_rwsem);
	shp = shm_obtain_object_check(shmid);
	ret = !shp ? -EINVAL : ipcperms(&shp->shm_perm, acc_mode);
	if (!ret) {
		file = shm_attach_file(shp, f_flags);
		shp->shm_nattch++;	/* keeps it while the rwsem is let go */
	}
	up_write(&shm_ids_rwsem);
	if (ret)
		return ret;
	size = shp->shm_segsz;
	ret = file ? shm_map(file, (unsigned long)addr, size, prot, shmflg) : -ENOMEM;
	if (file)
		fput(file);	/* the VMA holds its own reference */
	down_write(&shm_ids_rwsem);
	shp->shm_nattch--;
	if (shm_may_destroy(shp))
		shm_destroy(shp);
	up_write(&shm_ids_rwsem);
	return ret;
}

long sys_shmat(u64 shmid, u64 shmaddr, u64 shmflg, u64 a3 __unused, u64 a4 __unused,
	       u64 a5 __unused)
{
	return do_shmat((int)shmid, shmaddr, (int)shmflg);
}

static bool is_attach_at(struct vm_area_struct *vma, unsigned long addr)
{
	return vma->vm_ops == &shm_vm_ops && (vma->vm_start - addr) / PAGE_SIZE == vma->vm_pgoff;
}

/*
 * Linux's ksys_shmdt: the attach that starts at addr (the first VMA at or
 * after it that is an attach's piece at the matching offset) goes, and
 * with it every later piece of the same attach within the segment's size
 * (mprotect and munmap may have cut it up). -EINVAL when none is found.
 */
static long ksys_shmdt(unsigned long addr)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma, *next;
	struct file *file = NULL;
	unsigned long size = 0;

	if (addr & ~PAGE_MASK)
		return -EINVAL;
	mmap_write_lock(mm);
	for (vma = find_vma(mm, addr); vma; vma = next) {
		next = vma_next(mm, vma);
		if (is_attach_at(vma, addr)) {
			file = vma->vm_file;
			size = PAGE_ALIGN(shm_file_data(file)->shm_segsz);
			do_munmap(mm, vma->vm_start, vma->vm_end - vma->vm_start);
			vma = next;
			break;
		}
	}
	for (; vma && vma->vm_end - addr <= size; vma = next) {
		next = vma_next(mm, vma);
		if (is_attach_at(vma, addr) && vma->vm_file == file)
			do_munmap(mm, vma->vm_start, vma->vm_end - vma->vm_start);
	}
	mmap_write_unlock(mm);
	return file ? 0 : -EINVAL;
}

long sys_shmdt(u64 shmaddr, u64 a1 __unused, u64 a2 __unused, u64 a3 __unused,
	       u64 a4 __unused, u64 a5 __unused)
{
	return ksys_shmdt(shmaddr);
}

/* -------------------------------------------------------------- shmctl */

/* IPC_INFO and SHM_INFO answer the highest index in use (0 when none). */
static long max_index(void)
{
	int idx = ipc_get_maxidx(&shm_ids);

	return idx < 0 ? 0 : idx;
}

static long shmctl_ipc_info(unsigned long buf)
{
	struct shminfo64 info = {
		.shmmax = READ_ONCE(shm_ctlmax), .shmmin = SHMMIN,
		.shmmni = (unsigned long)READ_ONCE(shm_ctlmni), .shmseg = SHMSEG,
		.shmall = READ_ONCE(shm_ctlall),
	};
	long ret;

	down_read(&shm_ids_rwsem);
	ret = max_index();
	up_read(&shm_ids_rwsem);
	return copy_to_user(buf, &info, sizeof(info)) ? -EFAULT : ret;
}

static long shmctl_shm_info(unsigned long buf)
{
	struct shm_info info = { 0 };
	unsigned long rss, swp;
	long ret;
	int idx;

	down_read(&shm_ids_rwsem);
	info.used_ids = shm_ids.in_use;
	info.shm_tot = shm_tot;
	for (idx = 0; idx <= ipc_get_maxidx(&shm_ids); idx++)
		if (shm_ids.entries[idx]) {
			shmem_count_pages(shm_of(shm_ids.entries[idx])->shm_file, &rss, &swp);
			info.shm_rss += rss;
			info.shm_swp += swp;
		}
	ret = max_index();
	up_read(&shm_ids_rwsem);
	return copy_to_user(buf, &info, sizeof(info)) ? -EFAULT : ret;
}

static void fill_shmid64(const struct shmid_kernel *shp, struct shmid64_ds *ds)
{
	memset(ds, 0, sizeof(*ds));
	ds->shm_perm.key = shp->shm_perm.key;
	ds->shm_perm.uid = shp->shm_perm.uid;
	ds->shm_perm.gid = shp->shm_perm.gid;
	ds->shm_perm.cuid = shp->shm_perm.cuid;
	ds->shm_perm.cgid = shp->shm_perm.cgid;
	ds->shm_perm.mode = shp->shm_perm.mode;
	ds->shm_perm.seq = (u16)shp->shm_perm.seq;
	ds->shm_segsz = shp->shm_segsz;
	ds->shm_atime = shp->shm_atim;
	ds->shm_dtime = shp->shm_dtim;
	ds->shm_ctime = shp->shm_ctim;
	ds->shm_cpid = shp->shm_cprid;
	ds->shm_lpid = shp->shm_lprid;
	ds->shm_nattch = shp->shm_nattch;
}

/*
 * IPC_STAT by identifier; SHM_STAT and SHM_STAT_ANY by index, answering
 * the identifier. SHM_STAT_ANY needs no read permission (as the /proc
 * file), the others do.
 */
static long shmctl_stat(int shmid, int cmd, unsigned long buf)
{
	struct shmid_kernel *shp;
	struct shmid64_ds ds;
	long ret;

	down_read(&shm_ids_rwsem);
	if (cmd == IPC_STAT)
		shp = shm_obtain_object_check(shmid);
	else
		shp = shm_of(ipc_obtain_object_idr(&shm_ids, shmid));
	ret = !shp ? -EINVAL : cmd == SHM_STAT_ANY ? 0 : ipcperms(&shp->shm_perm, S_IRUGO);
	if (!ret) {
		fill_shmid64(shp, &ds);
		ret = cmd == IPC_STAT ? 0 : shp->shm_perm.id;
	}
	up_read(&shm_ids_rwsem);
	if (ret >= 0 && copy_to_user(buf, &ds, sizeof(ds)))
		return -EFAULT;
	return ret;
}

/* IPC_SET: the owner and the mode's permission bits change; the time too. */
static long shm_set(struct shmid_kernel *shp, const struct shmid64_ds *ds)
{
	if (ds->shm_perm.uid == (u32)-1 || ds->shm_perm.gid == (u32)-1)
		return -EINVAL;
	shp->shm_perm.uid = ds->shm_perm.uid;
	shp->shm_perm.gid = ds->shm_perm.gid;
	shp->shm_perm.mode = (shp->shm_perm.mode & ~S_IRWXUGO) | (ds->shm_perm.mode & S_IRWXUGO);
	shp->shm_ctim = seconds_now();
	return 0;
}

/*
 * IPC_RMID with VMAs left: the segment stays, marked, and loses its key
 * (shmget finds it no more); the last VMA's close destroys it.
 */
static void do_shm_rmid(struct shmid_kernel *shp)
{
	if (!shp->shm_nattch) {
		shm_destroy(shp);
		return;
	}
	shp->shm_perm.mode |= SHM_DEST;
	shp->shm_perm.key = IPC_PRIVATE;
}

/* Linux's shmctl_down: only the owner, the creator or uid 0 may. */
static long shmctl_down(int shmid, int cmd, unsigned long buf)
{
	const struct cred *cred = &current->cred;
	struct shmid_kernel *shp;
	struct shmid64_ds ds;
	long ret = 0;

	if (cmd == IPC_SET && copy_from_user(&ds, buf, sizeof(ds)))
		return -EFAULT;
	down_write(&shm_ids_rwsem);
	shp = shm_obtain_object_check(shmid);
	if (!shp)
		ret = -EINVAL;
	else if (cred->euid != shp->shm_perm.cuid && cred->euid != shp->shm_perm.uid &&
		 cred->euid != 0)
		ret = -EPERM;
	else if (cmd == IPC_RMID)
		do_shm_rmid(shp);
	else
		ret = shm_set(shp, &ds);
	up_write(&shm_ids_rwsem);
	return ret;
}

/*
 * SHM_LOCK keeps the segment's pages in memory (reclaim leaves them, as
 * Linux's unevictable segments; pages already in swap stay there until
 * touched, as on Linux) and SHM_UNLOCK lets them go again. Without
 * CAP_IPC_LOCK the caller must own it, and locking needs a RLIMIT_MEMLOCK
 * that holds it (Linux: that holds every segment the user has locked;
 * tkern counts this one only).
 */
static long shmctl_do_lock(int shmid, int cmd)
{
	const struct cred *cred = &current->cred;
	struct shmid_kernel *shp;
	long ret = 0;

	down_write(&shm_ids_rwsem);
	shp = shm_obtain_object_check(shmid);
	if (!shp) {
		ret = -EINVAL;
	} else if (!capable_ipc_lock()) {
		if (cred->euid != shp->shm_perm.uid && cred->euid != shp->shm_perm.cuid)
			ret = -EPERM;
		else if (cmd == SHM_LOCK && !rlimit(RLIMIT_MEMLOCK))
			ret = -EPERM;
		else if (cmd == SHM_LOCK && PAGE_ALIGN(shp->shm_segsz) > rlimit(RLIMIT_MEMLOCK))
			ret = -ENOMEM;
	}
	if (!ret && cmd == SHM_LOCK)
		shp->shm_perm.mode |= SHM_LOCKED;
	else if (!ret)
		shp->shm_perm.mode &= ~SHM_LOCKED;
	if (!ret)
		shmem_lock(shp->shm_file, cmd == SHM_LOCK);
	up_write(&shm_ids_rwsem);
	return ret;
}

long sys_shmctl(u64 shmid, u64 cmd, u64 buf, u64 a3 __unused, u64 a4 __unused,
		u64 a5 __unused)
{
	if ((int)cmd < 0 || (int)shmid < 0)
		return -EINVAL;
	switch ((int)cmd) {
	case IPC_INFO:
		return shmctl_ipc_info(buf);
	case SHM_INFO:
		return shmctl_shm_info(buf);
	case IPC_STAT:
	case SHM_STAT:
	case SHM_STAT_ANY:
		return shmctl_stat((int)shmid, (int)cmd, buf);
	case IPC_SET:
	case IPC_RMID:
		return shmctl_down((int)shmid, (int)cmd, buf);
	case SHM_LOCK:
	case SHM_UNLOCK:
		return shmctl_do_lock((int)shmid, (int)cmd);
	default:
		return -EINVAL;
	}
}

/* ------------------------------------------------------ /proc/sysvipc */

void sysvipc_shm_show(struct seq_buf *m)
{
	const struct shmid_kernel *shp;
	unsigned long rss, swp;
	int idx;

	seq_buf_printf(m, "       key      shmid perms                  size  cpid  lpid nattch"
		       "   uid   gid  cuid  cgid      atime      dtime      ctime"
		       "                   rss                  swap\n");
	down_read(&shm_ids_rwsem);
	for (idx = 0; idx <= ipc_get_maxidx(&shm_ids); idx++) {
		shp = shm_of(shm_ids.entries[idx]);
		if (!shp)
			continue;
		shmem_count_pages(shp->shm_file, &rss, &swp);
		seq_buf_printf(m, "%10d %10d  %4o %21lu %5u %5u  %5lu %5u %5u %5u %5u %10ld %10ld "
			       "%10ld %21lu %21lu\n", shp->shm_perm.key, shp->shm_perm.id,
			       shp->shm_perm.mode, shp->shm_segsz, shp->shm_cprid,
			       shp->shm_lprid, shp->shm_nattch, shp->shm_perm.uid,
			       shp->shm_perm.gid, shp->shm_perm.cuid, shp->shm_perm.cgid,
			       shp->shm_atim, shp->shm_dtim, shp->shm_ctim,
			       rss * PAGE_SIZE, swp * PAGE_SIZE);
	}
	up_read(&shm_ids_rwsem);
}
