/* records.wrong-realloc.c: WRONG. realloc()s the one buffer to each record's
 * exact size: the loop holds one block, but it still asks the allocator for
 * every record, and a block that changes size class moves. */
#include <stdlib.h>

size_t record_size(int i);
unsigned long encode_record(int i, char *buf);

unsigned long encode_all(int count) {
    unsigned long sum = 0;
    char *buf = NULL;
    for (int i = 0; i < count; i++) {
        char *resized = realloc(buf, record_size(i));   /* every record: a call into the allocator */
        if (!resized) abort();
        buf = resized;
        sum += encode_record(i, buf);
    }
    free(buf);
    return sum;
}
