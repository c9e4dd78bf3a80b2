/* records.wrong-first-size.c: WRONG. One buffer for the whole loop, as the
 * task asks, but sized for the first record (24 bytes): every bigger record
 * is written past its end, into whatever the allocator keeps next to it.
 * glibc does not notice (the checksum even comes out right); musl's
 * allocator finds its data damaged at free() and stops the program. */
#include <stdlib.h>

size_t record_size(int i);
unsigned long encode_record(int i, char *buf);

unsigned long encode_all(int count) {
    unsigned long sum = 0;
    char *buf = malloc(record_size(0));   /* the first record's size, reused for all */
    if (!buf) abort();
    for (int i = 0; i < count; i++)
        sum += encode_record(i, buf);
    free(buf);
    return sum;
}
