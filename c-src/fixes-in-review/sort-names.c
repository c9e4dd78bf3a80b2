/* sort-names.c: sort three names under en_US.UTF-8.
 *   strcoll   - locale collation: glibc sorts case-insensitively first,
 *               musl's strcoll is plain byte order (Banana < apple)
 *   portable  - an explicit rule (ignore case, then bytes): same everywhere */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int by_strcoll(const void *a, const void *b) {
    return strcoll(*(const char *const *)a, *(const char *const *)b);
}

static int by_rule(const void *a, const void *b) {
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    int c = strcasecmp(x, y);
    return c ? c : strcmp(x, y);
}

int main(int argc, char **argv) {
    setlocale(LC_ALL, "");
    const char *names[] = {"cherry", "Banana", "apple"};
    int portable = argc > 1 && strcmp(argv[1], "portable") == 0;
    qsort(names, 3, sizeof names[0], portable ? by_rule : by_strcoll);
    printf("%s %s %s\n", names[0], names[1], names[2]);
    return 0;
}
