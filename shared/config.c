/* config.c: configuration from the environment, with the README's defaults. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "valid.h"

#ifndef MEDIA_VERSION
#define MEDIA_VERSION "dev"
#endif

static struct config	cfg;
static int		loaded;

static const char *
env_or(const char *name, const char *fallback)
{
	const char	*v = getenv(name);

	return (v != NULL && *v != '\0') ? v : fallback;
}

void
config_load(void)
{
	cfg.pg_host = env_or("MEDIA_PG_HOST", "127.0.0.1");
	cfg.pg_port = env_or("MEDIA_PGBOUNCER_PORT", "16432");
	cfg.pg_db = env_or("MEDIA_PG_DB", "media");
	cfg.pg_user = env_or("MEDIA_PG_USER", "media");
	cfg.pg_password = env_or("MEDIA_PG_PASSWORD", NULL);
	/* pgbouncer on loopback: no TLS or GSSAPI handshake (nor their
	 * libraries' start-up cost); set require for a remote pgbouncer. */
	cfg.pg_sslmode = env_or("MEDIA_PG_SSLMODE", "disable");
	cfg.public_url = env_or("MEDIA_PUBLIC_URL", "http://127.0.0.1:8222");
	cfg.cache_dir = env_or("MEDIA_CACHE_DIR", "./var/cache");
	cfg.storage_url_template = env_or("MEDIA_STORAGE_URL_TEMPLATE",
	    "http://127.0.0.1:8222/storage/{user_id}/{file_id}");
	cfg.ai_url = env_or("MEDIA_AI_URL", "");
	cfg.nats_url = env_or("MEDIA_NATS_URL", "nats://127.0.0.1:14222");
	/* Issue 10 finding 5: the one namespace of schedule triggers, which
	 * MEDIA_INBOX captures for good; a bad value is the default (the
	 * listener says so when it starts). */
	cfg.trigger_subjects = env_or("MEDIA_TRIGGER_SUBJECTS", "trigger.>");
	if (!valid_subject_pattern(cfg.trigger_subjects) ||
	    strncmp(cfg.trigger_subjects, "media", 5) == 0 ||
	    strncmp(cfg.trigger_subjects, "file.", 5) == 0 ||
	    strncmp(cfg.trigger_subjects, "device.", 7) == 0 ||
	    strncmp(cfg.trigger_subjects, "user.", 5) == 0 ||
	    cfg.trigger_subjects[0] == '*' || cfg.trigger_subjects[0] == '>')
		cfg.trigger_subjects = "trigger.>";
	cfg.storage_dir = env_or("MEDIA_STORAGE_DIR", "./var/storage");
	cfg.log_level = env_or("MEDIA_LOG_LEVEL", "info");
	cfg.version = MEDIA_VERSION;
	loaded = 1;
}

const struct config *
config_get(void)
{
	if (!loaded)
		config_load();
	return &cfg;
}

long
config_long(const char *name, long def)
{
	const char	*v = getenv(name);
	char		*end;
	long		 n;

	if (v == NULL || *v == '\0')
		return def;
	errno = 0;
	n = strtol(v, &end, 10);
	return errno == 0 && *end == '\0' && n > 0 ? n : def;
}
