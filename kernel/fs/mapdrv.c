/*
 * /dev/mapdrv, the course material's example driver: kernel memory that
 * processes map into their own address space. The device owns a buffer
 * of MAPDRV_PAGES pages from vmalloc; page i begins "mapdrv page i\n".
 *
 * Its mmap method maps nothing: it gives the VMA mapdrv_vm_ops, and each
 * page is mapped at its first touch by the fault method. vmalloc memory
 * is contiguous only in the kernel's virtual addresses, its pages lie
 * anywhere in RAM, so there is no one physical range to map at once; the
 * method finds the page behind each buffer address with vmalloc_to_page
 * (a walk of the kernel's page tables). Every mapping gets the buffer's
 * own pages, never copies: a write through one process's mapping is seen
 * by every other mapper and by read(2), which reads the buffer as a
 * file of MAPDRV_SIZE bytes.
 *
 * The buffer is made at boot and kept for good, as a module loaded for
 * the machine's life would keep it. Relies on mm/vmalloc.c and on the
 * fault path of mm/memory.c (do_fault), which maps the page the method
 * returns. docs/mapdrv.md follows a fault through it in gdb.
 */
#include <kernel/fs/fs.h>
#include <kernel/uaccess.h>
#include <kernel/errno.h>
#include <kernel/printk.h>
#include <mm/mm.h>
#include <mm/vma.h>
#include <mm/vmalloc.h>

#define MAPDRV_PAGES 16
#define MAPDRV_SIZE (MAPDRV_PAGES * PAGE_SIZE)

static char *mapdrv_buf;

void mapdrv_init(void)
{
	unsigned int i;

	mapdrv_buf = vzalloc(MAPDRV_SIZE);
	if (!mapdrv_buf) {
		pr_warn("mapdrv: no memory for the buffer\n");
		return;
	}
	for (i = 0; i < MAPDRV_PAGES; i++)
		snprintf(mapdrv_buf + i * PAGE_SIZE, PAGE_SIZE, "mapdrv page %u\n", i);
}

/* The page at vmf->pgoff of the buffer, with a reference the mapping keeps. */
static int mapdrv_fault(struct vm_fault *vmf)
{
	/* LAB 8 BEGIN: the buffer's page at vmf->pgoff into vmf->page, with a reference; SIGBUS past the end */
	/* LAB 8 STUB: (void)vmf; */
	/* LAB 8 STUB: return VM_FAULT_SIGBUS; */
	struct page *page;

	/* A mapping may reach past the buffer (mmap allows it): those pages are SIGBUS. */
	if (vmf->pgoff >= MAPDRV_PAGES)
		return VM_FAULT_SIGBUS;
	page = vmalloc_to_page(mapdrv_buf + (vmf->pgoff << PAGE_SHIFT));
	if (!page)
		return VM_FAULT_SIGBUS;
	get_page(page);
	vmf->page = page;
	return 0;
	/* LAB 8 END */
}

static const struct vm_operations_struct mapdrv_vm_ops = {
	.fault = mapdrv_fault,
};

/*
 * A mapping must start inside the buffer. A private one would copy a
 * page at its first write and lose the sharing, so it may only read,
 * now and after mprotect.
 */
static int mapdrv_mmap(struct file *file __unused, struct vm_area_struct *vma)
{
	/* LAB 8 BEGIN: refuse what cannot be mapped, then give the VMA its flags and mapdrv_vm_ops */
	/* LAB 8 STUB: (void)vma; */
	/* LAB 8 STUB: (void)mapdrv_vm_ops; */
	/* LAB 8 STUB: return -ENODEV; */
	if (vma->vm_pgoff >= MAPDRV_PAGES)
		return -EINVAL;
	if (!(vma->vm_flags & VM_SHARED)) {
		if (vma->vm_flags & VM_WRITE)
			return -EINVAL;
		vma->vm_flags &= ~VM_MAYWRITE;
	}
	/* Its size is fixed (mremap cannot grow it), and it never merges with a neighbour. */
	vma->vm_flags |= VM_DONTEXPAND;
	vma->vm_ops = &mapdrv_vm_ops;
	return 0;
	/* LAB 8 END */
}

static int mapdrv_open(struct inode *inode __unused, struct file *file __unused)
{
	return mapdrv_buf ? 0 : -ENXIO;	/* as a node whose driver is not there */
}

static long mapdrv_read(struct file *file __unused, unsigned long buf, size_t len,
			loff_t *pos)
{
	size_t n;

	if (*pos >= (loff_t)MAPDRV_SIZE)
		return 0;
	n = MIN(len, MAPDRV_SIZE - (size_t)*pos);
	if (copy_to_user(buf, mapdrv_buf + *pos, n))
		return -EFAULT;
	*pos += n;
	return (long)n;
}

static loff_t mapdrv_llseek(struct file *file, loff_t offset, int whence)
{
	return generic_file_llseek(file, offset, whence, MAPDRV_SIZE);
}

const struct file_operations mapdrv_fops = {
	.open = mapdrv_open,
	.read = mapdrv_read,
	.llseek = mapdrv_llseek,
	.mmap = mapdrv_mmap,
};
