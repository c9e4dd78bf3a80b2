/* portable-sort.wrong-c-locale.c: a WRONG answer to the task, kept as a test
 * fixture. It makes the two libraries agree by sorting in the "C" locale,
 * where strcoll is strcmp on both: the same order everywhere, but not the
 * order asked for (every capital sorts before every small letter). The lesson
 * check proves the task's expectations catch it. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int compare(const void *a, const void *b) {
    return strcoll(*(const char *const *)a, *(const char *const *)b);
}

int main(void) {
    const char *words[] = {"cherry", "apple", "Banana", "Apple"};
    size_t n = sizeof words / sizeof words[0];

    setlocale(LC_ALL, "C");  /* wrong: agreement, but on strcmp's order */
    qsort(words, n, sizeof words[0], compare);

    for (size_t i = 0; i < n; i++)
        printf("%s%s", words[i], i + 1 < n ? " " : "\n");
    return 0;
}
