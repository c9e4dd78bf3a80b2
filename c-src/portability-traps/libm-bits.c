/* libm-bits.c: the last bit of a libm result, and how many digits to trust.
 *
 * C and POSIX do not require sin, tgamma and most other functions to be
 * correctly rounded: the accuracy is the library's choice. Both libraries
 * here are accurate to about one unit in the last place (ulp), but they use
 * different algorithms, so the last bit may differ.
 *
 * For each result the program prints the exact bits (%a), all 17 significant
 * digits a double can need (%.17g), and 15 digits (%.15g, which looks "safe").
 * Then it does what reproducible output should do: compare with the true
 * value (computed to 50 digits elsewhere) with a tolerance, and print only
 * the digits that tolerance vouches for. */
#include <math.h>
#include <stdio.h>

static void show(const char *name, double got, double exact) {
    printf("%s\n", name);
    printf("  %%a    %a\n  %%.17g %.17g\n  %%.15g %.15g\n", got, got, got);
    /* within 2 ulp of the true value: a tolerance both libraries meet */
    int close = fabs(got - exact) <= 2 * (nextafter(exact, INFINITY) - exact);
    printf("  within 2 ulp of the true value: %s; to 12 digits: %.12g\n", close ? "yes" : "no", got);
}

int main(void) {
    volatile double x = 2.5, h = 0.5;     /* volatile: computed at run time by the library */
    show("sin(2.5)", sin(x), 0.59847214410395649405185470218616);
    show("tgamma(0.5)", tgamma(h), 1.7724538509055160272981674833411);
    return 0;
}
