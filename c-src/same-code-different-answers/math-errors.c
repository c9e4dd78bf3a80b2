/* math-errors.c: how a math function reports an error.
 *
 * C lets a library report a domain or range error in two ways: by setting
 * errno, by raising a floating-point exception flag (<fenv.h>), or both.
 * math_errhandling says which: MATH_ERRNO (1), MATH_ERREXCEPT (2).
 * The inputs are volatile so the compiler cannot compute the results. */
#include <errno.h>
#include <fenv.h>
#include <math.h>
#include <stdio.h>

static void show(const char *call, double (*f)(double), double x) {
    errno = 0;
    feclearexcept(FE_ALL_EXCEPT);
    double r = f(x);
    int e = errno;
    const char *flag = fetestexcept(FE_INVALID)   ? "FE_INVALID"
                     : fetestexcept(FE_DIVBYZERO) ? "FE_DIVBYZERO"
                     : fetestexcept(FE_OVERFLOW)  ? "FE_OVERFLOW"
                     : "none";
    printf("%-9s = %-4s  errno = %-6s  flag = %s\n", call,
           isnan(r) ? "nan" : isinf(r) ? (r < 0 ? "-inf" : "inf") : "?",
           e == EDOM ? "EDOM" : e == ERANGE ? "ERANGE" : e == 0 ? "0" : "other",
           flag);
}

int main(void) {
    volatile double big = 1000, zero = 0, minus_one = -1;
    printf("math_errhandling = %d\n", math_errhandling);
    show("exp(1000)", exp, big);
    show("log(0)", log, zero);
    show("sqrt(-1)", sqrt, minus_one);
    return 0;
}
