/* fortified.c: Debian and Ubuntu build their packages with
 * -D_FORTIFY_SOURCE=2. With optimisation on, gcc then calls checked
 * variants such as __printf_chk instead of printf: glibc-only symbols.
 * The format has a %d so gcc cannot turn printf into puts. */
#include <stdio.h>

int main(int argc, char **argv) {
    (void)argv;
    printf("fortified: %d argument(s)\n", argc - 1);
    return 0;
}
