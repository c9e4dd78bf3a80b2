/* rounding.c: does printf follow the floating-point rounding mode?
 *
 * 0.25 and 0.75 lie exactly halfway between two one-decimal values. Round to
 * nearest picks the even digit (0.2, 0.8); rounding upward gives 0.3 and 0.8;
 * downward gives 0.2 and 0.7. A printf that honours fesetround shows all
 * three. (volatile makes the values be read at run time, after fesetround.) */
#include <fenv.h>
#include <stdio.h>

static void show(const char *label, int mode) {
    volatile double a = 0.25, b = 0.75;
    fesetround(mode);
    printf("%-8s %.1f %.1f\n", label, a, b);
    fesetround(FE_TONEAREST);
}

int main(void) {
    show("nearest", FE_TONEAREST);
    show("upward", FE_UPWARD);
    show("downward", FE_DOWNWARD);
    return 0;
}
