/* hello.c: the plainest program there is. Built on glibc it still names
 * glibc's loader, which is all it takes to not start on musl. */
#include <stdio.h>

int main(void) {
    puts("hello");
    return 0;
}
