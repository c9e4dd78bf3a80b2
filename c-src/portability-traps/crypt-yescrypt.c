/* crypt-yescrypt.c: check a password against a yescrypt ("$y$") hash.
 *
 * This is how login code checks a password: hash the typed password with
 * the stored hash as the "salt" and compare. The stored hash below is what
 * recent Debian and Ubuntu write to /etc/shadow by default (yescrypt), made
 * for the password "correct horse".
 *
 * crypt() picks the algorithm from the salt's prefix. A library that does
 * not know the prefix must say so somehow: by returning NULL, a string that
 * can never match (such as "*0"), or something else. */
#include <crypt.h>
#include <stdio.h>
#include <string.h>

static const char stored[] = "$y$j9T$hJrQgp0PV746n34Po3G6..$9eQxptC3r9PUnrno6bxUCj9tX0Je4xLx4xY4A1cn/xC";

static void check(const char *password) {
    const char *h = crypt(password, stored);
    if (!h)
        printf("%-14s crypt returned NULL\n", password);
    else
        printf("%-14s crypt returned \"%.20s%s\" (%zu chars): %s\n", password, h,
               strlen(h) > 20 ? "..." : "", strlen(h), strcmp(h, stored) == 0 ? "match" : "no match");
}

int main(void) {
    check("correct horse");
    check("wrong horse");
    return 0;
}
