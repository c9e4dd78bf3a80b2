/* keys.c: prints the key of every "key=value" line on standard input.
 * Written on glibc; it does not build on musl. Make it build on both,
 * with the same output. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
    char buf[4096];
    /* read all of stdin (one read is enough for this small input) */
    ssize_t n = TEMP_FAILURE_RETRY(read(STDIN_FILENO, buf, sizeof buf - 1));
    if (n < 0) { perror("read"); return 1; }
    buf[n] = '\0';
    for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
        char *eq = strchr(line, '=');
        if (!eq) continue;
        /* a copy of the part before '=', on the stack */
        char *key = strndupa(line, (size_t)(eq - line));
        printf("key: %s\n", key);
    }
    return 0;
}
