#!/bin/sh
# A script as the first process: booted with rdinit=/tests/busybox/asinit.sh
# (and arguments after --), the kernel finds the #! line and starts the shell
# with the script's path as its first argument (binfmt_script), as Linux
# does. Also run as `sh asinit.sh`, like every script here.
echo "script as init: \$0=$0, $# arguments: $*"
echo "pid $$, parent $PPID"
