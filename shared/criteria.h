/* criteria.h: the smart criteria of contract §3.2, validated in one place.
 * Evaluation is SQL's media_criteria_match() (sql/002_functions.sql). */
#ifndef SHARED_CRITERIA_H
#define SHARED_CRITERIA_H

#include <cjson/cJSON.h>

struct req;

/*
 * Check every key of the criteria object c (BR-M005, BR-M006): unknown keys
 * are a 400 whose detail lists the supported ones; wrong types or ranges a
 * 400 naming the key. extra is a NULL-terminated list of further keys the
 * caller handles itself (e.g. "max_photos", "limit"), or NULL. Enum values
 * are lowercased in place. field names c in error messages.
 */
int	criteria_validate(struct req *r, const char *field, cJSON *c,
	    const char *const *extra);

#endif
