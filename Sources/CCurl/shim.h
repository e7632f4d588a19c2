#ifndef PINGLI_CCURL_SHIM_H
#define PINGLI_CCURL_SHIM_H
#include <curl/curl.h>

/* curl_easy_setopt and curl_easy_getinfo are variadic; Swift cannot call them.
   These typed wrappers are the only way PingliKit sets options. */
static inline CURLcode pingli_curl_setopt_long(CURL *h, CURLoption o, long v) {
    return curl_easy_setopt(h, o, v);
}
static inline CURLcode pingli_curl_setopt_string(CURL *h, CURLoption o, const char *v) {
    return curl_easy_setopt(h, o, v);
}
static inline CURLcode pingli_curl_setopt_pointer(CURL *h, CURLoption o, void *v) {
    return curl_easy_setopt(h, o, v);
}
static inline CURLcode pingli_curl_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) {
    return curl_easy_setopt(h, o, v);
}
typedef size_t (*pingli_curl_write_fn)(char *, size_t, size_t, void *);
static inline CURLcode pingli_curl_setopt_write_function(CURL *h, CURLoption o, pingli_curl_write_fn f) {
    return curl_easy_setopt(h, o, f);
}
static inline CURLcode pingli_curl_getinfo_long(CURL *h, CURLINFO i, long *v) {
    return curl_easy_getinfo(h, i, v);
}
static inline CURLcode pingli_curl_getinfo_double(CURL *h, CURLINFO i, double *v) {
    return curl_easy_getinfo(h, i, v);
}
#endif
