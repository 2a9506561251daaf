/* listpage.h: a list endpoint's page and its total (contract §2). */
#ifndef SHARED_LISTPAGE_H
#define SHARED_LISTPAGE_H

#include "resp.h"

struct page;
struct req;

/*
 * One page of a list: run sql_rows (in binary) with the n text parameters
 * params and then the page's limit and offset as $n+1 and $n+2, and send
 * its rows rendered by render (NULL: every column) with X-Total-Count.
 *
 * The total costs no statement when the page is not full: it is offset +
 * rows. Only a full page, or an empty one past offset 0, runs sql_count
 * (the same n parameters; one row, one integer column). PostgreSQL plans
 * every statement anew (no prepared statements through pgbouncer), and a
 * statement that counts and pages at once took it twice the CPU of the
 * page alone (issue 11). The count is a statement of its own, so under
 * concurrent writes the total may be a newer one than the page's.
 * Returns a status.
 */
int	list_page(struct req *, const char *sql_rows, const char *sql_count, int n,
	    const char *const *params, const struct page *pg, row_render_fn render);

#endif
