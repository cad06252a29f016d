/*
 * File types and permission bits as st_mode holds them, with Linux's
 * values: they reach user space unchanged through stat() and come in
 * unchanged from cpio archives.
 */
#ifndef KERNEL_STAT_H
#define KERNEL_STAT_H

#define S_IFMT   0170000
#define S_IFSOCK 0140000
#define S_IFLNK  0120000
#define S_IFREG  0100000
#define S_IFBLK  0060000
#define S_IFDIR  0040000
#define S_IFCHR  0020000
#define S_IFIFO  0010000
#define S_ISUID  0004000
#define S_ISGID  0002000
#define S_ISVTX  0001000		/* sticky: only owners remove names (/tmp) */
#define S_IALLUGO 07777		/* permission bits with setuid, setgid, sticky */
#define S_IRWXUGO 00777
#define S_IXUGO  00111
#define S_IRUGO  00444
#define S_IWUGO  00222
#define S_IXGRP  00010

#define S_ISLNK(m) (((m) & S_IFMT) == S_IFLNK)
#define S_ISREG(m) (((m) & S_IFMT) == S_IFREG)
#define S_ISDIR(m) (((m) & S_IFMT) == S_IFDIR)
#define S_ISCHR(m) (((m) & S_IFMT) == S_IFCHR)
#define S_ISBLK(m) (((m) & S_IFMT) == S_IFBLK)
#define S_ISFIFO(m) (((m) & S_IFMT) == S_IFIFO)

#endif
