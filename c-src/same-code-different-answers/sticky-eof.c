/* sticky-eof.c: reading a file that grows, as a log follower does.
 *
 * The program reads a file to its end, then appends to it through a second
 * descriptor (as another process writing a log would), and reads again. C
 * says a stream's end-of-file indicator stays set until it is cleared
 * (clearerr, fseek, rewind): while it is set, getc returns EOF. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

static void show(const char *when, int c) {
    if (c == EOF) printf("%-26s EOF\n", when);
    else printf("%-26s '%c'\n", when, c);
}

int main(void) {
    int w = open("growing.log", O_CREAT | O_TRUNC | O_WRONLY, 0600);
    if (w < 0 || write(w, "a", 1) != 1) return 1;
    FILE *r = fopen("growing.log", "r");
    if (!r) return 1;

    show("first getc:", getc(r));
    show("second getc:", getc(r));
    if (write(w, "b", 1) != 1) return 1;     /* the file grows */
    show("getc after the file grew:", getc(r));
    clearerr(r);
    show("getc after clearerr:", getc(r));
    return 0;
}
