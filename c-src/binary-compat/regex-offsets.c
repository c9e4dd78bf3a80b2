/* regex-offsets.c: a regex with two submatches, built on glibc.
 *
 * regexec fills an array of regmatch_t, one per submatch, with the start
 * and end offsets (rm_so, rm_eo). Their type, regoff_t, is an int (4 bytes)
 * in glibc's <regex.h> and a long (8 bytes here) in musl's. A binary built
 * against glibc's header and run with musl's regexec therefore hands over
 * an array laid out one way and gets it back filled the other way.
 *
 * So that the mismatch shows as numbers instead of a crash, the array is
 * followed by three spare entries, and the program checks whether regexec
 * wrote into them. */
#include <regex.h>
#include <stdio.h>
#include <string.h>

int main(void) {
    const char *text = "set port=8080";
    struct {
        regmatch_t m[3];      /* what we pass: room for 3 matches */
        regmatch_t spare[3];  /* nobody should touch these */
    } buf;
    memset(&buf, 0xff, sizeof buf);   /* every offset starts as -1 */

    regex_t re;
    if (regcomp(&re, "([a-z]+)=([0-9]+)", REG_EXTENDED) != 0) {
        printf("regcomp failed\n");
        return 1;
    }
    int rc = regexec(&re, text, 3, buf.m, 0);
    printf("regexec(\"%s\") returned %d\n", text, rc);
    for (int i = 0; i < 3; i++) {
        int so = (int)buf.m[i].rm_so, eo = (int)buf.m[i].rm_eo;
        if (so >= 0 && eo >= so && eo <= (int)strlen(text))
            printf("match %d: %d..%d \"%.*s\"\n", i, so, eo, eo - so, text + so);
        else
            printf("match %d: %d..%d (not a valid range)\n", i, so, eo);
    }
    unsigned char untouched[sizeof buf.spare];
    memset(untouched, 0xff, sizeof untouched);
    printf("memory after the array: %s\n", memcmp(buf.spare, untouched, sizeof untouched) == 0 ? "untouched" : "overwritten");
    regfree(&re);
    return 0;
}
