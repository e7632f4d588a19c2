#ifndef PINGLI_PQ_SHIM_H
#define PINGLI_PQ_SHIM_H
/* libpq, Debian's libpq-dev (headers in /usr/include/postgresql). Nothing here is variadic;
   the shim only names the header so the module map can stay system-wide. */
#include <libpq-fe.h>
#endif
