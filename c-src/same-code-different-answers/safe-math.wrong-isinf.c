/* safe-math.wrong-isinf.c: a WRONG answer to the task, kept as a test
 * fixture.
 *
 * It judges the result instead of asking the library: NaN means a domain
 * error, an infinity a range error. That misses exp(-1000): the true value
 * is too small for a double, the result is 0 and the flag FE_UNDERFLOW is
 * raised, but 0 looks like a fine number. Wrong on both libraries. */
#include <math.h>
#include <stdio.h>

static void report(const char *call, double (*f)(double), double x) {
    double r = f(x);
    if (isnan(r))
        printf("%-10s domain error\n", call);
    else if (isinf(r))          /* wrong: an underflow is a finite 0 */
        printf("%-10s range error\n", call);
    else
        printf("%-10s = %g\n", call, r);
}

int main(void) {
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
