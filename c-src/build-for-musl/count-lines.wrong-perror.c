/* count-lines.wrong-perror.c: a WRONG solution, kept so the lesson
 * check proves the task catches it.
 *
 * perror() is standard and builds everywhere, but it prints only
 * "PREFIX: REASON": the file name is lost, so the message is not the one
 * the task asks for ("count-lines: cannot open FILE: REASON"). */
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
            fflush(stdout); /* what was counted so far comes out first */
            perror("count-lines: cannot open");
            exit(EXIT_FAILURE);
        }
        printf("%s: %ld lines\n", argv[i], count(f));
        if (f != stdin)
            fclose(f);
    }
    return 0;
}
