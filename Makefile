# tkern: a teaching kernel for AArch64 on QEMU's virt machine.
# `make help` lists the targets; README.md explains them.

.DEFAULT_GOAL := all
BUILD := build

# `make V=1` shows every command; by default one short line per step.
ifeq ($(V),1)
Q :=
quiet = @true
else
Q := @
quiet = @echo "  $(1)"
endif

# ---------------------------------------------------------------- toolchain
# GCC cross compiler by default; `make CC=clang` builds with clang and lld.
# On an AArch64 host the native tools are used (no cross prefix).
ifeq ($(filter aarch64 arm64,$(shell uname -m)),)
CROSS_COMPILE ?= aarch64-linux-gnu-
endif
ifneq ($(findstring clang,$(CC)),)
KCC := $(CC) --target=aarch64-linux-gnu
KLD := ld.lld
KCC_FLAGS := -mno-outline-atomics
else
KCC := $(CROSS_COMPILE)gcc
KLD := $(CROSS_COMPILE)ld
KCC_FLAGS := -mno-outline-atomics -fno-tree-loop-distribute-patterns
endif
KOBJCOPY := $(CROSS_COMPILE)objcopy
KNM := $(CROSS_COMPILE)nm

# Frame pointers everywhere and no sibling-call jumps: every function
# stays in the backtrace, which is worth more here than the few cycles.
KCFLAGS := -std=gnu11 -O2 -g -ffreestanding -fno-stack-protector -fno-pie -fno-pic \
	-march=armv8-a -mgeneral-regs-only -fno-omit-frame-pointer \
	-mno-omit-leaf-frame-pointer -fno-optimize-sibling-calls -fno-asynchronous-unwind-tables -fno-unwind-tables \
	-Wall -Wextra -Werror -Iarch/arm64/include -I. -MMD -MP $(KCC_FLAGS)
KASFLAGS := -Iarch/arm64/include -I. -MMD -MP -D__ASSEMBLER__
KLDFLAGS := -nostdlib -static -no-pie -T linker.ld -z max-page-size=4096 --build-id=none

