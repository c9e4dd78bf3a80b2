/* printf-edge.c: two format strings the C standard does not define.
 *
 * 1. "%.3s" with a NULL pointer: undefined. musl substitutes "(null)" and
 *    prints its first 3 bytes; glibc prints nothing at all.
 * 2. "%Ld": the L length modifier is for long double (%Lf); with an integer
 *    conversion it is undefined. glibc treats it like %lld, musl refuses the
 *    whole format: printf returns -1 and sets errno to EINVAL. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

int main(void) {
    const char *missing = NULL;
    printf("[%.3s]\n", missing);

    errno = 0;
    int n = printf("%Ld\n", 5LL);
    printf("printf(\"%%Ld\") returned %d, errno %s\n", n, errno == EINVAL ? "EINVAL" : errno == 0 ? "0" : "other");
    return 0;
}
