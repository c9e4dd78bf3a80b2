/* exit-dlerror.c: two corners the musl wiki lists, tried on both.
 *
 *   exit-dlerror exit     an atexit handler calls exit() again
 *   exit-dlerror dlerror  a thread's failed dlopen, seen from main
 */
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void first_registered(void) { printf("handler 1 runs\n"); }

static void second_registered(void) {
    printf("handler 2 runs and calls exit(3)\n");
    exit(3);                     /* C and POSIX: undefined behaviour */
}

static void *failing_dlopen(void *arg) {
    (void)arg;
    if (!dlopen("libmissing.so", RTLD_NOW))
        printf("thread:  dlopen failed\n");
    return NULL;
}

static void say(const char *who, const char *msg) {
    printf("%s dlerror() = %s\n", who, msg ? msg : "NULL");
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "exit") == 0) {
        atexit(first_registered);
        atexit(second_registered);   /* handlers run in reverse order */
        printf("main returns 0\n");
        return 0;
    }
    pthread_t t;
    pthread_create(&t, NULL, failing_dlopen, NULL);
    pthread_join(t, NULL);
    say("main:  ", dlerror());       /* the thread's error is not main's */
    dlopen("libmissing.so", RTLD_NOW);
    say("main:  ", dlerror());
    say("again: ", dlerror());       /* reading the message clears it */
    return 0;
}
