/* keys.solution.c: the same program in names both libraries have.
 * strndupa -> strndup (on the heap: free it); TEMP_FAILURE_RETRY -> the
 * loop it stands for. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void) {
    char buf[4096];
    ssize_t n;
    do n = read(STDIN_FILENO, buf, sizeof buf - 1);   /* retry if a signal interrupted it */
    while (n == -1 && errno == EINTR);
    if (n < 0) { perror("read"); return 1; }
    buf[n] = '\0';
    for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
        char *eq = strchr(line, '=');
        if (!eq) continue;
        char *key = strndup(line, (size_t)(eq - line));
        if (!key) { perror("strndup"); return 1; }
        printf("key: %s\n", key);
        free(key);
    }
    return 0;
}
