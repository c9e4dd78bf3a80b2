/* small-answers.c: small differences that change what a program does.
 *
 * Built with -DTRY_<NAME>, it is a compile-only probe; built as is, it asks
 * both libraries the same questions about math errors and character
 * decoding. */
#define _GNU_SOURCE
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#if defined(TRY_stdout_assign)
#include <stdlib.h>
/* send everything printed to a file by replacing stdout */
void probe(void) { stdout = fopen("/dev/null", "w"); }
#elif defined(TRY_msghdr_by_position)
#include <sys/socket.h>
/* a msghdr filled in field order: name, namelen, iov, iovlen, control, controllen, flags */
void probe(struct iovec *iov, void *control) {
    struct msghdr m = { NULL, 0, iov, 1, control, 64, 0 };
    (void)m;
}
#elif defined(TRY_mallinfo)
#include <malloc.h>
/* glibc's heap statistics */
int probe(void) { return mallinfo().uordblks; }
#else
static const char *errname(int e) { return e == 0 ? "0" : e == EDOM ? "EDOM" : e == ERANGE ? "ERANGE" : "other"; }

/* decode the bytes s (n of them) as one character in the current locale */
static void decode(const char *what, const char *s, size_t n) {
    mbstate_t st;
    wchar_t wc = 0;
    memset(&st, 0, sizeof st);
    size_t r = mbrtowc(&wc, s, n, &st);
    if (r == (size_t)-1) printf("  %-28s EILSEQ (rejected)\n", what);
    else printf("  %-28s U+%04lX\n", what, (unsigned long)wc);
}

int main(int argc, char **argv) {
    (void)argv;
    volatile double zero = 0.0, minus = -1.0 * argc;   /* volatile: computed at run time */
    printf("math_errhandling = %d (MATH_ERRNO %d, MATH_ERREXCEPT %d)\n", math_errhandling, MATH_ERRNO, MATH_ERREXCEPT);
    errno = 0;
    double l = log(zero);
    printf("log(0) = %g, errno %s\n", l, errname(errno));
    errno = 0;
    double q = sqrt(minus);
    printf("sqrt(-1) = %s, errno %s\n", isnan(q) ? "nan" : "number", errname(errno));

    puts("C locale:");
    decode("byte 0x80", "\x80", 1);
    setlocale(LC_CTYPE, "C.UTF-8");
    puts("C.UTF-8:");
    decode("U+00E9 (c3 a9)", "\xc3\xa9", 2);
    decode("surrogate (ed a0 80)", "\xed\xa0\x80", 3);
    decode("overlong '/' (c0 af)", "\xc0\xaf", 2);
    decode("above U+10FFFF (f4 90 80 80)", "\xf4\x90\x80\x80", 4);
    decode("5 bytes (f8 88 80 80 80)", "\xf8\x88\x80\x80\x80", 5);
    return 0;
}
#endif
