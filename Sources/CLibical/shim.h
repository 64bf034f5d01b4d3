#ifndef BOARDCAL_CLIBICAL_SHIM_H
#define BOARDCAL_CLIBICAL_SHIM_H
#include <libical/ical.h>
#endif
