/* business.c: the design's business metrics, read from the database where
 * every process and host counts them (sql/040_metrics_counters.sql). */
#include <stdio.h>
#include <string.h>

#include <libpq-fe.h>

#include "db.h"
#include "metrics.h"
#include "req.h"

/*
 * One statement, three kinds of row (metric, label, value):
 * - versions: versions created per type, every type listed (0 too);
 * - smart: smart playlists re-populated;
 * - hit_rate: per frame, hits / (hits + entries); every entry is made on a
 *   miss (the frame asked for a photo it did not have), every hit_count
 *   increment is a hit. Only frames hit in the last hour, found through
 *   idx_photo_cache_last_accessed, at most 1000: a scrape must not scan
 *   every cache entry of every frame, nor list frames nobody looks at.
 */
static const char sql_business[] =
    "SELECT 'versions', t.type, coalesce(sum(c.value), 0)::text "
    "FROM unnest(ARRAY['original','ai_enhanced','ai_styled',"
    "  'ai_background_removed','user_edited']) AS t(type) "
    "LEFT JOIN media_counters c ON c.name = 'photo_versions' AND c.label = t.type "
    "GROUP BY t.type "
    "UNION ALL "
    "SELECT 'smart', '', coalesce(sum(value), 0)::text FROM media_counters "
    "WHERE name = 'smart_playlist_updates' "
    "UNION ALL "
    "(SELECT 'hit_rate', c.frame_id, "
    "  round(sum(c.hit_count)::numeric / (sum(c.hit_count) + count(*)), 4)::text "
    " FROM photo_cache c WHERE c.frame_id IN (SELECT DISTINCT a.frame_id FROM photo_cache a "
    "   WHERE a.last_accessed_at > now() - interval '1 hour' LIMIT 1000) "
    " GROUP BY c.frame_id ORDER BY c.frame_id)";

/* Print the rows of kind in res as metric{label="…"} value lines. */
static void
series(FILE *out, const PGresult *res, const char *kind, const char *metric,
    const char *label)
{
	int	 i;

	for (i = 0; i < PQntuples(res); i++) {
		if (strcmp(PQgetvalue(res, i, 0), kind) != 0)
			continue;
		if (*label != '\0')
			fprintf(out, "%s{%s=\"%s\"} %s\n", metric, label,
			    PQgetvalue(res, i, 1), PQgetvalue(res, i, 2));
		else
			fprintf(out, "%s %s\n", metric, PQgetvalue(res, i, 2));
	}
}

int
metrics_business(struct req *r, FILE *out)
{
	PGresult	*res = NULL;
	int		 rc;

	res = db_execv(sql_business, 0);
	if ((rc = db_check(r, res, PGRES_TUPLES_OK)) != ST_OK)
		goto cleanup;
	fprintf(out, "# HELP media_photo_versions_total Photo versions created, by type.\n"
	    "# TYPE media_photo_versions_total counter\n");
	series(out, res, "versions", "media_photo_versions_total", "version_type");
	fprintf(out, "# HELP media_smart_playlist_update_total Smart playlists re-populated (BR-M007).\n"
	    "# TYPE media_smart_playlist_update_total counter\n");
	series(out, res, "smart", "media_smart_playlist_update_total", "");
	fprintf(out, "# HELP media_cache_hit_rate Hits / (hits + misses) of a frame's photo cache.\n"
	    "# TYPE media_cache_hit_rate gauge\n");
	series(out, res, "hit_rate", "media_cache_hit_rate", "frame_id");
cleanup:
	PQclear(res);
	return rc;
}
