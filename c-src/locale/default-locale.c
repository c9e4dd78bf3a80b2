/* default-locale.c: what setlocale(LC_ALL, "") picks from the environment.
 *
 * Every C program starts in the "C" locale. Calling setlocale with an empty
 * name asks the library to use the user's settings instead: LC_ALL, then
 * LC_xxx, then LANG. With none of them set, each library falls back to its
 * own default, and the two defaults are not the same. */
#include <locale.h>
#include <stdio.h>

int main(void) {
    const char *all = setlocale(LC_ALL, "");
    printf("LC_ALL     -> %s\n", all ? all : "NULL");

    /* Ask two single categories what they ended up with (NULL = just ask). */
    printf("LC_CTYPE   -> %s\n", setlocale(LC_CTYPE, NULL));
    printf("LC_COLLATE -> %s\n", setlocale(LC_COLLATE, NULL));
    return 0;
}
