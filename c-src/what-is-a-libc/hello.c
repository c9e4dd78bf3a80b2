/* hello.c: the same source, built against two different C libraries.
 * Nothing here is libc-specific: printf and return work the same in both. */
#include <stdio.h>

int main(void) {
    printf("Hello from a C program!\n");
    return 0;
}
