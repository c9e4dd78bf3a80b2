/* portable-sort.c: print a word list in one fixed order, on every system.
 *
 * The order we want: alphabetical ignoring case, and when two words differ
 * only in case, the upper-case one first. So on glibc and on musl alike,
 * this program must print exactly:
 *
 *     Apple apple Banana cherry
 *
 * Run it on both. It does not print that anywhere. */
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

    setlocale(LC_ALL, "");   /* the rest of a real program wants the user's locale */
    qsort(words, n, sizeof words[0], compare);

    for (size_t i = 0; i < n; i++)
        printf("%s%s", words[i], i + 1 < n ? " " : "\n");
    return 0;
}
