/* strerror-texts.c: the words behind error numbers are not standard.
 *
 * C only says strerror returns "a message"; the text is the library's
 * choice. Code (or tests) that compare these strings break when the libc
 * changes. */
#include <stdio.h>
#include <string.h>

int main(void) {
    printf("strerror(0)    = \"%s\"\n", strerror(0));
    printf("strerror(9999) = \"%s\"\n", strerror(9999)); /* no such error number */
    return 0;
}
