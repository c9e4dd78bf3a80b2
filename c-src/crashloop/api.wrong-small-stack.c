/* api.wrong-small-stack.c: WRONG. It asks for an explicit stack, 512 KiB:
 * four times musl's default, and it sounds like plenty. The deep request
 * needs about 1 MiB (3000 levels of about 300 bytes), so its handler still
 * overflows on musl, and now on glibc too: a size set in the attributes
 * replaces glibc's default of ulimit -s (8 MiB).
 *
 * The original: an API server that handles each request in a thread of its own.
 *
 * A request carries a JSON document; the handler checks it with a
 * recursive-descent walk that calls itself once per level of nesting and
 * keeps a 256-byte buffer per level (a key being read). The requests come
 * from the command line: each argument is how deep one document nests.
 * With small documents it is fine everywhere. Then one client sends a
 * deeply nested one.
 *
 * Logs are line-buffered, as a service's should be: a crash must not
 * swallow the lines printed before it. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct request {
    int id;
    int depth;          /* how deep the document nests */
    int checked;        /* levels the handler walked */
};

/* Walks one level of the document and the levels inside it. */
static int walk(int level, int depth) {
    char key[256];                              /* 256 bytes of stack per level */
    for (int i = 0; i < 8; i++)                 /* "read" this level's key */
        key[i] = (char)('a' + (level + i) % 26);
    key[8] = '\0';
    if (level == depth)
        return key[0] != '\0';
    return 1 + walk(level + 1, depth);          /* one call deeper per level */
}

static void *handle(void *arg) {
    struct request *r = arg;
    r->checked = walk(1, r->depth);
    return NULL;
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("api: ready\n");
    for (int i = 1; i < argc; i++) {
        struct request r = { i, atoi(argv[i]), 0 };
        pthread_t t;
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setstacksize(&attr, 512 * 1024);     /* "four times the default" */
        int err = pthread_create(&t, &attr, handle, &r);
        pthread_attr_destroy(&attr);
        if (err != 0) {
            fprintf(stderr, "api: pthread_create: %s\n", strerror(err));
            return 1;
        }
        pthread_join(t, NULL);
        printf("request %d: document nested %d deep, checked\n", r.id, r.checked);
    }
    return 0;
}
