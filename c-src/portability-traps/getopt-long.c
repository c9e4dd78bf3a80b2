/* getopt-long.c: the same arguments through getopt_long.
 *
 * getopt_long is a GNU extension, and musl implements it the GNU way: it
 * permutes argv, so `file -v` finds -v on both libraries (glibc stops
 * permuting when the environment variable POSIXLY_CORRECT is set; musl
 * ignores that variable). An optstring that starts with '+' asks for POSIX
 * behaviour instead, on both: stop at the first operand.
 * Compile with -DSTOP_AT_OPERAND to get the '+' version. */
#include <getopt.h>
#include <stdio.h>

#ifdef STOP_AT_OPERAND
#define OPTSTRING "+v"
#else
#define OPTSTRING "v"
#endif

int main(int argc, char **argv) {
    static const struct option longopts[] = {
        {"verbose", no_argument, NULL, 'v'},
        {NULL, 0, NULL, 0},
    };
    int verbose = 0;
    int c;
    while ((c = getopt_long(argc, argv, OPTSTRING, longopts, NULL)) != -1) {
        if (c == 'v')
            verbose = 1;
    }
    printf("verbose=%d\n", verbose);
    for (int i = optind; i < argc; i++)
        printf("operand: %s\n", argv[i]);
    return 0;
}
