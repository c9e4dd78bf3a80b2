/* store.solution.c: the store in names and answers both libraries share.
 * - htobe64/be64toh: declared in <endian.h>; name it (glibc's <stdlib.h>
 *   happened to include it).
 * - off64_t/lseek64/stat64: off_t is 64 bits on musl and on 64-bit glibc;
 *   the plain names are the large-file names.
 * - TEMP_FAILURE_RETRY: the loop it stands for.
 * - sysconf(_SC_GETPW_R_SIZE_MAX) may be -1 ("no fixed size", musl): start
 *   with a size of our own and grow it while getpwuid_r says ERANGE.
 * - strtoull may set errno to EINVAL when there is no number (musl): an
 *   empty count is handled before the call, and "no digits" is end == start. */
#define _GNU_SOURCE
#include <endian.h>
#include <errno.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "inventory.h"

int inv_parse(const char *line, char *name, uint64_t *count) {
    const char *comma = strchr(line, ',');
    if (!comma || comma == line || comma - line >= INV_NAME_MAX) return -1;
    memcpy(name, line, (size_t)(comma - line));
    name[comma - line] = '\0';
    const char *digits = comma + 1;
    if (*digits == '\0') { *count = 0; return 0; }   /* no count means 0 */
    char *end;
    errno = 0;
    unsigned long long n = strtoull(digits, &end, 10);
    if (end == digits || *end != '\0' || errno == ERANGE) return -1;
    *count = n;
    return 0;
}

static ssize_t write_all(int fd, const void *p, size_t len) {
    ssize_t n;
    do n = write(fd, p, len);
    while (n == -1 && errno == EINTR);
    return n;
}

static ssize_t read_retry(int fd, void *p, size_t len) {
    ssize_t n;
    do n = read(fd, p, len);
    while (n == -1 && errno == EINTR);
    return n;
}

long inv_append(int fd, const char *name, uint64_t count) {
    struct inv_record r;
    memset(&r, 0, sizeof r);
    strncpy(r.name, name, INV_NAME_MAX - 1);
    r.count_be = htobe64(count);
    off_t end = lseek(fd, 0, SEEK_END);
    if (end < 0) return -1;
    if (write_all(fd, &r, sizeof r) != (ssize_t)sizeof r) return -1;
    return (long)(end / (off_t)sizeof r);
}

int inv_read(int fd, long i, char *name, uint64_t *count) {
    struct inv_record r;
    if (lseek(fd, (off_t)i * (off_t)sizeof r, SEEK_SET) < 0) return -1;
    if (read_retry(fd, &r, sizeof r) != (ssize_t)sizeof r) return -1;
    memcpy(name, r.name, INV_NAME_MAX);
    name[INV_NAME_MAX - 1] = '\0';
    *count = be64toh(r.count_be);
    return 0;
}

int inv_owner(int fd, char *buf, unsigned long len) {
    struct stat st;
    if (fstat(fd, &st) != 0) return -1;
    long hint = sysconf(_SC_GETPW_R_SIZE_MAX);
    size_t size = hint > 0 ? (size_t)hint : 1024;
    struct passwd pw, *found = NULL;
    int rc;
    for (;;) {
        char *scratch = malloc(size);
        if (!scratch) return -1;
        rc = getpwuid_r(st.st_uid, &pw, scratch, size, &found);
        if (rc == 0) {
            strncpy(buf, found ? found->pw_name : "unknown", len - 1);
            buf[len - 1] = '\0';
        }
        free(scratch);
        if (rc != ERANGE || size > (1u << 20)) break;
        size *= 2;
    }
    return rc == 0 ? 0 : -1;
}
