/* basename-slash.c: the last part of "/usr/lib/".
 *
 * There are two basenames. POSIX's (from <libgen.h>) ignores trailing
 * slashes and answers "lib". GNU's (from <string.h> with _GNU_SOURCE) looks
 * after the last slash and answers "". glibc has both and picks by header;
 * musl has only the POSIX one, and since 1.2.5 its <string.h> no longer
 * declares basename at all. Compile with -DUSE_LIBGEN for the POSIX header. */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#ifdef USE_LIBGEN
#include <libgen.h>
#endif

int main(void) {
    char path[] = "/usr/lib/"; /* writable: POSIX basename may modify it */
    printf("basename(\"/usr/lib/\") = \"%s\"\n", basename(path));
    return 0;
}
