/* Allocation counter for `make bench` (README "Speed"): preloaded (LD_PRELOAD) into the bench and
 * the libical floor, it counts malloc, calloc and realloc calls per thread and passes each on to
 * glibc's own allocator (__libc_malloc and friends), so nothing else changes. A program reads the
 * process's count through dlsym(RTLD_DEFAULT, "alloccount_get"); where the library is not loaded
 * the symbol is absent and allocations are "not measured".
 *
 *   cc -O2 -shared -fPIC -o alloc_count.so Bench/alloc_count.c
 *
 * The counter is the whole process's (one relaxed atomic add per call): stages work side by side
 * on several threads, and an awaited stage may resume on another thread, so a count per thread
 * would miss calls or go backwards. Memory from posix_memalign, aligned_alloc and memalign
 * is not counted (Swift uses it only for over-aligned types). glibc only. */
#include <stddef.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);

static unsigned long long calls;

void *malloc(size_t size) {
  __atomic_fetch_add(&calls, 1, __ATOMIC_RELAXED);
  return __libc_malloc(size);
}

void *calloc(size_t count, size_t size) {
  __atomic_fetch_add(&calls, 1, __ATOMIC_RELAXED);
  return __libc_calloc(count, size);
}

void *realloc(void *pointer, size_t size) {
  __atomic_fetch_add(&calls, 1, __ATOMIC_RELAXED);
  return __libc_realloc(pointer, size);
}

/* The malloc, calloc and realloc calls made so far by the process. */
unsigned long long alloccount_get(void) { return __atomic_load_n(&calls, __ATOMIC_RELAXED); }
