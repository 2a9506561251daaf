/* schedules.h: the schedules function's handlers and shared pieces (contract §3.4). */
#ifndef SCHEDULES_H
#define SCHEDULES_H

#include <stdbool.h>

#include <cjson/cJSON.h>
#include <libpq-fe.h>

struct req;

/* continuous, time_based, event_based; NULL-terminated (body.c). */
extern const char *const schedule_types[];

/* The fields of a create or update body, validated; NULL: absent. Numbers
 * and booleans are kept as SQL parameter text. */
struct schedule_body {
	const char	*frame_id;
	const char	*playlist_id;
	const char	*fallback_id;	/* fallback_playlist_id; NULL: absent or null */
	bool		 has_fallback;	/* given, maybe null to clear it */
	const char	*type;		/* canonical schedule_type */
	const char	*start_time;	/* "HH:MM" */
	const char	*end_time;
	const char	*days;		/* JSON array text, sorted, no repeats; arena */
	int		 n_days;	/* -1 when days is absent */
	const char	*timezone;
	const char	*interval;	/* rotation_interval */
	const char	*shuffle;	/* "true"/"false" */
	const char	*active;	/* is_active */
	const char	*trigger_event;
	const char	*active_minutes;
	const char	*org_id;
};

/*
 * Validate body b of a create (creating: defaults and required fields) or
 * an update into out. Checks the timezone against PostgreSQL's zone list,
 * so it may fail with ST_UNAVAILABLE. Returns a status, recorded.
 */
int	schedule_body_parse(struct req *, const cJSON *b, bool creating,
	    struct schedule_body *out);
/*
 * The rules of a time_based schedule on the merged result of a create or
 * update: type, start, end as stored or given, n_days the count of days.
 */
int	schedule_body_window(struct req *, const char *type, const char *start,
	    const char *end, int n_days);
/*
 * The 404 of a create or update that found no playlist of the user, naming
 * playlist_id or fallback_playlist_id, whichever is not the user's; call
 * it inside the transaction. Returns ST_NOT_FOUND or a database status.
 */
int	schedule_playlist_missing(struct req *, const struct schedule_body *b);
/*
 * Queue the downloads of schedule id's playlist for its frame with
 * priority (a CACHE_PRIO_* name, BR-M008), inside the caller's transaction. *stale gets the
 * superseded entries (user_id, frame_id, cache_id) whose files the caller
 * removes after the commit (cachefile_remove_rows(*stale, 0)); caller
 * PQclear()s it. Returns a status.
 */
int	schedule_queue(struct req *, const char *id, const char *priority, bool retry,
	    PGresult **stale);

int	schedules_create(struct req *);
int	schedules_frame(struct req *);
int	schedules_get(struct req *);
int	schedules_update(struct req *);
int	schedules_delete(struct req *);
int	schedules_trigger(struct req *);
int	schedules_photos(struct req *);

#endif
