/* opts.c: a tiny tool: `opts [-v] FILE...`.
 *
 * Users type options anywhere, e.g. `opts file -v`. Make this program give
 * the same answer on glibc and musl for that command line: -v must count. */
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
    for (int i = optind; i < argc; i++)
        printf("file: %s\n", argv[i]);
    return 0;
}
