/* count-lines.wrong-own-prototype.c: a WRONG solution, kept so the
 * lesson check proves the task catches it.
 *
 * The header is missing, so it declares error() itself. That silences the
 * compiler, but a declaration is only a promise: musl's libc has no
 * error() to keep it, and the link fails with "undefined reference". */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* glibc's prototype, copied from its <error.h> */
void error(int status, int errnum, const char *format, ...);

static long count(FILE *f) {
    long lines = 0;
    int c;
    while ((c = getc(f)) != EOF)
        if (c == '\n')
            lines++;
    return lines;
}

int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        FILE *f = strcmp(argv[i], "-") == 0 ? stdin : fopen(argv[i], "r");
        if (!f) {
            int why = errno; /* read errno before any other call can change it */
            fflush(stdout);  /* what was counted so far comes out first */
            error(EXIT_FAILURE, why, "cannot open %s", argv[i]);
        }
        printf("%s: %ld lines\n", argv[i], count(f));
        if (f != stdin)
            fclose(f);
    }
    return 0;
}
