/* records.solution.c: one scratch buffer for the whole loop.
 *
 * The biggest record is 535 bytes, so a buffer of 536 bytes fits every one
 * (for sizes not known in advance, grow it with realloc when a record does
 * not fit: it then grows a few times, not once per record). */
#include <stdlib.h>

size_t record_size(int i);
unsigned long encode_record(int i, char *buf);

unsigned long encode_all(int count) {
    unsigned long sum = 0;
    size_t cap = 0;
    char *buf = NULL;
    for (int i = 0; i < count; i++) {
        size_t need = record_size(i);
        if (need > cap) {            /* grow only when a record does not fit */
            char *bigger = realloc(buf, need);
            if (!bigger) abort();
            buf = bigger;
            cap = need;
        }
        sum += encode_record(i, buf);
    }
    free(buf);
    return sum;
}
