# The device tree reader against real trees from QEMU's virt machine, dumped
# at build time (GICv2 with a kernel, initrd and command line; GICv3; GICv3
# at EL2), and against small hand-written trees compiled with dtc.
# The test reads them from build/host/, so it runs from the repository root.
HOST_TESTS += fdt
host_fdt_SRCS := tests/host/test_fdt.c kernel/lib/fdt.c

fdt_QEMU := qemu-system-aarch64 -cpu cortex-a72 -display none
fdt_BOOTARGS := console=ttyAMA0 loglevel=8 rdinit=/init -- sh -c "echo hi"
fdt_DTBS := $(BUILD)/host/virt-gicv2.dtb $(BUILD)/host/virt-gicv3.dtb \
	$(BUILD)/host/virt-el2.dtb \
	$(patsubst tests/host/dts/%.dts,$(BUILD)/host/dts/%.dtb,$(wildcard tests/host/dts/*.dts))

# A zero-filled page, loaded by QEMU as the "kernel" and as the initrd.
$(BUILD)/host/fdt-page.bin: | $(BUILD)/host
	dd if=/dev/zero of=$@ bs=4096 count=1 2>/dev/null

$(BUILD)/host/virt-gicv2.dtb: $(BUILD)/host/fdt-page.bin
	$(fdt_QEMU) -M virt,dumpdtb=$@ -smp 4 -m 512M -kernel $< -initrd $< \
		-append '$(fdt_BOOTARGS)'

$(BUILD)/host/virt-gicv3.dtb: | $(BUILD)/host
	$(fdt_QEMU) -M virt,gic-version=3,dumpdtb=$@ -smp 4 -m 2G

$(BUILD)/host/virt-el2.dtb: | $(BUILD)/host
	$(fdt_QEMU) -M virt,gic-version=3,virtualization=on,dumpdtb=$@ -smp 2 -m 2G

$(BUILD)/host/dts/%.dtb: tests/host/dts/%.dts
	@mkdir -p $(@D)
	dtc -q -I dts -O dtb -o $@ $<

$(BUILD)/host/fdt: $(fdt_DTBS)
