/* lfs64.c: the "large file" names of the 1990s (stat64, lseek64, off64_t,
 * open64). musl 1.2.4 took them out of its headers: off_t is 64 bits on
 * every musl target, so the plain names already handle large files.
 *
 * Built with -DTRY_<NAME>, it is a compile-only probe; built as is, it uses
 * the plain names and prints how wide off_t is. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#if defined(TRY_stat64)
long long probe(const char *p) { struct stat64 st; return stat64(p, &st) == 0 ? st.st_size : -1; }
#elif defined(TRY_fstat64)
long long probe(int fd) { struct stat64 st; return fstat64(fd, &st) == 0 ? st.st_size : -1; }
#elif defined(TRY_lseek64)
long long probe(int fd) { return lseek64(fd, 0, SEEK_END); }
#elif defined(TRY_off64_t)
off64_t probe;
#elif defined(TRY_open64)
int probe(const char *p) { return open64(p, O_RDONLY); }
#else
int main(void) {
    struct stat st;
    int fd = open("/proc/self/exe", O_RDONLY);
    off_t end = lseek(fd, 0, SEEK_END);    /* off_t: 64 bits here, on both */
    fstat(fd, &st);
    printf("sizeof(off_t) = %zu, lseek and fstat agree: %s\n", sizeof(off_t), end == st.st_size ? "yes" : "no");
    close(fd);
    return 0;
}
#endif
