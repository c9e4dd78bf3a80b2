/* headers.c: names a program used without including the header that
 * declares them, because glibc's headers happened to pull that header in.
 *
 * Built with -DTRY_<NAME>, it is a compile-only probe (the lesson's command
 * builds each one). Built as is, it names every header it needs and runs on
 * both libraries. */
#if defined(TRY_htobe64_via_stdlib)
/* byte order with only <stdlib.h>: htobe64 is declared in <endian.h> */
#include <stdlib.h>
unsigned long long probe(unsigned long long x) { return htobe64(x); }
#elif defined(TRY_be32toh_via_arpa_inet)
/* network code: <arpa/inet.h> has htonl, not be32toh */
#include <arpa/inet.h>
unsigned probe(unsigned x) { return be32toh(x); }
#elif defined(TRY_PATH_MAX_via_dirent)
/* directory code: PATH_MAX is defined in <limits.h> */
#include <dirent.h>
char probe[PATH_MAX];
#elif defined(TRY_major_via_sys_types)
/* a device number's parts: declared in <sys/sysmacros.h> */
#include <sys/types.h>
unsigned probe(dev_t d) { return major(d); }
#elif defined(TRY_strchrnul_after_undef)
/* _GNU_SOURCE taken back after the first include */
#define _GNU_SOURCE
#include <stdio.h>
#undef _GNU_SOURCE
#include <string.h>
const char *probe(const char *s) { return strchrnul(s, ','); }
#elif defined(TRY_linux_prctl_first)
/* the kernel's header first, then the C library's */
#include <linux/prctl.h>
#include <sys/prctl.h>
int probe(void) { return prctl(PR_GET_DUMPABLE, 0, 0, 0, 0); }
#else
/* Every header named: the same program builds on both. */
#define _GNU_SOURCE
#include <endian.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/sysmacros.h>
int main(void) {
    printf("htobe64(1) = %#llx\n", (unsigned long long)htobe64(1));
    printf("PATH_MAX = %d, major(makedev(8, 1)) = %u\n", PATH_MAX, major(makedev(8, 1)));
    printf("strchrnul: \"%s\", prctl answers: %s\n", strchrnul("a,b", ','), prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) >= 0 ? "yes" : "no");
    return 0;
}
#endif
