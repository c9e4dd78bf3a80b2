/* libc-types.c: a macro and a type size that differ.
 *
 * __GLIBC__ exists only on glibc; musl has no identifying macro. And
 * regoff_t, the type of a regex match offset (regmatch_t.rm_so/rm_eo), is an
 * int (4 bytes) on glibc, but pointer-sized on musl: 8 bytes on a 64-bit
 * system like this one, 4 on a 32-bit one. Code that prints it with %d or
 * stores it in an int is right on one library only; converting to a wide
 * type first is right on both. */
#include <regex.h>
#include <stdio.h>

int main(void) {
#ifdef __GLIBC__
    printf("__GLIBC__ defined\n");
#else
    printf("__GLIBC__ not defined\n");
#endif
    printf("sizeof(regoff_t) = %zu, sizeof(void *) = %zu\n", sizeof(regoff_t), sizeof(void *));

    regex_t re;
    regmatch_t m;
    regcomp(&re, "lib", 0);
    if (regexec(&re, "/usr/lib/", 1, &m, 0) == 0)
        printf("match at %lld..%lld\n", (long long)m.rm_so, (long long)m.rm_eo); /* portable */
    regfree(&re);
    return 0;
}
