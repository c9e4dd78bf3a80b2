/* startup.c: how long from exec to exit for a tiny program?
 *
 * Run with no arguments, it starts itself 200 times as "startup hello"
 * (which only writes a line and exits) and times each start from fork+exec
 * to the end of the child. Build it dynamic (the default) and with -static
 * to see what loading shared libraries costs. The medians are reported:
 * cpu_us is the CPU time the child used (from wait4), which waiting for a
 * busy machine's CPU does not inflate; wall_us is fork to exit by the clock. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define STARTS 200

static double now_us(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static int by_value(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "hello") == 0) {
        puts("hello");
        return 0;
    }
    static double us[STARTS], cpu[STARTS];
    for (int i = 0; i < STARTS; i++) {
        double t0 = now_us();
        pid_t pid = fork();
        if (pid == 0) {
            freopen("/dev/null", "w", stdout);  /* keep the 200 hellos out of the output */
            execl("/proc/self/exe", argv[0], "hello", (char *)NULL);
            _exit(127);
        }
        int status;
        struct rusage ru;                       /* the CPU time the child used */
        wait4(pid, &status, 0, &ru);
        us[i] = now_us() - t0;
        cpu[i] = ru.ru_utime.tv_sec * 1e6 + ru.ru_utime.tv_usec + ru.ru_stime.tv_sec * 1e6 + ru.ru_stime.tv_usec;
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            printf("start %d failed\n", i + 1);
            return 1;
        }
    }
    qsort(us, STARTS, sizeof us[0], by_value);
    printf("%d starts of \"%s hello\"\n", STARTS, argv[0]);
    printf("wall time: fastest %.0f us, slowest %.0f us\n", us[0], us[STARTS - 1]);
    printf("wall_us=%.0f\n", us[STARTS / 2]);
    qsort(cpu, STARTS, sizeof cpu[0], by_value);
    printf("cpu_us=%.0f\n", cpu[STARTS / 2]);
    return 0;
}
