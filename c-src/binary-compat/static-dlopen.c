/* static-dlopen.c: load a shared library at run time.
 *
 * dlopen needs a dynamic loader to map the library into the process. A
 * static musl program has no loader, so musl's dlopen can only report an
 * error. (libm.so.6 is just a library every musl system answers for.) */
#include <dlfcn.h>
#include <stdio.h>

int main(void) {
    void *lib = dlopen("libm.so.6", RTLD_NOW);
    if (lib == NULL) {
        printf("dlopen failed: %s\n", dlerror());
        return 1;
    }
    printf("dlopen worked\n");
    dlclose(lib);
    return 0;
}
