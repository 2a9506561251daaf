/* metadata.h: the metadata function's handlers (contract §3.2). */
#ifndef METADATA_H
#define METADATA_H

struct req;

int	metadata_get(struct req *);
int	metadata_put(struct req *);
int	metadata_query(struct req *);

#endif
