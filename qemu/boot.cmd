# U-Boot boot script (make uboot-files turns it into boot.scr.uimg).
# U-Boot fetched it by TFTP after DHCP; it fetches the kernel and the
# initramfs the same way. bootm puts the initramfs in the device tree.
tftpboot 0x42000000 uImage
tftpboot 0x44000000 initramfs.uimg
setenv bootargs "@BOOTARGS@"
bootm 0x42000000 0x44000000 ${fdtcontroladdr}
