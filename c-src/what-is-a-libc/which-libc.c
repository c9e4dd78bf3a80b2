/* which-libc.c: ask, from inside a program, which C library it was built with.
 *
 * glibc announces itself with the __GLIBC__ macros and can report its own
 * version at run time (gnu_get_libc_version). musl deliberately defines no
 * __MUSL__ macro: its authors want programs to test for features, not for
 * the library's name. So all a program can say is "not glibc". */
#include <stdio.h>
#ifdef __GLIBC__
#include <gnu/libc-version.h>
#endif

int main(void) {
#ifdef __GLIBC__
    printf("built with glibc %d.%d headers\n", __GLIBC__, __GLIBC_MINOR__);
    printf("running on glibc %s\n", gnu_get_libc_version());
#else
    printf("not glibc: no __GLIBC__ macro (musl defines no __MUSL__ either)\n");
#endif
    return 0;
}
