/* runtime.c: questions POSIX leaves open, asked of both libraries.
 * Every line is a place where a real program assumed glibc's answer. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <paths.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *errname(int e) { return e == 0 ? "0" : e == EINVAL ? "EINVAL" : e == ERANGE ? "ERANGE" : "other"; }

int main(void) {
    /* a buffer size for getpwnam_r: -1 means "no fixed limit" */
    printf("sysconf(_SC_GETPW_R_SIZE_MAX) = %ld\n", sysconf(_SC_GETPW_R_SIZE_MAX));

    /* nothing to convert: is that an error? */
    char *end;
    errno = 0;
    long l = strtol("abc", &end, 10);
    printf("strtol(\"abc\") = %ld, errno %s\n", l, errname(errno));
    errno = 0;
    double d = strtod("", &end);
    printf("strtod(\"\") = %g, errno %s\n", d, errname(errno));

    /* a zone without daylight saving time */
    setenv("TZ", "UTC0", 1);
    tzset();
    printf("TZ=UTC0: tzname = \"%s\", \"%s\"\n", tzname[0], tzname[1]);

    /* where login records live */
    printf("_PATH_UTMP = %s\n", _PATH_UTMP);

    /* two leading slashes may mean something special, says POSIX */
    char buf[PATH_MAX];
    printf("realpath(\"//\") = %s\n", realpath("//", buf) ? buf : "(failed)");

    /* BSD's "quad" length modifier, %qd for long long */
    const char *fmt = "printf(\"%%qd\", 42LL) -> [%qd]\n";
    int n = printf(fmt, 42LL);
    if (n < 0) printf("printf(\"%%qd\", 42LL) failed, errno %s\n", errname(errno));
    return 0;
}
