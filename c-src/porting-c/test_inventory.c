/* test_inventory.c: the project's tests. Prints one line per test and
 * exits 0 only if all of them pass. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "inventory.h"

static int failed;
static void check(int ok, const char *what) {
    printf("%s %s\n", ok ? "ok  " : "FAIL", what);
    if (!ok) failed++;
}

int main(void) {
    char path[] = "/tmp/inventory-XXXXXX", name[INV_NAME_MAX], owner[64];
    int fd = mkstemp(path);
    if (fd < 0) { perror("mkstemp"); return 2; }
    unlink(path);
    uint64_t n = 99;

    check(inv_parse("bolts,12", name, &n) == 0 && strcmp(name, "bolts") == 0 && n == 12, "parse \"bolts,12\"");
    check(inv_parse("nuts,", name, &n) == 0 && n == 0, "parse \"nuts,\" (no count means 0)");
    check(inv_parse("washers,12abc", name, &n) == -1, "reject \"washers,12abc\"");

    long a = inv_append(fd, "bolts", 12), b = inv_append(fd, "nuts", 5000000000ULL);
    check(a == 0 && b == 1, "append two records");

    unsigned char raw[sizeof(struct inv_record)];
    check(pread(fd, raw, sizeof raw, 0) == (ssize_t)sizeof raw && raw[INV_NAME_MAX + 7] == 12 && raw[INV_NAME_MAX] == 0,
          "counts are big-endian on disk");

    check(inv_read(fd, 1, name, &n) == 0 && strcmp(name, "nuts") == 0 && n == 5000000000ULL, "read record 1 back");
    check(inv_owner(fd, owner, sizeof owner) == 0, "find the file's owner");

    inv_report(fd);
    close(fd);
    puts(failed ? "some tests FAILED" : "all tests passed");
    return failed ? 1 : 0;
}
