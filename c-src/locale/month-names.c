/* month-names.c: month names from strftime, in the user's locale.
 *
 * %B is the full month name of LC_TIME. The dates are fixed (no clock),
 * so the output depends only on the library and the locale. */
#include <locale.h>
#include <stdio.h>
#include <time.h>

static void month(int mon) {
    struct tm tm = {0};
    tm.tm_year = 2024 - 1900;   /* struct tm counts years from 1900 */
    tm.tm_mon = mon;            /* and months from 0 = January */
    tm.tm_mday = 1;

    char name[64];
    strftime(name, sizeof name, "%B", &tm);
    printf("%s\n", name);
}

int main(void) {
    setlocale(LC_ALL, "");
    month(0);   /* January */
    month(2);   /* March: its German name has an umlaut */
    return 0;
}
