/* payments-build.c: the payments service, now built inside the Alpine image.
 *
 * The fix for "exec /app/payments: no such file or directory" is to build
 * the binary where it runs, on musl.
 * This version reports a missing setting with error(), a GNU extension that
 * prints "program: message" and exits. It is declared in <error.h>, a header
 * glibc has and musl does not: the build on musl stops at the #include.
 *
 * Your task: make it build and run on both, with the same messages. */
#include <error.h>
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    const char *port = getenv("PAYMENTS_PORT");
    if (port == NULL)
        error(EXIT_FAILURE, 0, "PAYMENTS_PORT is not set");   /* prints "<program>: ..." and exits 1 */
    printf("payments: listening on :%s\n", port);
    return 0;
}
