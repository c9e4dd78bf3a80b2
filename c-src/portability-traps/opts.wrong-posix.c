/* opts.wrong-posix.c: a WRONG answer to the task, kept as a test fixture.
 *
 * "+v" tells glibc's getopt to stop at the first operand, as musl does: the
 * two libraries now agree, but -v after a file no longer counts on either,
 * and the task asks that it count. The lesson check proves the task's
 * expectations catch it. */
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv) {
    int verbose = 0;
    int c;
    while ((c = getopt(argc, argv, "+v")   /* wrong: agreement by never permuting */) != -1) {
        if (c == 'v')
            verbose = 1;
    }
    printf("verbose=%d\n", verbose);
    for (int i = optind; i < argc; i++)
        printf("file: %s\n", argv[i]);
    return 0;
}
