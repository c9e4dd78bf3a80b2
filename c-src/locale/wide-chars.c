/* wide-chars.c: Unicode character handling, with and without a locale.
 *
 * 'É' is two bytes in UTF-8, so byte functions such as isupper() cannot see
 * it as one letter. The wide-character functions work on whole characters
 * (wchar_t); mbstowcs decodes UTF-8 bytes into them, using LC_CTYPE.
 * Run it with LANG=en_US.UTF-8 and with no LANG at all: glibc's answers
 * follow the locale, musl's do not. (towlower's result is printed as a
 * code point, because printing it as a character needs a UTF-8 locale.) */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

int main(void) {
    setlocale(LC_ALL, "");

    wchar_t e = L'\u00C9';   /* É, LATIN CAPITAL LETTER E WITH ACUTE */
    printf("iswupper(L'É') -> %s\n", iswupper(e) ? "true" : "false");
    printf("towlower(L'É') -> U+%04X\n", (unsigned)towlower(e));

    /* mbstowcs with a NULL buffer only counts the characters it decodes;
     * it returns (size_t)-1 if the bytes are not valid in this locale. */
    const char *name = "Émile";
    size_t chars = mbstowcs(NULL, name, 0);
    if (chars == (size_t)-1)
        printf("\"%s\": %zu bytes, not valid text in this locale\n", name, strlen(name));
    else
        printf("\"%s\": %zu bytes, %zu characters\n", name, strlen(name), chars);
    return 0;
}
