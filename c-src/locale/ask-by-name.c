/* ask-by-name.c: ask setlocale for locales by name, one that this system
 * has generated and one that exists nowhere.
 *
 * setlocale returns the name of the locale it switched to, or NULL when it
 * could not switch. Many programs test that NULL to decide "is this locale
 * available?". Watch whether the test means the same thing on both sides. */
#include <locale.h>
#include <stdio.h>

static void try(const char *name) {
    const char *got = setlocale(LC_ALL, name);
    printf("setlocale(LC_ALL, \"%s\") -> %s\n", name, got ? got : "NULL");
}

int main(void) {
    try("de_DE.UTF-8");   /* generated in the glibc environment */
    try("xx_YY.UTF-8");   /* no such language, no such country */
    return 0;
}
