/* dlclose.c: does dlclose really unload a library?
 *
 * This one file is two programs. Built with -DBUILD_PLUGIN -shared -fPIC it
 * is a tiny plugin with a call counter and a destructor; built normally it is
 * the main program, which loads the plugin, calls it once, closes it, and
 * does the same a second time.
 *
 * If dlclose unloads the plugin, the second dlopen maps it afresh: the
 * counter starts again at 1 and the destructor runs at each dlclose. If
 * dlclose does nothing, the counter keeps counting and the destructor runs
 * only when the whole program exits. */
#include <stdio.h>

#ifdef BUILD_PLUGIN

static int calls; /* static data: reset only if the library is really reloaded */

int plugin_count(void) {
    return ++calls;
}

__attribute__((destructor)) static void plugin_unloaded(void) {
    printf("  plugin destructor ran\n");
}

#else

#include <dlfcn.h>

int main(void) {
    for (int round = 1; round <= 2; round++) {
        void *lib = dlopen("./libplugin.so", RTLD_NOW);
        if (lib == NULL) {
            printf("dlopen failed: %s\n", dlerror());
            return 1;
        }
        int (*count)(void) = (int (*)(void))dlsym(lib, "plugin_count");
        printf("round %d: counter = %d\n", round, count());
        dlclose(lib);
        printf("round %d: dlclose returned\n", round);
    }
    printf("main returns\n");
    return 0;
}

#endif
