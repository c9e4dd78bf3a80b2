/* portable-sort.wrong-no-tiebreak.c: a WRONG answer to the task, kept as a
 * test fixture. It compares ignoring case, but leaves "Apple" and "apple"
 * equal, so their order is whatever qsort does with equal elements: not the
 * rule asked for (upper case first). The lesson check proves the task's
 * expectations catch it. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>   /* strcasecmp (POSIX) */

static int compare(const void *a, const void *b) {
    const char *x = *(const char *const *)a;
    const char *y = *(const char *const *)b;
    return strcasecmp(x, y);   /* wrong: no rule for words equal but for case */
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
