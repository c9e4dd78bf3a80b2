/* printf-null.c: print a NULL string with "%s\n".
 *
 * Passing NULL for %s is undefined behaviour in C. Both glibc and musl
 * actually print "(null)" for it, yet this program crashes on both. The
 * reason is the compiler: gcc turns printf("%s\n", s) into puts(s), and puts
 * dereferences its argument. Build with -fno-builtin-printf to keep the real
 * printf call and see the difference. */
#include <stdio.h>

int main(void) {
    const char *name = NULL; /* e.g. a lookup that found nothing */
    printf("%s\n", name);
    return 0;
}
