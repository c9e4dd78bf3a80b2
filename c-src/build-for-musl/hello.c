/* hello.c: the smallest program to build with musl-gcc on a glibc system.
 *
 * The source knows nothing about C libraries. Which libc ends up in the
 * binary, and which loader it asks for, is decided by the compiler driver
 * that builds it: gcc here means glibc, musl-gcc means musl. */
#include <stdio.h>

int main(void) {
    printf("hello from one binary\n");
    return 0;
}
