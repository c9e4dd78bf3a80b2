/* numbers.c: the same two numbers, printed in the user's locale.
 *
 * The ' flag in %'d asks printf to group thousands the locale's way, and
 * %f uses the locale's decimal point. localeconv() shows the two
 * characters the library is using. */
#include <locale.h>
#include <stdio.h>

int main(void) {
    setlocale(LC_ALL, "");

    printf("%%'d  -> %'d\n", 1234567);
    printf("%%.2f -> %.2f\n", 3.14);

    const struct lconv *lc = localeconv();
    printf("decimal_point \"%s\", thousands_sep \"%s\"\n", lc->decimal_point, lc->thousands_sep);
    return 0;
}
