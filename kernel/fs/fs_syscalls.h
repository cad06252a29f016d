/* The file system calls (kernel/fs/open.c, read_write.c, ...), for the table in kernel/sys.c. */
#ifndef KERNEL_FS_SYSCALLS_H
#define KERNEL_FS_SYSCALLS_H

#include <kernel/types.h>

long sys_getcwd(u64 buf, u64 size, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_dup(u64 oldfd, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_dup3(u64 oldfd, u64 newfd, u64 flags, u64 a3, u64 a4, u64 a5);
long sys_fcntl(u64 fd, u64 cmd, u64 arg, u64 a3, u64 a4, u64 a5);
long sys_ioctl(u64 fd, u64 cmd, u64 arg, u64 a3, u64 a4, u64 a5);
long sys_flock(u64 fd, u64 cmd, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_mkdirat(u64 dfd, u64 path, u64 mode, u64 a3, u64 a4, u64 a5);
long sys_unlinkat(u64 dfd, u64 path, u64 flags, u64 a3, u64 a4, u64 a5);
long sys_symlinkat(u64 target, u64 dfd, u64 path, u64 a3, u64 a4, u64 a5);
long sys_mknodat(u64 dfd, u64 path, u64 mode, u64 dev, u64 a4, u64 a5);
long sys_linkat(u64 olddfd, u64 oldpath, u64 newdfd, u64 newpath, u64 flags, u64 a5);
long sys_renameat(u64 olddfd, u64 oldpath, u64 newdfd, u64 newpath, u64 a4, u64 a5);
long sys_renameat2(u64 olddfd, u64 oldpath, u64 newdfd, u64 newpath, u64 flags, u64 a5);
long sys_mount(u64 source, u64 target, u64 type, u64 flags, u64 data, u64 a5);
long sys_umount2(u64 target, u64 flags, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_statfs(u64 path, u64 buf, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_fstatfs(u64 fd, u64 buf, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_faccessat(u64 dfd, u64 path, u64 mode, u64 a3, u64 a4, u64 a5);
long sys_chdir(u64 path, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_fchdir(u64 fd, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_openat(u64 dfd, u64 path, u64 flags, u64 mode, u64 a4, u64 a5);
long sys_close(u64 fd, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_pipe2(u64 fds, u64 flags, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_pselect6(u64 n, u64 inp, u64 outp, u64 exp, u64 timeout, u64 sig);
long sys_ppoll(u64 fds, u64 nfds, u64 timeout, u64 sigmask, u64 sigsetsize, u64 a5);
long sys_getdents64(u64 fd, u64 dirent, u64 count, u64 a3, u64 a4, u64 a5);
long sys_lseek(u64 fd, u64 offset, u64 whence, u64 a3, u64 a4, u64 a5);
long sys_read(u64 fd, u64 buf, u64 count, u64 a3, u64 a4, u64 a5);
long sys_write(u64 fd, u64 buf, u64 count, u64 a3, u64 a4, u64 a5);
long sys_readv(u64 fd, u64 iov, u64 iovcnt, u64 a3, u64 a4, u64 a5);
long sys_writev(u64 fd, u64 iov, u64 iovcnt, u64 a3, u64 a4, u64 a5);
long sys_pread64(u64 fd, u64 buf, u64 count, u64 pos, u64 a4, u64 a5);
long sys_pwrite64(u64 fd, u64 buf, u64 count, u64 pos, u64 a4, u64 a5);
long sys_readlinkat(u64 dfd, u64 path, u64 buf, u64 bufsiz, u64 a4, u64 a5);
long sys_newfstatat(u64 dfd, u64 path, u64 statbuf, u64 flags, u64 a4, u64 a5);
long sys_fstat(u64 fd, u64 statbuf, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_umask(u64 mask, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_faccessat2(u64 dfd, u64 path, u64 mode, u64 flags, u64 a4, u64 a5);
long sys_statx(u64 dfd, u64 path, u64 flags, u64 mask, u64 buf, u64 a5);
long sys_fchmod(u64 fd, u64 mode, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_fchmodat(u64 dfd, u64 path, u64 mode, u64 a3, u64 a4, u64 a5);
long sys_fchown(u64 fd, u64 uid, u64 gid, u64 a3, u64 a4, u64 a5);
long sys_fchownat(u64 dfd, u64 path, u64 uid, u64 gid, u64 flags, u64 a5);
long sys_utimensat(u64 dfd, u64 path, u64 times, u64 flags, u64 a4, u64 a5);
long sys_truncate(u64 path, u64 length, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_ftruncate(u64 fd, u64 length, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_fallocate(u64 fd, u64 mode, u64 offset, u64 len, u64 a4, u64 a5);
long sys_fsync(u64 fd, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_fdatasync(u64 fd, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_sync(u64 a0, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_syncfs(u64 fd, u64 a1, u64 a2, u64 a3, u64 a4, u64 a5);
long sys_sendfile(u64 out_fd, u64 in_fd, u64 offset, u64 count, u64 a4, u64 a5);
long sys_copy_file_range(u64 fd_in, u64 off_in, u64 fd_out, u64 off_out, u64 len,
			 u64 flags);

#endif
