/*
 * uv-pool.c: what Node.js does with dns.lookup(), in C.
 *
 * Node's event loop (libuv) cannot ask getaddrinfo() for an answer and carry
 * on: the call blocks until the C library's resolver is done. So libuv runs
 * each lookup on a thread of a small pool (4 threads unless
 * UV_THREADPOOL_SIZE says otherwise), the same pool that reads files for
 * fs.readFile. This program is that pattern: 4 worker threads, a queue,
 * 4 lookups whose nameservers never answer, then one file read.
 * The file read has to wait until a lookup gives its thread back.
 */
#include <netdb.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#define POOL 4
#define JOBS 5

struct job {
	const char *name; /* a host name to look up, or NULL for the file read */
	int failed;
	double done_ms;
};

static struct job jobs[JOBS] = {
	{ "api1.lab.test", 0, 0 }, { "api2.lab.test", 0, 0 },
	{ "api3.lab.test", 0, 0 }, { "api4.lab.test", 0, 0 },
	{ NULL, 0, 0 }, /* fs.readFile */
};
static int next_job;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct timespec start;

static double ms_since_start(void)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - start.tv_sec) * 1e3 + (now.tv_nsec - start.tv_nsec) / 1e6;
}

static void run_job(struct job *j)
{
	if (j->name) {
		/* IPv4 only: one query per nameserver, as in the DNS lesson */
		struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_STREAM };
		struct addrinfo *res = NULL;
		j->failed = getaddrinfo(j->name, "80", &hints, &res) != 0;
		if (res)
			freeaddrinfo(res);
	} else {
		char line[256];
		FILE *f = fopen("/etc/passwd", "r");
		j->failed = !f || !fgets(line, sizeof line, f);
		if (f)
			fclose(f);
	}
	j->done_ms = ms_since_start();
}

/* A pool thread: take the next job from the queue until there is none. */
static void *worker(void *arg)
{
	(void)arg;
	for (;;) {
		pthread_mutex_lock(&lock);
		int n = next_job < JOBS ? next_job++ : -1;
		pthread_mutex_unlock(&lock);
		if (n < 0)
			return NULL;
		run_job(&jobs[n]);
	}
}

int main(void)
{
	pthread_t pool[POOL];
	/* first the file read alone, with the pool idle: how long it takes by itself */
	struct job alone = { NULL, 0, 0 };
	clock_gettime(CLOCK_MONOTONIC, &start);
	run_job(&alone);

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (int i = 0; i < POOL; i++)
		pthread_create(&pool[i], NULL, worker, NULL);
	for (int i = 0; i < POOL; i++)
		pthread_join(pool[i], NULL);

	int failed = 0;
	for (int i = 0; i < JOBS - 1; i++)
		failed += jobs[i].failed;
	printf("lookups failed: %d of %d\n", failed, JOBS - 1);
	printf("file read: %s, after waiting for a free pool thread\n", jobs[JOBS - 1].failed ? "failed" : "ok");
	/* for the timing comparisons: the file read alone, and behind the lookups */
	printf("alone_ms=%.3f\n", alone.done_ms);
	printf("file_ms=%.0f\n", jobs[JOBS - 1].done_ms);
	return 0;
}
