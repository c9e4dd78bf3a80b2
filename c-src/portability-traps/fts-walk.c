/* fts-walk.c: count the files in a directory tree with fts, a BSD interface.
 *
 * glibc has <fts.h> and fts_open() in libc. Upstream musl does not: on
 * Alpine they come from a separate library (the musl-fts package, linked
 * with -lfts). Some distributions patch fts into their musl package, which
 * is why a test on such a system can call fts code portable when it is not. */
#include <fts.h>
#include <stdio.h>
#include <sys/stat.h>

int main(void) {
    /* A small tree of our own, so the count is the same on every run. */
    mkdir("tree", 0700);
    mkdir("tree/sub", 0700);
    FILE *f = fopen("tree/one.txt", "w");
    if (f) fclose(f);
    f = fopen("tree/sub/two.txt", "w");
    if (f) fclose(f);

    char *roots[] = {"tree", NULL};
    FTS *walk = fts_open(roots, FTS_PHYSICAL, NULL);
    if (!walk) {
        perror("fts_open");
        return 1;
    }
    int files = 0;
    for (FTSENT *e; (e = fts_read(walk)) != NULL;)
        if (e->fts_info == FTS_F)
            files++;
    fts_close(walk);
    printf("files in tree: %d\n", files);
    return 0;
}
