/* inventory.h: a tiny stock file - fixed-size records, counts stored as
 * big-endian 64-bit numbers so the file reads the same on any machine. */
#ifndef INVENTORY_H
#define INVENTORY_H
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define INV_NAME_MAX 24

struct inv_record {
    char name[INV_NAME_MAX];
    uint64_t count_be;            /* big-endian on disk */
};

/* Parse "name,count" (an empty count means 0). 0 on success, -1 if malformed. */
int inv_parse(const char *line, char *name, uint64_t *count);
/* Append a record; returns its index, or -1. */
long inv_append(int fd, const char *name, uint64_t count);
/* Read record i into name/count; 0 or -1. */
int inv_read(int fd, long i, char *name, uint64_t *count);
/* The file owner's login name into buf ("unknown" without one); 0 or -1 on error. */
int inv_owner(int fd, char *buf, unsigned long len);
/* One line per record, for people (report.c). */
void inv_report(int fd);

#ifdef __cplusplus
}
#endif
#endif
