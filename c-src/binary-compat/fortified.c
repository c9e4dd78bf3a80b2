/* fortified.c: an ordinary printf, hardened by the compiler.
 *
 * Built against glibc with -O2 -D_FORTIFY_SOURCE=2, a printf whose format
 * has conversions (%d here) is turned into a call to __printf_chk: a
 * glibc-only, bounds-checking variant. The binary now needs a symbol that
 * musl itself does not have. */
#include <stdio.h>

int main(int argc, char **argv) {
    (void)argv;
    /* argc keeps the format real, so the compiler cannot turn this into puts. */
    printf("started with %d argument(s)\n", argc - 1);
    return 0;
}
