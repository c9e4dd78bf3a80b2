/* store.c: the inventory library's file format. Written on glibc.
 * Make the project build on musl and its tests pass on both (edit only
 * this file; `make` builds libinventory.a and the test program). */
#define _GNU_SOURCE
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
    char *end;
    errno = 0;
    unsigned long long n = strtoull(comma + 1, &end, 10);
    if (errno != 0 || *end != '\0') return -1;   /* not a number, or junk after it */
    *count = n;
    return 0;
}

long inv_append(int fd, const char *name, uint64_t count) {
    struct inv_record r;
    memset(&r, 0, sizeof r);
    strncpy(r.name, name, INV_NAME_MAX - 1);
    r.count_be = htobe64(count);
    off64_t end = lseek64(fd, 0, SEEK_END);
    if (end < 0) return -1;
    if (TEMP_FAILURE_RETRY(write(fd, &r, sizeof r)) != (ssize_t)sizeof r) return -1;
    return (long)(end / (off64_t)sizeof r);
}

int inv_read(int fd, long i, char *name, uint64_t *count) {
    struct inv_record r;
    if (lseek64(fd, (off64_t)i * (off64_t)sizeof r, SEEK_SET) < 0) return -1;
    if (TEMP_FAILURE_RETRY(read(fd, &r, sizeof r)) != (ssize_t)sizeof r) return -1;
    memcpy(name, r.name, INV_NAME_MAX);
    name[INV_NAME_MAX - 1] = '\0';
    *count = be64toh(r.count_be);
    return 0;
}

int inv_owner(int fd, char *buf, unsigned long len) {
    struct stat64 st;
    if (fstat64(fd, &st) != 0) return -1;
    size_t size = (size_t)sysconf(_SC_GETPW_R_SIZE_MAX);   /* the buffer getpwuid_r needs */
    char *scratch = malloc(size);
    if (!scratch) return -1;
    struct passwd pw, *found = NULL;
    int rc = getpwuid_r(st.st_uid, &pw, scratch, size, &found);
    if (rc == 0) {
        strncpy(buf, found ? found->pw_name : "unknown", len - 1);
        buf[len - 1] = '\0';
    }
    free(scratch);
    return rc == 0 ? 0 : -1;
}
