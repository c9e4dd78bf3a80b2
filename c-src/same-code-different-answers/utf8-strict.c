/* utf8-strict.c: which byte sequences count as UTF-8.
 *
 * Unicode (and RFC 3629) allow code points up to U+10FFFF, four bytes at
 * most, no overlong forms and no surrogates (U+D800..U+DFFF). Each line
 * decodes one sequence with mbrtowc in the C.UTF-8 locale. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static void decode(const char *what, const char *bytes) {
    mbstate_t st;
    wchar_t wc;
    memset(&st, 0, sizeof st);
    size_t r = mbrtowc(&wc, bytes, strlen(bytes), &st);
    if (r == (size_t)-1)
        printf("%-28s rejected (EILSEQ)\n", what);
    else
        printf("%-28s accepted: %zu bytes, U+%04X\n", what, r, (unsigned)wc);
}

int main(void) {
    if (!setlocale(LC_CTYPE, "C.UTF-8")) {
        printf("no C.UTF-8 locale\n");
        return 1;
    }
    printf("C.UTF-8, MB_CUR_MAX = %zu\n", MB_CUR_MAX);
    decode("c3 a9 (e-acute)", "\xc3\xa9");
    decode("c0 af (overlong '/')", "\xc0\xaf");
    decode("ed a0 80 (surrogate D800)", "\xed\xa0\x80");
    decode("f4 90 80 80 (above 10FFFF)", "\xf4\x90\x80\x80");
    decode("f8 88 80 80 80 (5 bytes)", "\xf8\x88\x80\x80\x80");
    return 0;
}
