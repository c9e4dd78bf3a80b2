/* parser.wrong-rlimit.c: WRONG. It raises the stack limit (what `ulimit -s`
 * sets) as high as it may go before starting the worker. musl never reads that limit
 * when it creates a thread: the worker still gets about 128 KiB and still
 * overflows on musl. (glibc passes, but only because its 8 MiB default
 * was already enough: it reads the limit once, when the program starts.)
 *
 * A recursive-descent parser counts the words of a nested list such as
 * "(a (b (c)))": parse_list calls itself once per level of brackets. The
 * parsing runs in a worker thread, as it would in a server. The input here
 * nests DEPTH levels deep, and every level keeps its current word in a
 * 256-byte buffer on the stack. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#define DEPTH 3000

struct job {
    const char *text;
    size_t pos;
    long words;
    int depth;
};

/* Parses the list that starts at text[pos] (a "("); returns how deep it nests. */
static int parse_list(struct job *j) {
    char word[256];                 /* the word being read: 256 bytes of stack per level */
    size_t n = 0;
    int deepest = 0;
    j->pos++;                       /* skip "(" */
    while (j->text[j->pos] != '\0' && j->text[j->pos] != ')') {
        char c = j->text[j->pos];
        if (c == '(') {
            int d = parse_list(j);  /* one call deeper per bracket */
            if (d > deepest)
                deepest = d;
        } else if (c == ' ') {
            if (n > 0)
                j->words++;
            n = 0;
            j->pos++;
        } else {
            if (n < sizeof word - 1)
                word[n++] = c;
            j->pos++;
        }
    }
    if (n > 0)
        j->words++;
    j->pos++;                       /* skip ")" */
    return deepest + 1;
}

static void *worker(void *arg) {
    struct job *j = arg;
    j->depth = parse_list(j);
    return NULL;
}

int main(void) {
    /* The input: "(w (w (w ... ))))" nested DEPTH levels deep. */
    char *text = malloc(4 * DEPTH + 1);
    if (text == NULL)
        return 1;
    size_t len = 0;
    for (int i = 0; i < DEPTH; i++) {
        memcpy(text + len, "(w ", 3);
        len += 3;
    }
    memset(text + len, ')', DEPTH);
    text[len + DEPTH] = '\0';

    struct job j = { text, 0, 0, 0 };
    /* "the stack is too small": raise the limit as far as it goes, as `ulimit -s hard` would */
    struct rlimit lim;
    getrlimit(RLIMIT_STACK, &lim);
    lim.rlim_cur = lim.rlim_max;
    if (setrlimit(RLIMIT_STACK, &lim) != 0)
        perror("setrlimit");
    pthread_t t;
    int err = pthread_create(&t, NULL, worker, &j);   /* NULL: default attributes */
    if (err != 0) {
        fprintf(stderr, "pthread_create: %s\n", strerror(err));
        return 1;
    }
    pthread_join(t, NULL);
    printf("parsed: depth %d, %ld words\n", j.depth, j.words);
    free(text);
    return 0;
}
