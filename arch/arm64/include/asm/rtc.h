/* The board's real-time clock (arch/arm64/drivers/rtc-pl031.c). */
#ifndef ASM_RTC_H
#define ASM_RTC_H

/* Set the wall clock from the real-time clock, if the device tree names one. */
void rtc_hctosys(void);

#endif
