/* nproc-pinned.c: how many CPUs does sysconf report once the program is pinned?
 *
 * Containers are often limited to some CPUs (docker run --cpuset-cpus, a
 * Kubernetes CPU manager, taskset). The kernel records that as the process's
 * CPU affinity mask. This program pins itself to one CPU, the first it may
 * run on, and then asks sysconf(_SC_NPROCESSORS_ONLN), the number many
 * programs use to size their thread pools.
 *
 * It compares the answer with the two counts it could mean: the CPUs the
 * system has online (from /sys/devices/system/cpu/online) and the CPUs in the
 * mask (1). On a machine with one CPU both counts are 1 and the line says so. */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <unistd.h>

/* Count the CPUs in a list like "0-3,6" (the format of .../cpu/online). */
static int online_cpus(void) {
    FILE *f = fopen("/sys/devices/system/cpu/online", "r");
    int n = 0, lo, hi;
    if (!f)
        return -1;
    while (fscanf(f, "%d", &lo) == 1) {
        if (fscanf(f, "-%d", &hi) != 1)
            hi = lo;                      /* a single CPU, not a range */
        n += hi - lo + 1;
        if (fgetc(f) != ',')
            break;
    }
    fclose(f);
    return n;
}

int main(void) {
    cpu_set_t set;
    int first = 0;

    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) != 0) {
        perror("sched_getaffinity");
        return 1;
    }
    while (!CPU_ISSET(first, &set))
        first++;
    CPU_ZERO(&set);
    CPU_SET(first, &set);                 /* only this one CPU from now on */
    if (sched_setaffinity(0, sizeof set, &set) != 0) {
        perror("sched_setaffinity");
        return 1;
    }

    long onln = sysconf(_SC_NPROCESSORS_ONLN);
    int online = online_cpus();
    printf("pinned to 1 CPU\n");
    if (online == 1)
        printf("_SC_NPROCESSORS_ONLN = %ld: a 1-CPU machine, both counts agree\n", onln);
    else if (onln == 1)
        printf("_SC_NPROCESSORS_ONLN = 1: the CPUs this process may use\n");
    else if (onln == online)
        printf("_SC_NPROCESSORS_ONLN = every CPU online, not the 1 allowed\n");
    else
        printf("_SC_NPROCESSORS_ONLN = %ld, online CPUs %d: neither count\n", onln, online);
    return 0;
}
