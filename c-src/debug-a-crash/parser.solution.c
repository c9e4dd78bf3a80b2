/* parser.solution.c: the worker asks for the stack it needs.
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
    pthread_t t;
    /* About 300 bytes of stack per level: 3000 levels need about 1 MiB.
     * Ask for 4 MiB, whatever the C library's default is. */
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 4 * 1024 * 1024);
    int err = pthread_create(&t, &attr, worker, &j);
    pthread_attr_destroy(&attr);
    if (err != 0) {
        fprintf(stderr, "pthread_create: %s\n", strerror(err));
        return 1;
    }
    pthread_join(t, NULL);
    printf("parsed: depth %d, %ld words\n", j.depth, j.words);
    free(text);
    return 0;
}