# ---------------------------------------------------------------- kernel
ARCH_SRCS := $(wildcard arch/arm64/kernel/*.S arch/arm64/kernel/*.c \
	arch/arm64/drivers/*.c arch/arm64/mm/*.c arch/arm64/lib/*.S)
KERNEL_SRCS := kernel/main.c kernel/devicetree.c kernel/lib/fdt.c kernel/lib/cmdline.c \
	kernel/printk.c kernel/lib/vsprintf.c kernel/lib/string.c kernel/lib/seq_buf.c kernel/lib/bitmap.c \
	kernel/fs/console.c kernel/monitor.c kernel/panic.c kernel/ksyms.c \
	kernel/ktest.c kernel/kbench.c kernel/version.c kernel/lib/rbtree.c \
	kernel/sched.c kernel/sched_fair.c kernel/sched_balance.c kernel/sched_syscalls.c kernel/pid.c \
	kernel/kthread.c kernel/wait.c kernel/rwsem.c kernel/fs/rootfs.c \
	kernel/lib/cpio.c kernel/lib/inflate.c kernel/fs/initramfs.c kernel/fs/ramfs.c kernel/fs/ramfs_file.c \
	kernel/binfmt_elf.c kernel/binfmt_script.c kernel/exec_stack.c kernel/exec_args.c kernel/exec.c kernel/sys.c kernel/uaccess.c kernel/fork.c kernel/exit.c \
	kernel/fs/file.c kernel/fs/fdtable.c kernel/fs/namei.c kernel/fs/open.c kernel/fs/read_write.c \
	kernel/fs/readdir.c kernel/fs/stat.c kernel/fs/fcntl.c kernel/fs/pipe.c kernel/fs/tty.c \
	kernel/fs/mem_devices.c kernel/fs/char_dev.c kernel/fs/procfs.c kernel/fs/proc_pid.c \
	kernel/fs/proc_meminfo.c kernel/fs/permission.c kernel/fs/inode.c kernel/fs/attr.c \
	kernel/fs/proc_stat.c kernel/fs/proc_sys.c kernel/fs/sysfs.c kernel/fs/sysfs_slab.c kernel/fs/proc_fault.c \
	kernel/fs/namespace.c kernel/fs/statfs.c kernel/fs/proc_fd.c kernel/exec_domain.c \
	kernel/signal.c kernel/pgrp.c kernel/orphan.c kernel/cred.c kernel/time.c kernel/rusage.c kernel/random.c \
	kernel/utsname.c kernel/timer.c kernel/sysinfo.c kernel/timekeeping.c kernel/fs/proc_misc.c
KERNEL_SRCS += kernel/jobctl.c kernel/sigchld.c kernel/sigaltstack.c kernel/signal_wait.c \
	kernel/itimer.c kernel/resource.c kernel/fs/proc_limits.c kernel/fs/proc_task_mmu.c \
	kernel/fs/fs_struct.c kernel/futex.c kernel/fs/select.c kernel/prctl.c \
	kernel/fs/truncate.c kernel/fs/sync.c kernel/fs/sendfile.c kernel/fs/locks.c kernel/fs/lock_ranges.c \
	kernel/fs/mapdrv.c kernel/fs/proc_oom.c kernel/ipc/util.c kernel/ipc/shm.c kernel/fault_task.c \
	kernel/watchdog.c kernel/drivers/virtio.c kernel/drivers/virtio_ring.c \
	kernel/drivers/virtio_mmio.c kernel/drivers/virtio_blk.c \
	kernel/block/bio.c kernel/block/genhd.c kernel/block/fops.c
KERNEL_SRCS += kernel/lockdep.c kernel/lockdep_graph.c
MM_SRCS := mm/page_alloc.c mm/pgtable.c mm/slub.c mm/slab_common.c mm/vmalloc.c \
	mm/vmap_area.c mm/mmap.c mm/mremap.c mm/msync.c mm/madvise.c mm/mlock.c mm/mincore.c \
	mm/memory.c mm/filemap.c mm/overcommit.c mm/oom_kill.c mm/shmem.c mm/fault_inject.c \
	mm/page_table_check.c \
	mm/swap_header.c mm/swapfile.c mm/swap_slots.c mm/swap_state.c mm/page_io.c \
	mm/rmap.c mm/lru.c mm/vmscan.c mm/kswapd.c
KTEST_SRCS := $(wildcard tests/kernel/*.c)
KBENCH_SRCS := $(wildcard tests/bench/kernel/*.c)
SRCS := $(ARCH_SRCS) $(KERNEL_SRCS) $(MM_SRCS) $(KTEST_SRCS) $(KBENCH_SRCS)
OBJS := $(patsubst %,$(BUILD)/obj/%.o,$(basename $(SRCS)))

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(call quiet,CC      $<)
	$(Q)$(KCC) $(KCFLAGS) -c $< -o $@

$(BUILD)/obj/%.o: %.S
	@mkdir -p $(dir $@)
	$(call quiet,AS      $<)
	$(Q)$(KCC) $(KASFLAGS) -c $< -o $@

# Two links: the first finds where every function lands, the second adds
# the symbol table (at the end of .rodata, so no function moves).
$(BUILD)/ksyms-empty.S: kernel/gen_ksyms.py
	@mkdir -p $(BUILD)
	python3 kernel/gen_ksyms.py --empty > $@

$(BUILD)/%.o: $(BUILD)/%.S
	$(KCC) $(KASFLAGS) -c $< -o $@

$(BUILD)/kernel.pass1.elf: $(OBJS) $(BUILD)/ksyms-empty.o linker.ld
	$(call quiet,LD      $@)
	$(Q)$(KLD) $(KLDFLAGS) -o $@ $(OBJS) $(BUILD)/ksyms-empty.o

$(BUILD)/ksyms.S: $(BUILD)/kernel.pass1.elf kernel/gen_ksyms.py
	$(KNM) -n -S $< | python3 kernel/gen_ksyms.py > $@

$(BUILD)/kernel.elf: $(OBJS) $(BUILD)/ksyms.o linker.ld
	$(call quiet,LD      $@)
	$(Q)$(KLD) $(KLDFLAGS) -o $@ $(OBJS) $(BUILD)/ksyms.o
	$(KNM) -n -S $@ | python3 kernel/gen_ksyms.py --check $(BUILD)/ksyms.S

$(BUILD)/Image: $(BUILD)/kernel.elf
	$(call quiet,OBJCOPY $@)
	$(Q)$(KOBJCOPY) -O binary $< $@

.PHONY: all kernel
all: $(BUILD)/Image
kernel: $(BUILD)/Image

-include $(OBJS:.o=.d)

# ---------------------------------------------------------------- host tests
# The algorithms of mm/ compiled for the host, with ASan and UBSan, over an
# arena that stands in for RAM. Each tests/host/*.mk adds one test program:
#   HOST_TESTS += NAME
#   host_NAME_SRCS := tests/host/test_NAME.c mm/....c
HOSTCC ?= cc
HOST_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -pthread \
	-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
	-Itests/host/include -Iarch/arm64/include -I.
HOST_COMMON := tests/host/htest.c tests/host/shim.c kernel/lib/seq_buf.c mm/fault_inject.c
HOST_LDLIBS :=
HOST_TESTS :=
include $(sort $(wildcard tests/host/*.mk))

HOST_BINS := $(addprefix $(BUILD)/host/,$(HOST_TESTS))

.SECONDEXPANSION:
# One compiler run builds a program from several sources, so -MMD would keep
# only the last source's headers: the dependencies come from a -MM run first.
$(BUILD)/host/%: $$(host_$$*_SRCS) $(HOST_COMMON) $(wildcard tests/host/*.h) | $(BUILD)/host
	$(call quiet,HOSTCC  $@)
	$(Q)mkdir -p $(BUILD)/host-deps
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -MM -MP -MT $@ $(filter %.c,$^) > $(BUILD)/host-deps/$*.d
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -o $@ $(filter %.c,$^) $(HOST_LDLIBS)

-include $(wildcard $(BUILD)/host-deps/*.d)

$(BUILD)/host:
	mkdir -p $@

.PHONY: host-tests host-test
host-tests: $(HOST_BINS)

# Run every host test program; each prints TAP.
host-test: host-tests
	@status=0; for t in $(HOST_TESTS); do $(BUILD)/host/$$t $$t || status=1; done; exit $$status

# ---------------------------------------------------------------- initramfs
# Static AArch64 Linux programs (the distribution's C library), and the
# broken-ELF corpus made from one of them, packed as cpio newc, every file
# owned by root as distributions pack theirs (permissions are checked).
UCC := $(CROSS_COMPILE)gcc
USER_CFLAGS := -static -O2 -Wall -Wextra -Werror
USER_PROGS := $(patsubst tests/user/%.c,$(BUILD)/user/%,$(wildcard tests/user/*.c)) \
	$(BUILD)/user/bench
INITRAMFS := $(BUILD)/initramfs.cpio

# The shared test headers are prerequisites too: a change to one rebuilds its users.
$(BUILD)/user/%: tests/user/%.c $(wildcard tests/user/*.h)
	@mkdir -p $(dir $@)
	$(call quiet,UCC     $<)
	$(Q)$(UCC) $(USER_CFLAGS) -o $@ $<

# The benchmark programs; only bench is in the initramfs (kmodload joins it
# for Linux's allocator run, see tests/bench/run.py).
$(BUILD)/user/%: tests/bench/user/%.c $(wildcard tests/bench/user/*.h) tests/user/meminfo.h tests/user/vmstat.h
	@mkdir -p $(dir $@)
	$(call quiet,UCC     $<)
	$(Q)$(UCC) $(USER_CFLAGS) -o $@ $<

$(BUILD)/user/minimal: tests/user/elf-corpus/minimal.c
	@mkdir -p $(dir $@)
	$(call quiet,UCC     $<)
	$(Q)$(UCC) -static -nostdlib -O2 -Wall -Wextra -Werror -o $@ $<

# The system's own programs (user/): init, and the teaching versions of a
# shell and a few tools (tsh, tls, tcat ...: BusyBox has the real ones).
BIN_PROGS := $(patsubst user/%.c,$(BUILD)/bin/%,$(wildcard user/*.c))

$(BUILD)/bin/%: user/%.c
	@mkdir -p $(dir $@)
	$(call quiet,UCC     $<)
	$(Q)$(UCC) $(USER_CFLAGS) -o $@ $<

# BusyBox as the userland: Debian's busybox-static with its applet links
# (qemu/busybox-install.sh). Without it (offline, no apt), /bin/sh is tsh.
# Left uncompressed: make test boots this image hundreds of times, and
# inflating it costs more than reading it (docs/initramfs.md); make
# $(INITRAMFS).gz makes the gzip image, and make run GZIP=1 boots it.
$(INITRAMFS): $(USER_PROGS) $(BIN_PROGS) $(BUILD)/user/minimal tests/user/elf-corpus/make_corpus.py \
		qemu/busybox-install.sh qemu/cpio-align.py
	$(call quiet,CPIO    $@)
	$(Q)rm -rf $(BUILD)/initramfs && mkdir -p $(BUILD)/initramfs/bin $(BUILD)/initramfs/proc \
		$(BUILD)/initramfs/sys
	$(Q)cp $(USER_PROGS) $(BUILD)/user/minimal $(filter-out %/init,$(BIN_PROGS)) \
		$(BUILD)/initramfs/bin/
	$(Q)cp $(BUILD)/bin/init $(BUILD)/initramfs/init
	$(Q)python3 tests/user/elf-corpus/make_corpus.py $(BUILD)/user/minimal \
		$(BUILD)/initramfs/elf-corpus >/dev/null
	$(Q)qemu/busybox-install.sh $(BUILD)/initramfs 2>$(BUILD)/busybox-install.log || \
		{ echo "  note: no BusyBox in the initramfs ($$(tail -n1 $(BUILD)/busybox-install.log)): /bin/sh is tsh"; \
		  ln -s tsh $(BUILD)/initramfs/bin/sh; }
	$(Q)cd $(BUILD)/initramfs && find . -mindepth 1 | LC_ALL=C sort | \
		cpio -o -H newc -R 0:0 --quiet | python3 $(abspath qemu/cpio-align.py) > $(abspath $@)

$(INITRAMFS).gz: $(INITRAMFS)
	$(call quiet,GZIP    $@)
	$(Q)gzip -9 -n -c $< > $@

all: $(INITRAMFS)

# ---------------------------------------------------------------- running
# Overridable: make run SMP=2 MEM=1G CPU=max GIC=3 EL2=1 BOOTARGS="loglevel=4"
SMP ?= 4
MEM ?= 512M
CPU ?= cortex-a72
GIC ?= 2
EL2 ?= 0
BOOTARGS ?=
QEMU_EXTRA ?=
GDB_PORT ?= 1234
ACCEL ?= tcg

comma := ,
QEMU_MACHINE := virt,gic-version=$(GIC)$(if $(filter 1,$(EL2)),$(comma)virtualization=on)
ifeq ($(ACCEL),kvm)
QEMU_ACCEL := -accel kvm
CPU := host
endif
QEMU_BASE = qemu-system-aarch64 -M $(QEMU_MACHINE) -cpu $(CPU) -smp $(SMP) -m $(MEM) \
	-nographic $(QEMU_ACCEL)
# make run GZIP=1: the same image, gzip-compressed.
RUN_INITRD := $(INITRAMFS)$(if $(filter 1,$(GZIP)),.gz)
# make run DISK="a.img b.img": raw images as virtio disks /dev/vda, /dev/vdb (none by default).
# make run SWAP=256M: a swap area of that size, made once by mkswap under build/,
# attached after DISK's images (the disk after them: /dev/vda without DISK).
SWAP ?=
SWAP_IMG = $(if $(SWAP),$(BUILD)/swap-$(SWAP).img)
MKSWAP := $(shell PATH="$$PATH:/sbin:/usr/sbin" command -v mkswap)
QEMU_DISKS = $(if $(DISK)$(SWAP),$(shell qemu/disk-args.sh $(DISK) $(SWAP_IMG)))
QEMU_CMD = $(QEMU_BASE) -kernel $(BUILD)/Image -initrd $(RUN_INITRD) -append "$(BOOTARGS)" \
	$(QEMU_DISKS) $(QEMU_EXTRA)

.PHONY: run run-busybox debug gdb tools
tools:
	@qemu/ensure-tools.sh run

# init starts /bin/sh, BusyBox's ash, in a session of its own with the UART
# as its controlling terminal: job control (&, jobs, fg, Ctrl-Z, bg) as on
# a Linux console. run-busybox is the name this target had before.
run run-busybox: tools
	@$(MAKE) --no-print-directory all $(RUN_INITRD) $(SWAP_IMG)
	$(QEMU_CMD)

$(BUILD)/swap-%.img:
	@mkdir -p $(BUILD)
	truncate -s $* $@.tmp && $(MKSWAP) -q $@.tmp && mv $@.tmp $@

# QEMU halted at the first instruction, waiting for `make gdb` in another terminal.
debug: tools
	@$(MAKE) --no-print-directory all $(RUN_INITRD) $(SWAP_IMG)
	@echo "QEMU is waiting for gdb on port $(GDB_PORT): run 'make gdb' in another terminal"
	$(QEMU_CMD) -gdb tcp::$(GDB_PORT) -S

gdb:
	@command -v gdb-multiarch >/dev/null || qemu/ensure-tools.sh test
	gdb-multiarch -q -x qemu/gdbinit -ex "target remote :$(GDB_PORT)" $(BUILD)/kernel.elf

# ---------------------------------------------------------------- U-Boot
# U-Boot (Debian's u-boot-qemu) boots at EL2, gets an address by DHCP from
# QEMU's user network, fetches boot.scr.uimg by TFTP from build/uboot/ and
# runs it: the script fetches the uImage and the initramfs and starts them
# with bootm.
UBOOT_BIN := /usr/lib/u-boot/qemu_arm64/u-boot.bin
UBOOT_DIR := $(BUILD)/uboot
UBOOT_QEMU = qemu-system-aarch64 -M virt,virtualization=on,gic-version=$(GIC) -cpu $(CPU) \
	-smp $(SMP) -m $(MEM) -nographic -no-reboot -bios $(UBOOT_BIN) \
	-netdev user,id=net0,tftp=$(UBOOT_DIR) -device virtio-net-device,netdev=net0

.PHONY: uimage uboot-files run-uboot print-uboot-qemu
uimage: $(BUILD)/uImage

# Loaded and started at U-Boot's kernel_addr_r for QEMU: the Image wants a 2 MiB-aligned base.
$(BUILD)/uImage: $(BUILD)/Image
	$(call quiet,MKIMAGE $@)
	$(Q)mkimage -A arm64 -O linux -T kernel -C none -a 0x40400000 -e 0x40400000 \
		-n "tkern" -d $< $@ >/dev/null

uboot-files: $(BUILD)/uImage $(INITRAMFS)
	@mkdir -p $(UBOOT_DIR)
	@cp $(BUILD)/uImage $(UBOOT_DIR)/uImage
	@mkimage -A arm64 -O linux -T ramdisk -C none -n "tkern initramfs" \
		-d $(INITRAMFS) $(UBOOT_DIR)/initramfs.uimg >/dev/null
	@sed 's|@BOOTARGS@|$(BOOTARGS)|' qemu/boot.cmd > $(UBOOT_DIR)/boot.cmd
	@mkimage -A arm64 -O linux -T script -C none -n "tkern boot script" \
		-d $(UBOOT_DIR)/boot.cmd $(UBOOT_DIR)/boot.scr.uimg >/dev/null

run-uboot: tools
	@qemu/ensure-tools.sh test
	@$(MAKE) --no-print-directory uboot-files
	$(UBOOT_QEMU)

print-uboot-qemu:
	@echo $(UBOOT_QEMU)

# ---------------------------------------------------------------- testing
# TIMEOUT_SCALE multiplies every QEMU timeout (e.g. 3 on a slow machine).
TIMEOUT_SCALE ?= 1

# Benchmarks live apart from the tests: make bench (figures in build/bench.md).
include tests/bench/host_slub_bench.mk
include tests/labs/labs.mk

.PHONY: bench
bench:
	@qemu/ensure-tools.sh run
	@$(MAKE) --no-print-directory all $(BUILD)/user/kmodload
	python3 tests/bench/run.py
	@$(MAKE) --no-print-directory bench-host-slub

# The system call fuzzer alone, for longer than make test runs it
# (docs/fuzz.md): make fuzz SECONDS=600 [SEED=n] replays a seed it printed;
# CALLS=n bounds the calls (make test's run: CALLS=100000 SECONDS=120) and
# FUZZ_BOOT adds boot options (FUZZ_BOOT=slub_debug=U,kmalloc-192).
SECONDS ?= 600
SEED ?= 0
CALLS ?= 0
FUZZ_BOOT ?=
.PHONY: fuzz
fuzz: tools
	@$(MAKE) --no-print-directory all
	@TIMEOUT_SCALE=$(TIMEOUT_SCALE) python3 tests/run.py --fuzz $(SECONDS) $(SEED) $(CALLS) \
		$(FUZZ_BOOT)

.PHONY: test clean help docs
# The pictures are drawn from the sources' constants; tests check they are current.
docs:
	python3 docs/tools/memory_layout.py docs/memory-layout.svg
	python3 docs/tools/process_layout.py docs/process-layout.svg
	python3 docs/tools/subsystems.py docs/subsystems.svg
	python3 docs/tools/syscalls.py docs/syscalls.md

test:
	@qemu/ensure-tools.sh test
	@$(MAKE) --no-print-directory all host-tests $(INITRAMFS).gz
	@TIMEOUT_SCALE=$(TIMEOUT_SCALE) TESTS="$(TESTS)" python3 tests/run.py $(HOST_TESTS)

clean:
	rm -rf $(BUILD)

help:
	@echo "make            build build/kernel.elf and build/Image"
	@echo "make run        boot it in QEMU into BusyBox's shell (leave with Ctrl-A X; GZIP=1: gzip image)"
	@echo "make debug      QEMU halted, waiting for gdb; then 'make gdb' in a second terminal"
	@echo "make test       every test layer, ending with 'N passed, N failed'"
	@echo "make bench      allocator costs in guest instructions (QEMU -icount)"
	@echo "make host-test  only the host unit tests"
	@echo "make fuzz       the system call fuzzer for SECONDS (600) from SEED (random, printed)"
	@echo "                [CALLS=n: at most n calls] [FUZZ_BOOT=options: added to its boot]"
	@echo "make lab LAB=n  a student tree for lab n; make grade LAB=n [TEST=t] scores it; make handin LAB=n (make labs)"
	@echo "make uimage     build/uImage for U-Boot's bootm; make run-uboot boots it"
	@echo "make CC=clang   build with clang and ld.lld"
	@echo "make docs       redraw the pictures of docs/ (layouts, subsystems)"
	@echo "Variables: SMP MEM CPU GIC EL2 BOOTARGS QEMU_EXTRA ACCEL=kvm TIMEOUT_SCALE V=1"
