/* pod-start.c: how a pod starts its container, in a few lines.
 *
 * A pod spec's `command: ["/app/payments"]` (or a Dockerfile's exec form,
 * ENTRYPOINT ["/app/payments"]) runs no shell. The container runtime (runc)
 * finds the file, checks it is executable, and calls execve() on it
 * directly. This program does the same, the way `runc init` does:
 *
 *   1. "the image": it carries the payments binary (built beside it, on
 *      the Debian build machine) and writes it out, as the image holds it;
 *   2. "LookPath": the file must exist and be executable;
 *   3. execve() it. On success this process becomes payments. On failure it
 *      prints what runc prints, `exec <path>: <error>`, and exits 255
 *      (runc 1.2 and later; 1 before).
 *
 * It is linked statically, like runc itself: it needs no loader from the
 * image, so it starts in both environments. payments does need one. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The payments binary, embedded at build time by the assembler. */
__asm__(".section .rodata\n"
        ".global image_app, image_app_end\n"
        "image_app: .incbin \"payments\"\n"
        "image_app_end:\n"
        ".previous\n");
extern const char image_app[], image_app_end[];

/* The image's /app/payments: here under /tmp, the only place it may write. */
#define APP_DIR "/tmp/app"
#define APP APP_DIR "/payments"

extern char **environ;

int main(void) {
    /* 1. the image's file, executable, as COPY put it there */
    mkdir(APP_DIR, 0755);
    FILE *f = fopen(APP, "wb");
    if (f == NULL || fwrite(image_app, 1, (size_t)(image_app_end - image_app), f) == 0 || fclose(f) != 0) {
        perror("pod-start: writing " APP);
        return 2;
    }
    chmod(APP, 0755);

    /* 2. what runc's exec.LookPath checks: a regular file with an execute
       bit. (It passes here. Had it failed, runc would have stopped before
       the start, with another error: not this incident.) */
    struct stat st;
    if (stat(APP, &st) != 0 || !S_ISREG(st.st_mode) || !(st.st_mode & 0111)) {
        fprintf(stderr, "pod-start: %s is no executable file\n", APP);
        return 2;
    }

    /* 3. exec form: execve the file itself, no shell in between */
    char *argv[] = { APP, NULL };
    execve(APP, argv, environ);

    /* Only reached when execve failed. runc is Go, which words errno in
       lower case: "no such file or directory". */
    char msg[128];
    snprintf(msg, sizeof msg, "%s", strerror(errno));
    if (msg[0] >= 'A' && msg[0] <= 'Z')
        msg[0] = (char)(msg[0] - 'A' + 'a');
    fprintf(stderr, "exec %s: %s\n", APP, msg);
    return 255;
}
