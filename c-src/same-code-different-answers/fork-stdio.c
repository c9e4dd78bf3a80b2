/* fork-stdio.c: fork() while another thread holds a lock.
 *
 * POSIX: after fork() in a multi-threaded program, the child has one thread
 * and may call only async-signal-safe functions until it calls exec. A lock
 * that another thread held at the moment of fork stays held in the child,
 * and no thread is left to release it.
 *
 * Here a second thread takes stdout's lock (flockfile) and holds it while
 * main forks three children, one after another. Each child tries one thing
 * and exits; alarm(1) ends a child that gets stuck. A barrier makes the
 * order fixed: the lock is always held before the first fork. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

static pthread_barrier_t locked, finished;

static void *holder(void *arg) {
    (void)arg;
    flockfile(stdout);               /* stdout's lock, as printf takes it */
    pthread_barrier_wait(&locked);   /* tell main: the lock is held */
    pthread_barrier_wait(&finished); /* hold it until main is done */
    funlockfile(stdout);
    return NULL;
}

static const char *const tries[] = {
    "malloc(100)", "write(1, ...)", "printf(...)",
};

/* What child k does. Its output goes to /dev/null (dup2 is
 * async-signal-safe). */
static void child(int k) {
    alarm(1);                /* a stuck child dies of SIGALRM in 1 s */
    int null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    if (k == 0) {
        if (malloc(100) == NULL) _exit(1);
    } else if (k == 1) {
        if (write(1, "hi\n", 3) != 3) _exit(1);
    } else {
        printf("hi\n");              /* takes stdout's lock first */
        fflush(stdout);
    }
    _exit(0);
}

int main(void) {
    int status[3];
    pthread_t t;
    pthread_barrier_init(&locked, NULL, 2);
    pthread_barrier_init(&finished, NULL, 2);
    pthread_create(&t, NULL, holder, NULL);
    pthread_barrier_wait(&locked);

    for (int k = 0; k < 3; k++) {
        pid_t pid = fork();
        if (pid == 0) child(k);
        waitpid(pid, &status[k], 0);
    }
    /* main's own printf needs stdout's lock too: let the thread go first. */
    pthread_barrier_wait(&finished);
    pthread_join(t, NULL);

    printf("another thread held stdout's lock during fork()\n");
    for (int k = 0; k < 3; k++) {
        if (WIFEXITED(status[k]) && WEXITSTATUS(status[k]) == 0)
            printf("child %d, %-14s done\n", k + 1, tries[k]);
        else if (WIFSIGNALED(status[k]) && WTERMSIG(status[k]) == SIGALRM)
            printf("child %d, %-14s stuck: ended by alarm after 1 s\n",
                   k + 1, tries[k]);
        else
            printf("child %d, %-14s failed (status %d)\n",
                   k + 1, tries[k], status[k]);
    }
    return 0;
}
