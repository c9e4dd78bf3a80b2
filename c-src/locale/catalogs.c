/* catalogs.c: where each library's locale data comes from.
 *
 * glibc knows the locales generated on the system (by locale-gen; `locale
 * -a` lists them) and refuses other names. musl accepts any name; the only
 * locale data it reads are message catalogs, found through the MUSL_LOCPATH
 * environment variable: a file named after the locale, in the format of
 * gettext's .mo files, translating English strings such as day names.
 *
 * The program writes a one-entry catalog ("Monday" -> "Montag") for the
 * made-up locale xx_LAB.UTF-8, points MUSL_LOCPATH at it, and asks both
 * libraries for the name of a Monday in two locales. */
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* A .mo file with one message: header, one (length, offset) pair for the
 * original and one for the translation, then the two strings. */
static int write_catalog(const char *path) {
    const char from[] = "Monday", to[] = "Montag";
    uint32_t head[7] = {0x950412de, 0, 1, 28, 36, 0, 44};
    uint32_t orig[2] = {sizeof from - 1, 44};
    uint32_t trans[2] = {sizeof to - 1, 44 + sizeof from};
    FILE *f = fopen(path, "wb");
    if (!f) return -1;
    fwrite(head, sizeof head, 1, f);
    fwrite(orig, sizeof orig, 1, f);
    fwrite(trans, sizeof trans, 1, f);
    fwrite(from, sizeof from, 1, f);   /* with their final NUL bytes */
    fwrite(to, sizeof to, 1, f);
    return fclose(f);
}

static void monday_in(const char *name) {
    setlocale(LC_ALL, "C");
    const char *got = setlocale(LC_ALL, name);
    struct tm monday = {.tm_year = 124, .tm_mon = 0, .tm_mday = 1, .tm_wday = 1};  /* 1 Jan 2024 */
    char day[64];
    strftime(day, sizeof day, "%A", &monday);
    printf("%-13s setlocale -> %s, a Monday is \"%s\"\n", name, got ? got : "NULL", day);
}

int main(void) {
    mkdir("locpath", 0700);
    if (write_catalog("locpath/xx_LAB.UTF-8") != 0) {
        printf("could not write the catalog\n");
        return 2;
    }
    setenv("MUSL_LOCPATH", "locpath", 1);   /* before the first setlocale that needs it */

    monday_in("de_DE.UTF-8");    /* generated in the glibc environment */
    monday_in("xx_LAB.UTF-8");   /* nobody's locale, but a catalog in MUSL_LOCPATH */
    return 0;
}
