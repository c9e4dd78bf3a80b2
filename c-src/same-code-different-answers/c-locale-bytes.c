/* c-locale-bytes.c: a byte above 0x7f in the C locale.
 *
 * A program that never calls setlocale runs in the "C" locale. There, one
 * byte is one character (MB_CUR_MAX is 1), but C does not say which wide
 * character a byte such as 0xe9 (e-acute in Latin-1) becomes. Think of a
 * file name in Latin-1 passed through mbstowcs and back. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

int main(void) {
    const char name[] = "caf\xe9.txt";          /* a Latin-1 file name */
    wchar_t wide[16];
    char back[16];

    printf("locale C, MB_CUR_MAX = %zu\n", MB_CUR_MAX);
    errno = 0;
    size_t n = mbstowcs(wide, name, 16);
    if (n == (size_t)-1) {
        printf("mbstowcs(\"caf\\xe9.txt\") = -1 (%s)\n",
               errno == EILSEQ ? "EILSEQ" : strerror(errno));
        return 0;
    }
    printf("mbstowcs(\"caf\\xe9.txt\") = %zu, the byte 0xe9 became U+%04X\n",
           n, (unsigned)wide[3]);
    size_t m = wcstombs(back, wide, sizeof back);
    int same = m == strlen(name) && memcmp(back, name, m) == 0;
    printf("wcstombs back: %zu bytes, %s\n", m,
           same ? "the same bytes" : "different bytes");
    return 0;
}
