# The ELF loader's checks and the initial stack layout, on real static
# AArch64 programs built here with the cross compiler (compared with what
# readelf says) and on a corpus of broken files made from one of them.
HOST_TESTS += binfmt_elf
host_binfmt_elf_SRCS := tests/host/test_binfmt_elf.c kernel/binfmt_elf.c kernel/exec_stack.c

ELF_SAMPLES := $(BUILD)/host/elf
ELF_STATIC := $(ELF_SAMPLES)/hello $(ELF_SAMPLES)/layout
USER_CFLAGS := -O2 -Wall -Wextra -Werror

$(BUILD)/host/binfmt_elf: HOST_CFLAGS += -DELF_SAMPLES=\"$(ELF_SAMPLES)\" \
	-DREADELF=\"$(CROSS_COMPILE)readelf\"
$(BUILD)/host/binfmt_elf: $(ELF_STATIC) $(ELF_SAMPLES)/hello-pie \
	$(ELF_SAMPLES)/corpus/MANIFEST

$(ELF_STATIC): $(ELF_SAMPLES)/%: tests/user/%.c
	$(call quiet,USERCC  $@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CROSS_COMPILE)gcc -static $(USER_CFLAGS) -o $@ $<

$(ELF_SAMPLES)/hello-pie: tests/user/hello.c
	$(call quiet,USERCC  $@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CROSS_COMPILE)gcc -static-pie $(USER_CFLAGS) -o $@ $<

$(ELF_SAMPLES)/corpus/MANIFEST: tests/user/elf-corpus/make_corpus.py $(ELF_SAMPLES)/hello
	$(call quiet,CORPUS  $(@D))
	$(Q)python3 $^ $(@D)
