/* The libical floor of `make bench` (README "Speed"): what libical itself takes to produce the
 * VEVENTs of a set of feeds, with nothing of boardcal around it.
 *
 *   cc -O2 -o libical_floor Bench/libical_floor.c $(pkg-config --cflags --libs libical)
 *   libical_floor [--reps N] FILE.ics|FOLDER ...
 *
 * Parses every .ics file given (folders are searched; untimed) and collects their VEVENTs. Then,
 * N times (default 15, after one untimed pass) on CLOCK_MONOTONIC, clones each VEVENT
 * (icalcomponent_new_clone), serialises the clone (icalcomponent_as_ical_string_r) and frees
 * both. Prints one JSON line: files, events, the bytes one pass produces, the median and minimum
 * milliseconds of a pass, and, when the allocation counter (alloc_count.c) is preloaded, the
 * malloc/calloc/realloc calls per event of a pass. */
#define _XOPEN_SOURCE 700
#include <dlfcn.h>
#include <ftw.h>
#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static icalcomponent **events;
static size_t event_count, event_capacity;
static icalcomponent **calendars;
static size_t calendar_count, calendar_capacity;
static size_t file_count;
static int failed;

static void *grow(void *array, size_t *capacity, size_t count, size_t size) {
  if (count < *capacity) return array;
  *capacity = *capacity ? *capacity * 2 : 256;
  void *bigger = realloc(array, *capacity * size);
  if (!bigger) {
    fprintf(stderr, "libical_floor: out of memory\n");
    exit(1);
  }
  return bigger;
}

static char *slurp(const char *path) {
  FILE *file = fopen(path, "rb");
  if (!file) return NULL;
  size_t size = 0, capacity = 65536;
  char *text = malloc(capacity);
  size_t n;
  while (text && (n = fread(text + size, 1, capacity - size - 1, file)) > 0) {
    size += n;
    if (capacity - size - 1 == 0) text = realloc(text, capacity *= 2);
  }
  fclose(file);
  if (text) text[size] = '\0';
  return text;
}

static void read_file(const char *path) {
  char *text = slurp(path);
  if (!text) {
    fprintf(stderr, "libical_floor: cannot read %s\n", path);
    failed = 1;
    return;
  }
  icalcomponent *calendar = icalparser_parse_string(text);
  free(text);
  if (!calendar) {
    fprintf(stderr, "libical_floor: cannot parse %s\n", path);
    failed = 1;
    return;
  }
  file_count++;
  calendars = grow(calendars, &calendar_capacity, calendar_count, sizeof *calendars);
  calendars[calendar_count++] = calendar;
  for (icalcomponent *event = icalcomponent_get_first_component(calendar, ICAL_VEVENT_COMPONENT);
       event; event = icalcomponent_get_next_component(calendar, ICAL_VEVENT_COMPONENT)) {
    events = grow(events, &event_capacity, event_count, sizeof *events);
    events[event_count++] = event;
  }
}

static int visit(const char *path, const struct stat *info, int kind, struct FTW *where) {
  (void)info;
  (void)where;
  size_t length = strlen(path);
  if (kind == FTW_F && length > 4 && strcmp(path + length - 4, ".ics") == 0) read_file(path);
  return 0;
}

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* One pass: clone, serialise and free every VEVENT. Returns the bytes serialised. */
static size_t pass(void) {
  size_t bytes = 0;
  for (size_t i = 0; i < event_count; i++) {
    icalcomponent *clone = icalcomponent_new_clone(events[i]);
    char *text = icalcomponent_as_ical_string_r(clone);
    bytes += strlen(text);
    free(text);
    icalcomponent_free(clone);
  }
  return bytes;
}

static int compare(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  int reps = 15;
  int first = 1;
  if (argc > 2 && strcmp(argv[1], "--reps") == 0) {
    reps = atoi(argv[2]);
    first = 3;
  }
  if (reps < 1 || first >= argc) {
    fprintf(stderr, "usage: libical_floor [--reps N] FILE.ics|FOLDER ...\n");
    return 2;
  }
  for (int i = first; i < argc; i++) {
    struct stat info;
    if (stat(argv[i], &info) == 0 && S_ISDIR(info.st_mode)) {
      nftw(argv[i], visit, 16, FTW_PHYS);
    } else {
      read_file(argv[i]);
    }
  }
  if (failed) return 1;

  unsigned long long (*allocations)(void) =
      (unsigned long long (*)(void))dlsym(RTLD_DEFAULT, "alloccount_get");
  size_t bytes = pass(); /* untimed: first-touch costs */
  unsigned long long before = allocations ? allocations() : 0;
  double *samples = malloc(reps * sizeof *samples);
  for (int r = 0; r < reps; r++) {
    double start = now_ms();
    pass();
    samples[r] = now_ms() - start;
  }
  unsigned long long after = allocations ? allocations() : 0;
  qsort(samples, reps, sizeof *samples, compare);
  double median = reps % 2 ? samples[reps / 2] : (samples[reps / 2 - 1] + samples[reps / 2]) / 2;

  printf("{\"reference\":\"libical-floor\",\"libical\":\"%s\",\"files\":%zu,\"events\":%zu,"
         "\"bytes\":%zu,\"reps\":%d,\"median_ms\":%.4f,\"min_ms\":%.4f",
         ICAL_VERSION, file_count, event_count, bytes, reps, median, samples[0]);
  if (allocations && event_count > 0)
    printf(",\"allocations_per_event\":%.2f",
           (double)(after - before) / reps / (double)event_count);
  printf("}\n");

  free(samples);
  for (size_t i = 0; i < calendar_count; i++) icalcomponent_free(calendars[i]);
  free(calendars);
  free(events);
  return 0;
}
