/*
 * The Arm PL031 real-time clock: its data register counts seconds since
 * 1970, kept by the board while the machine is off (QEMU starts it at the
 * host's time). The kernel reads it once at boot to set the wall clock
 * (kernel/timekeeping.c), as Linux does with CONFIG_RTC_HCTOSYS; the
 * mapping is given back afterwards.
 */
#include <kernel/machine.h>
#include <kernel/time.h>
#include <kernel/printk.h>
#include <asm/io.h>
#include <asm/rtc.h>
#include <mm/vmalloc.h>

#define RTCDR 0x000	/* data register: the current count, in seconds */

void rtc_hctosys(void)
{
	void __iomem *rtc;
	u32 seconds;

	if (!machine.rtc_base) {
		pr_info("rtc: none in the device tree; the wall clock starts at 1970\n");
		return;
	}
	rtc = ioremap(machine.rtc_base, PAGE_SIZE);
	if (!rtc) {
		pr_warn("rtc: cannot map the PL031 at %#llx\n",
			(unsigned long long)machine.rtc_base);
		return;
	}
	seconds = readl(rtc + RTCDR);
	iounmap(rtc);
	timekeeping_set_wall_clock(seconds);
	pr_info("rtc: PL031 at %#llx says %u seconds since 1970\n",
		(unsigned long long)machine.rtc_base, seconds);
}
