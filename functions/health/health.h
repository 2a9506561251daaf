/* health.h: the health function's handlers (private to functions/health). */
#ifndef HEALTH_H
#define HEALTH_H

struct req;

/* GET /health, GET /api/v1/media/health. */
int	health_get(struct req *);

#endif
