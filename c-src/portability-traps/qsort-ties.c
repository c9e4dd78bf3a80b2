/* qsort-ties.c: sort people by team; what happens to equal keys?
 *
 * The list starts in alphabetical order. qsort is not required to be
 * stable, so people in the same team may come out in any order. glibc sorts
 * small arrays with a merge sort, which happens to keep them alphabetical;
 * musl uses smoothsort, which does not. */
#include <stdio.h>
#include <stdlib.h>

struct person {
    const char *name;
    int team;
};

static int by_team(const void *a, const void *b) {
    const struct person *x = a, *y = b;
    return (x->team > y->team) - (x->team < y->team); /* -1, 0 or 1 */
}

int main(void) {
    struct person people[] = {
        {"ann", 2}, {"bob", 1}, {"cat", 2}, {"dan", 1},
        {"eve", 2}, {"fay", 1}, {"gus", 2}, {"hal", 1},
    };
    size_t n = sizeof people / sizeof people[0];

    qsort(people, n, sizeof people[0], by_team);

    for (size_t i = 0; i < n; i++)
        printf("%d:%s ", people[i].team, people[i].name);
    printf("\n");
    return 0;
}
