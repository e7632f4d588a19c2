#ifndef PINGLI_CEDIT_SHIM_H
#define PINGLI_CEDIT_SHIM_H
#include <stdio.h>
#include <locale.h>
#include <editline/readline.h>

/* libedit's globals are mutable C state; Swift 6 refuses to touch them, so they are
   written here. setlocale(LC_CTYPE, "") is required or libedit drops multibyte input. */
static inline void pingli_edit_setup(const char *name) {
    setlocale(LC_CTYPE, "");
    rl_readline_name = (char *)name;
}

typedef char **(*pingli_completion_fn)(const char *, int, int);
static inline void pingli_edit_set_completion(pingli_completion_fn fn) {
    rl_attempted_completion_function = fn;
}
static inline const char *pingli_edit_line_buffer(void) { return rl_line_buffer; }
static inline void pingli_edit_no_default_completion(void) {
    rl_attempted_completion_over = 1;
}
/* stdout is a C global too: line-buffer it so a pipe sees each acknowledgement at once. */
static inline void pingli_line_buffer_stdout(void) { setvbuf(stdout, NULL, _IOLBF, 0); }
#endif
