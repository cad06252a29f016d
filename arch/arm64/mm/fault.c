/*
 * Faults taken in the kernel.
 *
 * - On a user address inside the copy routines (the exception-fixup
 *   table): the process's own page-fault handler makes the page present,
 *   as for a fault from EL0 (the OOM killer included); when it cannot, the
 *   copy jumps to its fixup and the system call returns -EFAULT. The
 *   handler may sleep (mmap_lock, a page to allocate), so, as Linux's,
 *   it runs with interrupts on if the copy ran with them on.
 * - Anywhere else the kernel dies; for the report, a faulting kernel
 *   address is named: which region of the layout it lies in (see
 *   asm/page-def.h), and for the kernel image, which section, so a report
 *   can say "write to .rodata" rather than only print a number.
 */
#include <kernel/printk.h>
#include <kernel/sched.h>
#include <asm/setup.h>
#include <asm/traps.h>
#include <asm/extable.h>
#include <asm/sysreg.h>
#include <asm/irqflags.h>
#include <mm/vmalloc.h>
#include <mm/memory.h>
#include <mm/oom.h>
#include <kernel/signal.h>

#define ESR_WNR (1u << 6)
#define ESR_CM (1u << 8)

bool do_el1_user_fault(struct pt_regs *regs, u32 esr)
{
	unsigned long far = read_sysreg(far_el1);
	bool write = (esr & ESR_WNR) && !(esr & ESR_CM);
	int err;

	if (far >> VA_BITS || !current->mm || !search_exception_tables(regs->pc))
		return false;
	if (!(regs->pstate & PSR_I_BIT))
		local_irq_enable();	/* far is read: another task's fault may now come */
	/* Out of memory: the OOM killer makes room, unless this task is the one dying. */
	while ((err = handle_mm_fault(current->mm, far, write, false)) == -ENOMEM &&
	       !fatal_signal_pending(current) && out_of_memory())
		;
	local_irq_disable();
	if (err == 0)
		return true;
	return fixup_exception(regs);
}

static const char *image_section(unsigned long addr)
{
	if (addr >= (unsigned long)_text && addr < (unsigned long)_srodata)
		return ".text (read-only, executable)";
	if (addr >= (unsigned long)_srodata && addr < (unsigned long)_sdata)
		return ".rodata (read-only)";
	if (addr >= (unsigned long)_sdata && addr < (unsigned long)__bss_start)
		return ".data";
	if (addr >= (unsigned long)__bss_start && addr < (unsigned long)_end)
		return ".bss";
	return "beyond the end of the image";
}

static void explain_vmalloc_address(unsigned long addr)
{
	char guard[192];
	struct vm_struct *area;

	if (vmalloc_describe_guard(addr, guard, sizeof(guard))) {
		printk(KERN_EMERG "  %s\n", guard);
		return;
	}
	area = find_vm_area((void *)addr);
	if (area)
		printk(KERN_EMERG "  address is inside the vmalloc area at %p, allocated by %pS\n",
		       area->addr, area->caller);
	else
		printk(KERN_EMERG "  address is in the vmalloc range, in no area\n");
}

void explain_fault_address(unsigned long addr)
{
	if (addr < PAGE_SIZE)
		printk(KERN_EMERG "  address is in the first page: a NULL pointer plus %lu\n", addr);
	else if (addr < (UL(1) << VA_BITS))
		printk(KERN_EMERG "  address is in the user half (TTBR0)\n");
	else if (addr < PAGE_OFFSET)
		printk(KERN_EMERG "  address is non-canonical: neither half of the address space\n");
	else if (addr < LINEAR_MAP_END)
		printk(KERN_EMERG "  address is in the linear map (physical %#lx)\n",
		       addr - PAGE_OFFSET);
	else if (addr < VMALLOC_END)
		explain_vmalloc_address(addr);
	else if (addr < KIMAGE_VADDR)
		printk(KERN_EMERG "  address is in the fixmap (early device mappings)\n");
	else
		printk(KERN_EMERG "  address is in the kernel image: %s\n", image_section(addr));
}
