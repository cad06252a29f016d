/* The kernel's name and version, as the boot banner prints them. */
#ifndef KERNEL_VERSION_H
#define KERNEL_VERSION_H

#define TKERN_VERSION "0.1"

extern const char tkern_banner[];

#endif
