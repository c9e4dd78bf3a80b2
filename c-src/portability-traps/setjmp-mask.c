/* setjmp-mask.c: does longjmp put back the signal mask?
 *
 * Block SIGUSR1 after setjmp, then longjmp back. If setjmp had saved the
 * signal mask, longjmp would restore it and SIGUSR1 would be unblocked again.
 * Only sigsetjmp(env, 1) promises that.
 *
 * glibc's <setjmp.h> defines setjmp as a macro for _setjmp, which does not
 * save the mask. Its out-of-line function named `setjmp` is the old BSD one
 * and does save it. Compile with -DCALL_THE_FUNCTION to call that function
 * (the parentheses stop the macro): a binary that reaches the symbol, not
 * the macro, gets the BSD behaviour on glibc. musl's setjmp never saves it. */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>

static jmp_buf plain;
static sigjmp_buf with_mask;

static void set_usr1(int how) {
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGUSR1);
    sigprocmask(how, &s, NULL);
}

static const char *usr1_state(void) {
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now); /* read the mask without changing it */
    return sigismember(&now, SIGUSR1) ? "still blocked" : "unblocked again";
}

#ifdef CALL_THE_FUNCTION
#define SETJMP (setjmp)   /* the function named setjmp, not the macro */
#else
#define SETJMP setjmp     /* what programs normally write */
#endif

int main(void) {
    if (SETJMP(plain) == 0) {
        set_usr1(SIG_BLOCK);
        longjmp(plain, 1);
    }
    printf("setjmp/longjmp:          SIGUSR1 %s\n", usr1_state());

    set_usr1(SIG_UNBLOCK);
    if (sigsetjmp(with_mask, 1) == 0) {
        set_usr1(SIG_BLOCK);
        siglongjmp(with_mask, 1);
    }
    printf("sigsetjmp(env, 1)/siglongjmp: SIGUSR1 %s\n", usr1_state());
    return 0;
}
