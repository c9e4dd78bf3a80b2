/* count-lines.c: count the lines of each file named on the command line
 * ("-" is standard input). It was written on a glibc system.
 *
 * It reports a file it cannot open with error() from <error.h>: a GNU
 * function that prints "program: message: reason" and exits. musl has no
 * <error.h> and no error(), so musl-gcc cannot build this file as it is.
 *
 * Your task: make it build with musl-gcc -static, so that ONE binary
 * runs unchanged on glibc and on musl, and says exactly this when a file
 * is missing (then exits with status 1):
 *   count-lines: cannot open FILE: REASON */
#include <errno.h>
#include <error.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
