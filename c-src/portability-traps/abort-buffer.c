/* abort-buffer.c: what reaches a pipe when a program aborts mid-output?
 *
 * stdout is fully buffered when it is not a terminal (on musl from its first
 * write on; until then it is line-buffered): characters collect in
 * a buffer and are written out only when it is full (or at fflush/exit).
 * abort() ends the process at once, without flushing (C leaves flushing
 * "implementation-defined"; neither library does it). So what the reader of
 * the pipe gets depends on the size of the buffer.
 *
 * A child writes 3000 characters into a pipe with putchar and aborts; the
 * parent counts the bytes that arrived. With the argument "newline", the
 * fifth character is a newline: a line-buffered stream would write the first
 * five characters at once. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
    int newline = argc > 1 && strcmp(argv[1], "newline") == 0;
    int fds[2];
    if (pipe(fds) != 0) {
        perror("pipe");
        return 1;
    }
    pid_t child = fork();
    if (child < 0) {
        perror("fork");
        return 1;
    }
    if (child == 0) {                     /* the child: stdout is the pipe */
        close(fds[0]);
        dup2(fds[1], STDOUT_FILENO);
        close(fds[1]);
        for (int i = 0; i < 3000; i++)
            putchar(newline && i == 4 ? '\n' : 'x');
        abort();                          /* no flush: the buffer's contents are lost */
    }

    close(fds[1]);
    char buf[4096];
    long got = 0;
    ssize_t n;
    while ((n = read(fds[0], buf, sizeof buf)) > 0)
        got += n;
    int status;
    waitpid(child, &status, 0);
    printf("child wrote 3000 characters, then: %s\n",
           WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT ? "SIGABRT" : "something else");
    printf("the pipe received %ld bytes\n", got);
    return 0;
}
