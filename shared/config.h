/* config.h: the process's configuration, read once from MEDIA_* variables. */
#ifndef SHARED_CONFIG_H
#define SHARED_CONFIG_H

/* MEDIA_STORAGE_MAX_BYTES's default: the largest photo the listener
 * downloads and media-import copies. */
#define CONFIG_STORAGE_MAX_BYTES	(64L * 1024 * 1024)

struct config {
	const char	*pg_host;		/* MEDIA_PG_HOST, 127.0.0.1 */
	const char	*pg_port;		/* MEDIA_PGBOUNCER_PORT, 16432 */
	const char	*pg_db;			/* MEDIA_PG_DB, media */
	const char	*pg_user;		/* MEDIA_PG_USER, media */
	const char	*pg_password;		/* MEDIA_PG_PASSWORD, unset */
	const char	*pg_sslmode;		/* MEDIA_PG_SSLMODE, disable (loopback) */
	const char	*public_url;		/* MEDIA_PUBLIC_URL */
	const char	*cache_dir;		/* MEDIA_CACHE_DIR, ./var/cache */
	const char	*storage_url_template;	/* MEDIA_STORAGE_URL_TEMPLATE */
	const char	*ai_url;		/* MEDIA_AI_URL, "" = local only */
	const char	*nats_url;		/* MEDIA_NATS_URL */
	const char	*trigger_subjects;	/* MEDIA_TRIGGER_SUBJECTS, trigger.> */
	const char	*storage_dir;		/* MEDIA_STORAGE_DIR, ./var/storage (dev) */
	const char	*log_level;		/* MEDIA_LOG_LEVEL, info */
	const char	*version;		/* build version */
};

/*
 * Fill the process-wide configuration from the environment. Values point
 * into the environment or at static defaults; nothing to free. Cannot fail.
 */
void			 config_load(void);
/* The configuration config_load() filled; defaults if it was never called. */
const struct config	*config_get(void);
/* The positive decimal integer in environment variable name, or def when
 * it is unset, empty, not a number, not positive or out of range.
 * Cannot fail. */
long			 config_long(const char *name, long def);

#endif
