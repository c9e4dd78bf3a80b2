/* count-lines.solution.c: count the lines of each file named on the
 * command line ("-" is standard input).
 *
 * The GNU error() is replaced by what it did, in standard C: print
 * "count-lines: cannot open FILE: REASON" to stderr and exit with status 1.
 * strerror() and fprintf() are in every C library, so musl-gcc -static
 * builds it, and the one binary runs on glibc and on musl alike. */
#include <errno.h>
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
            fprintf(stderr, "count-lines: cannot open %s: %s\n", argv[i], strerror(why));
            exit(EXIT_FAILURE);
        }
        printf("%s: %ld lines\n", argv[i], count(f));
        if (f != stdin)
            fclose(f);
    }
    return 0;
}
