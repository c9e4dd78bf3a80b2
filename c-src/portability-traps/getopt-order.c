/* getopt-order.c: where may an option stand?
 *
 * Run as `getopt-order file -v`. POSIX says getopt stops at the first
 * argument that is not an option ("file"), so "-v" is just another operand.
 * glibc's getopt quietly reorders argv ("permutes") so options after operands
 * still count; musl's getopt does what POSIX says. */
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv) {
    int verbose = 0;
    int c;
    while ((c = getopt(argc, argv, "v")) != -1) {
        if (c == 'v')
            verbose = 1;
    }
    printf("verbose=%d\n", verbose);
    /* Everything from optind on is what getopt did not treat as an option. */
    for (int i = optind; i < argc; i++)
        printf("operand: %s\n", argv[i]);
    return 0;
}
