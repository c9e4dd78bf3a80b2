/* iconv-ascii.c: convert "café" from UTF-8 to plain ASCII.
 *
 * 'é' has no ASCII form. POSIX says iconv then performs an
 * implementation-defined conversion: musl writes '*' and counts one
 * non-identical conversion in iconv's return value; glibc instead fails
 * with EILSEQ.
 * Then: "//TRANSLIT" (approximate what cannot be converted) began as a glibc
 * extension to the target name (POSIX.1-2024 standardised it); musl 1.2.5's
 * iconv_open does not accept it. */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <string.h>

int main(void) {
    char in[] = "caf\xc3\xa9"; /* "café" in UTF-8 */
    char out[16] = {0};
    char *inp = in, *outp = out;
    size_t inleft = strlen(in), outleft = sizeof out - 1;

    iconv_t cd = iconv_open("ASCII", "UTF-8");
    if (cd == (iconv_t)-1) {
        perror("iconv_open");
        return 1;
    }
    errno = 0;
    size_t r = iconv(cd, &inp, &inleft, &outp, &outleft);
    if (r == (size_t)-1)
        printf("iconv: -1 (%s), wrote \"%s\"\n", errno == EILSEQ ? "EILSEQ" : "other error", out);
    else
        printf("iconv: %zu, wrote \"%s\"\n", r, out);
    iconv_close(cd);

    iconv_t tr = iconv_open("ASCII//TRANSLIT", "UTF-8");
    if (tr == (iconv_t)-1) {
        printf("iconv_open(\"ASCII//TRANSLIT\"): failed (%s)\n", strerror(errno));
    } else {
        printf("iconv_open(\"ASCII//TRANSLIT\"): ok\n");
        iconv_close(tr);
    }
    return 0;
}
