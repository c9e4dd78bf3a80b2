/* sticky-eof.c: read a file to its end, let it grow, read again.
 * C says end-of-file is sticky: once a stream has seen it, reads return
 * EOF until clearerr (or a seek), even if more data has arrived since. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(void) {
    char path[] = "/tmp/sticky-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) { perror("mkstemp"); return 1; }
    FILE *f = fopen(path, "r");                       /* a reader with its own offset */
    unlink(path);
    if (!f) { perror("fopen"); return 1; }
    if (write(fd, "a", 1) != 1) return 1;

    printf("first read: '%c'\n", fgetc(f));
    printf("at the end: %s\n", fgetc(f) == EOF ? "EOF" : "a character");
    if (write(fd, "b", 1) != 1) return 1;            /* the file grows */
    int c = fgetc(f);
    printf("after the file grew: %s\n", c == EOF ? "EOF (sticky)" : "read the new byte");
    clearerr(f);
    c = fgetc(f);
    printf("after clearerr: '%c'\n", c == EOF ? '?' : c);
    fclose(f);
    close(fd);
    return 0;
}
