/* safe-math.solution.c: ask the floating-point exception flags.
 *
 * C lets a libm report errors through errno, through exception flags, or
 * both (math_errhandling). glibc does both; musl only raises the flags
 * (its math_errhandling is MATH_ERREXCEPT). The flags work on both: clear
 * them before the call, test them after. They are sticky, so clearing
 * first is not optional. */
#include <fenv.h>
#include <math.h>
#include <stdio.h>

static void report(const char *call, double (*f)(double), double x) {
    feclearexcept(FE_ALL_EXCEPT);
    double r = f(x);
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
