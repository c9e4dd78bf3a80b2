/* sort-words.c: sort three words "the way the user's language does",
 * with qsort and strcoll.
 *
 * strcoll compares two strings by the collation rules of the current
 * locale (LC_COLLATE); strcmp compares bytes. The program only asks for the
 * user's locale (setlocale with ""); LANG decides the rest. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* qsort hands us pointers to the array elements, which are char pointers. */
static int by_locale(const void *a, const void *b) {
    return strcoll(*(const char *const *)a, *(const char *const *)b);
}

int main(void) {
    const char *words[] = {"apple", "Banana", "cherry"};
    size_t n = sizeof words / sizeof words[0];

    setlocale(LC_ALL, "");
    qsort(words, n, sizeof words[0], by_locale);

    for (size_t i = 0; i < n; i++)
        printf("%s%s", words[i], i + 1 < n ? " " : "\n");
    return 0;
}
