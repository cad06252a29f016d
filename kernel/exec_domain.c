/*
 * personality(2): the execution domain a program asks for. tkern runs
 * only Linux's AArch64 ABI, so the value changes nothing; it is kept per
 * task (fork copies it) and handed back, as Linux does. As on arm64
 * Linux without 32-bit user support, asking for PER_LINUX32 fails.
 */
#include <kernel/syscalls.h>
#include <kernel/sched.h>
#include <kernel/errno.h>

#define PER_MASK 0xff
#define PER_LINUX32 0x8
#define PERSONALITY_QUERY 0xffffffffu

long sys_personality(u64 persona, u64 a1 __unused, u64 a2 __unused, u64 a3 __unused,
		     u64 a4 __unused, u64 a5 __unused)
{
	unsigned int old = current->personality;
	unsigned int want = (unsigned int)persona;

	if ((want & PER_MASK) == PER_LINUX32)
		return -EINVAL;
	if (want != PERSONALITY_QUERY)
		current->personality = want;
	return old;
}
