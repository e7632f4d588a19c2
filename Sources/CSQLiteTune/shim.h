#ifndef PINGLI_SQLITE_TUNE_H
#define PINGLI_SQLITE_TUNE_H
#include <sqlite3.h>

/* sqlite3_config is variadic, so Swift cannot call it. It only works before SQLite is
   initialised (the first connection opened); later it returns SQLITE_MISUSE and changes
   nothing, which is harmless.

   Memory statistics cost a global mutex around every allocation SQLite makes; Pingli
   never reads them, and on a large import that mutex was a twentieth of the writer's time. */
static inline int pingli_sqlite_disable_memstatus(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

#endif
