/* regex-gnu.c: two regular expressions POSIX leaves open.
 *
 * Extended regular expressions (REG_EXTENDED) are the grep -E / egrep kind.
 * POSIX defines {m,n} intervals, but "{,n}" (no lower bound) is not in the
 * grammar, and back-references like \1 are defined only for basic regular
 * expressions: in an ERE their meaning is undefined. Each library picks its
 * own answer, and only one of them reports an error. */
#include <regex.h>
#include <stdio.h>

static void try(const char *pattern, const char *text) {
    regex_t re;
    regmatch_t m;
    int rc = regcomp(&re, pattern, REG_EXTENDED);
    if (rc != 0) {
        char msg[80];
        regerror(rc, &re, msg, sizeof msg);
        printf("%-9s regcomp failed: %s\n", pattern, msg);
        return;
    }
    if (regexec(&re, text, 1, &m, 0) == 0)
        printf("%-9s on %-5s matches \"%.*s\"\n", pattern, text, (int)(m.rm_eo - m.rm_so), text + m.rm_so);
    else
        printf("%-9s on %-5s no match\n", pattern, text);
    regfree(&re);
}

int main(void) {
    try("xa{,2}y", "xaay");   /* "zero to two a's", as GNU reads it */
    try("(ab)\\1", "abab");   /* a back-reference: "ab" twice */
    try("(ab)\\1", "ab1");    /* ...or an escaped digit 1? */
    return 0;
}
