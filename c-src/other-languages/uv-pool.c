/*
 * uv-pool.c: what Node.js does with dns.lookup(), in C.
 *
 * Node's event loop (libuv) cannot ask getaddrinfo() for an answer and carry
 * on: the call blocks until the C library's resolver is done. So libuv runs
 * each lookup on a thread of a small pool (4 threads unless
 * UV_THREADPOOL_SIZE says otherwise), the same pool that reads files for
 * fs.readFile. Since libuv 1.23.1 a lookup counts as "slow" work, and slow
 * work may hold at most (threads + 1) / 2 of the pool (src/threadpool.c,
 * slow_work_thread_threshold), so a file read, "fast" work, still finds a
 * thread while lookups hang.
 *
 * This program is that pool: 4 threads, at most 2 running lookups, a queue
 * in the order the work was asked for (4 lookups whose nameservers never
 * answer, then one file read), and a thread takes the first job it may run.
 */
#include <netdb.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/socket.h>
#include <time.h>

#define POOL 4
#define SLOW_MAX ((POOL + 1) / 2) /* libuv's slow_work_thread_threshold() */
#define JOBS 5

struct job {
	const char *name; /* a host name to look up (slow work), or NULL for the file read (fast) */
	int taken, failed;
	double done_ms;
};

static struct job jobs[JOBS] = {
	{ "api1.lab.test", 0, 0, 0 }, { "api2.lab.test", 0, 0, 0 },
	{ "api3.lab.test", 0, 0, 0 }, { "api4.lab.test", 0, 0, 0 },
	{ NULL, 0, 0, 0 }, /* fs.readFile, asked for after the lookups */
};
static int slow_running, most_slow_at_once, jobs_left = JOBS;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
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

/* The first job in the queue this thread may run: fast work always, a lookup
 * only while fewer than SLOW_MAX lookups run. NULL: wait. */
static struct job *next_job(void)
{
	for (int i = 0; i < JOBS; i++)
		if (!jobs[i].taken && (!jobs[i].name || slow_running < SLOW_MAX))
			return &jobs[i];
	return NULL;
}

/* A pool thread: run jobs until none is left. */
static void *worker(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&lock);
	while (jobs_left > 0) {
		struct job *j = next_job();
		if (!j) {
			pthread_cond_wait(&changed, &lock);
			continue;
		}
		j->taken = 1;
		jobs_left--;
		if (j->name && ++slow_running > most_slow_at_once)
			most_slow_at_once = slow_running;
		pthread_mutex_unlock(&lock);
		run_job(j);
		pthread_mutex_lock(&lock);
		if (j->name)
			slow_running--;
		pthread_cond_broadcast(&changed); /* a lookup slot may be free now */
	}
	pthread_mutex_unlock(&lock);
	return NULL;
}

int main(void)
{
	pthread_t pool[POOL];
	/* first the file read alone, with the pool idle: how long it takes by itself */
	struct job alone = { NULL, 0, 0, 0 };
	clock_gettime(CLOCK_MONOTONIC, &start);
	run_job(&alone);

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (int i = 0; i < POOL; i++)
		pthread_create(&pool[i], NULL, worker, NULL);
	for (int i = 0; i < POOL; i++)
		pthread_join(pool[i], NULL);

	int failed = 0;
	double first = 0, last = 0;
	for (int i = 0; i < JOBS - 1; i++) {
		failed += jobs[i].failed;
		if (i == 0 || jobs[i].done_ms < first)
			first = jobs[i].done_ms;
		if (jobs[i].done_ms > last)
			last = jobs[i].done_ms;
	}
	const struct job *file = &jobs[JOBS - 1];
	printf("pool: %d threads, lookups on at most %d of them\n", POOL, SLOW_MAX);
	printf("lookups failed: %d of %d, at most %d at once\n", failed, JOBS - 1, most_slow_at_once);
	printf("file read: %s, %s\n", file->failed ? "failed" : "ok",
	       file->done_ms < first ? "done before any lookup ended" : "done after a lookup ended");
	/* for the timing comparisons */
	printf("alone_ms=%.3f\n", alone.done_ms);
	printf("file_ms=%.3f\n", file->done_ms);
	printf("first_lookup_ms=%.0f\n", first);
	printf("last_lookup_ms=%.0f\n", last);
	return 0;
}
