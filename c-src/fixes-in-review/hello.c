/* hello.c: the program from the binary-compatibility lesson. Built on glibc,
 * it needs glibc's loader; built with -static it carries its libc inside. */
#include <stdio.h>

int main(void) {
    printf("hello, Alpine\n");
    return 0;
}
