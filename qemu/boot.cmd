# U-Boot boot script (make uboot-files turns it into boot.scr.uimg).
# U-Boot fetched it by TFTP after DHCP; it fetches the kernel the same way.
tftpboot 0x42000000 uImage
setenv bootargs "@BOOTARGS@"
bootm 0x42000000 - ${fdtcontroladdr}
