/* options.c: parse "-v" with getopt. glibc's getopt permutes argv, so
 * "file -v" works; musl's stops at the first non-option (POSIX). The fix
 * for the caller: put options first ("-v file"), which both accept. */
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv) {
    int verbose = 0, c;
    while ((c = getopt(argc, argv, "v")) != -1)
        if (c == 'v') verbose = 1;
    printf("verbose=%d, first operand=%s\n", verbose, optind < argc ? argv[optind] : "(none)");
    return 0;
}
