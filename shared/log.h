/* log.h: JSON log lines on stderr; the only writer of logs. */
#ifndef SHARED_LOG_H
#define SHARED_LOG_H

/* Set the function name stamped on every line (a static string). */
void	log_init(const char *function);
/* One line at level error/warn/info; printf-style message. Cannot fail. */
void	log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * The per-request line of contract §2: ts, level, function, method, path,
 * status, duration_ms, user_id, request_id. NULL strings are logged as null.
 */
void	log_request(const char *method, const char *path, int status,
	    double duration_ms, const char *user_id, const char *request_id);

#endif
