/* safe-math.c: a calculator that must say when a result is not a number
 * it can trust. For each call it prints the value, or "domain error"
 * (the input is outside the function's domain, e.g. sqrt(-1)) or
 * "range error" (the true result overflows, underflows or is infinite,
 * e.g. exp(1000), log(0)).
 *
 * YOUR TASK: this version is right on glibc and wrong on musl. Make it
 * right on both. */
#include <errno.h>
#include <math.h>
#include <stdio.h>

static void report(const char *call, double (*f)(double), double x) {
    errno = 0;
    double r = f(x);
    if (errno == EDOM)
        printf("%-10s domain error\n", call);
    else if (errno == ERANGE)
        printf("%-10s range error\n", call);
    else
        printf("%-10s = %g\n", call, r);
}

int main(void) {
    /* volatile: the compiler may not work the answers out at build time */
    volatile double one = 1, big = 1000, tiny = -1000;
    volatile double zero = 0, minus_one = -1, four = 4;
    report("exp(1)", exp, one);
    report("exp(1000)", exp, big);
    report("exp(-1000)", exp, tiny);
    report("log(0)", log, zero);
    report("sqrt(-1)", sqrt, minus_one);
    report("sqrt(4)", sqrt, four);
    return 0;
}
