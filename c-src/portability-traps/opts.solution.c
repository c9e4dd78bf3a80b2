/* opts.solution.c: options anywhere, on both libraries.
 *
 * Plain getopt permutes argv on glibc but stops at the first operand on musl
 * (as POSIX says). getopt_long permutes on both, so switching to it gives
 * the same, GNU-style result on both. One exception: with POSIXLY_CORRECT
 * set in the environment, glibc stops permuting and musl does not. (The
 * other consistent choice is POSIX everywhere: "+v" makes glibc stop too,
 * but then -v after a file does not count on either.) */
#include <getopt.h>
#include <stdio.h>

int main(int argc, char **argv) {
    static const struct option longopts[] = {
        {"verbose", no_argument, NULL, 'v'},
        {NULL, 0, NULL, 0},
    };
    int verbose = 0;
    int c;
    while ((c = getopt_long(argc, argv, "v", longopts, NULL)) != -1) {
        if (c == 'v')
            verbose = 1;
    }
    printf("verbose=%d\n", verbose);
    for (int i = optind; i < argc; i++)
        printf("file: %s\n", argv[i]);
    return 0;
}
