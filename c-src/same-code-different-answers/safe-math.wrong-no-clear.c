/* safe-math.wrong-no-clear.c: a WRONG answer to the task, kept as a test
 * fixture.
 *
 * It tests the exception flags but never clears them. The flags are
 * sticky: once exp(1000) has raised FE_OVERFLOW, every later call looks
 * like a range error too, on both libraries. */
#include <fenv.h>
#include <math.h>
#include <stdio.h>

static void report(const char *call, double (*f)(double), double x) {
    double r = f(x);        /* wrong: earlier calls' flags are still set */
    if (fetestexcept(FE_INVALID))
        printf("%-10s domain error\n", call);
    else if (fetestexcept(FE_DIVBYZERO | FE_OVERFLOW | FE_UNDERFLOW))
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
