/* portable-sort.solution.c: one fixed order, on every system.
 *
 * strcoll asks the locale, and the locales differ: glibc's en_US collates
 * case-insensitively first, musl's strcoll is plain strcmp. To get the same
 * order everywhere, the program spells out its own rule instead:
 *   1. compare ignoring case (strcasecmp, ASCII letters);
 *   2. on a tie ("Apple" and "apple"), compare the bytes (strcmp), which puts
 *      upper case first.
 * Every pair of different words now has exactly one order, so the result
 * does not depend on how qsort treats equal elements either (musl's qsort
 * is not stable). */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>   /* strcasecmp (POSIX) */

static int compare(const void *a, const void *b) {
    const char *x = *(const char *const *)a;
    const char *y = *(const char *const *)b;
    int c = strcasecmp(x, y);
    return c != 0 ? c : strcmp(x, y);
}

int main(void) {
    const char *words[] = {"cherry", "apple", "Banana", "Apple"};
    size_t n = sizeof words / sizeof words[0];

    setlocale(LC_ALL, "");   /* still fine: the comparison no longer asks the locale */
    qsort(words, n, sizeof words[0], compare);

    for (size_t i = 0; i < n; i++)
        printf("%s%s", words[i], i + 1 < n ? " " : "\n");
    return 0;
}
