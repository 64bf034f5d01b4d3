/* Allocation counter for `make bench` (README "Speed"): preloaded (LD_PRELOAD) into the bench and
 * the libical floor, it counts malloc, calloc and realloc calls per thread and passes each on to
 * glibc's own allocator (__libc_malloc and friends), so nothing else changes. A program reads its
 * thread's count through dlsym(RTLD_DEFAULT, "alloccount_get"); where the library is not loaded
 * the symbol is absent and allocations are "not measured".
 *
 *   cc -O2 -shared -fPIC -o alloc_count.so Bench/alloc_count.c
 *
 * The counter is per thread (initial-exec TLS: one add, no atomic), so a stage's count is the
 * calls the stage made on its own thread. Memory from posix_memalign, aligned_alloc and memalign
 * is not counted (Swift uses it only for over-aligned types). glibc only. */
#include <stddef.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);

static __thread unsigned long long calls __attribute__((tls_model("initial-exec")));

void *malloc(size_t size) {
  calls++;
  return __libc_malloc(size);
}

void *calloc(size_t count, size_t size) {
  calls++;
  return __libc_calloc(count, size);
}

void *realloc(void *pointer, size_t size) {
  calls++;
  return __libc_realloc(pointer, size);
}

/* The malloc, calloc and realloc calls made so far on the calling thread. */
unsigned long long alloccount_get(void) { return calls; }
