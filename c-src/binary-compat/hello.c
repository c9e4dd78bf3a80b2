/* hello.c: the simplest dynamically linked program.
 *
 * Nothing in the source is tied to a C library. But when gcc links it on a
 * glibc system, the binary records glibc's dynamic loader as its "ELF
 * interpreter", and that one recorded path decides where it can start. */
#include <stdio.h>

int main(void) {
    printf("hello: the program started\n");
    return 0;
}
