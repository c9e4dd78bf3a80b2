/* payments-build.wrong-drop-include.c: WRONG. The #include <error.h> line is
 * deleted, because that is the line the musl build complained about, but the
 * call to error() is still there. Nothing declares error() now, on either
 * library, and gcc 14 refuses an implicit declaration: the build fails on
 * musl (and now on glibc too). */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    const char *port = getenv("PAYMENTS_PORT");
    if (port == NULL)
        error(EXIT_FAILURE, 0, "PAYMENTS_PORT is not set");
    printf("payments: listening on :%s\n", port);
    return 0;
}
