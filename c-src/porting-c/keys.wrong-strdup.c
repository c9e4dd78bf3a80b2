/* keys.wrong-strdup.c: WRONG. It builds on musl, but strndupa is replaced by
 * strdup, which ignores the length: every "key" is the whole line. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void) {
    char buf[4096];
    ssize_t n;
    do n = read(STDIN_FILENO, buf, sizeof buf - 1);
    while (n == -1 && errno == EINTR);
    if (n < 0) { perror("read"); return 1; }
    buf[n] = '\0';
    for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
        char *eq = strchr(line, '=');
        if (!eq) continue;
        char *key = strdup(line);             /* wrong: the length is gone */
        printf("key: %s\n", key);
        free(key);
    }
    return 0;
}
