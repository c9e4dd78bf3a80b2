/* records.wrong-same-size.c: WRONG. Keeps the buffer only when the next
 * record has exactly the same size; record sizes change every time, so it
 * still frees and allocates once per record. */
#include <stdlib.h>

size_t record_size(int i);
unsigned long encode_record(int i, char *buf);

unsigned long encode_all(int count) {
    unsigned long sum = 0;
    size_t have = 0;
    char *buf = NULL;
    for (int i = 0; i < count; i++) {
        size_t need = record_size(i);
        if (need != have) {          /* a new buffer whenever the size differs */
            free(buf);
            buf = malloc(need);
            if (!buf) abort();
            have = need;
        }
        sum += encode_record(i, buf);
    }
    free(buf);
    return sum;
}
