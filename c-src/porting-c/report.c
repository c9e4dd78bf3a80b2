/* report.c: prints the stock, one record a line. */
#include <stdio.h>
#include "inventory.h"

void inv_report(int fd) {
    char name[INV_NAME_MAX];
    uint64_t count;
    for (long i = 0; inv_read(fd, i, name, &count) == 0; i++)
        printf("  %-10s %llu\n", name, (unsigned long long)count);
}
