/* crypt-hash.c: hash a password with crypt() and a SHA-512 ("$6$") salt.
 *
 * crypt() is POSIX (XSI). Upstream musl has it in libc, declared in
 * <crypt.h> and <unistd.h>, with DES, MD5, bcrypt, SHA-256 and SHA-512
 * hashes; -lcrypt links an empty library there, so build scripts written
 * for glibc (where crypt lives in libcrypt) work unchanged. A musl package
 * without <crypt.h> is a patched one, not what Alpine ships. */
#include <crypt.h>
#include <stdio.h>

int main(void) {
    const char *hash = crypt("correct horse", "$6$labsalt$");
    if (!hash || hash[0] != '$') {
        printf("crypt failed\n");
        return 1;
    }
    printf("%s\n", hash);
    return 0;
}
