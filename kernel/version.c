/* The boot banner: version and the compiler that built the kernel. */
#include <kernel/version.h>

const char tkern_banner[] = "tkern version " TKERN_VERSION " (" __VERSION__ ")";
