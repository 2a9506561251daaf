/* import.h: media-import's private declarations (issue 12): the photos
 * under a folder into the dev storage folder, announced with file.uploaded. */
#ifndef IMPORT_H
#define IMPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>

#include "bus.h"

/* "imp_" + 44 hex chars of SHA-256 (176 bits): a client id of contract §2. */
#define FILE_ID_LEN	49
#define WHY_LEN		160

enum outcome {
	OUT_PENDING,	/* found, not handled yet */
	OUT_IMPORTED,	/* copied (if needed) and announced */
	OUT_THERE,	/* the service has it already (or an identical file did) */
	OUT_SKIPPED,	/* not a photo, too large, not a regular file, out of DIR */
	OUT_FAILED	/* unreadable, could not be stored or announced, analysis failed */
};

/* One entry found under DIR. */
struct item {
	char		*rel;			/* path under DIR; items_free frees */
	enum outcome	 outcome;
	char		 file_id[FILE_ID_LEN];	/* set once imported or there */
	const char	*content_type;		/* static; NULL when not a photo */
	bool		 analysed;		/* --wait: analyzed_at seen */
	bool		 duplicate;		/* OUT_THERE: another file of this
						 * run has the same bytes */
	char		 why[WHY_LEN];		/* skipped or failed: the reason */
};

struct items {
	struct item	*v;
	size_t		 n, cap;
};

/* api.c: the service's HTTP API through libcurl. */
struct api {
	CURL	*curl;
	char	 base[1024];	/* MEDIA_PUBLIC_URL + /api/v1/media */
	char	*answer;	/* the last answer's body; api.c owns it */
	size_t	 len;
};

/* One run of the command: its inputs (validated in main.c) and state. */
struct run {
	const char	*user;		/* a valid id */
	const char	*frame;		/* a valid id, or NULL */
	const char	*storage_dir;	/* MEDIA_STORAGE_DIR */
	long		 max_bytes;	/* MEDIA_STORAGE_MAX_BYTES */
	long		 wait_s;	/* MEDIA_IMPORT_WAIT_S: --wait gives up after
					 * this long with no photo analysed */
	bool		 tty;		/* stdout is a terminal: a bar */
	int		 root_fd;	/* DIR */
	struct items	 items;
	struct bus	 bus;
	struct api	 api;
	void		*ids;		/* GHashTable of this run's file_ids */
	size_t		 n[OUT_FAILED + 1];	/* items by outcome, at the end */
};

/* walk.c */
/*
 * Every entry under the folder root_fd, recursively, sorted by path: a
 * regular file is an OUT_PENDING item; anything else (a device, a FIFO, a
 * symlink leading out of the folder) an OUT_SKIPPED one and an unreadable
 * folder an OUT_FAILED one, with why. Symlinks are followed only while
 * they stay beneath the folder (openat2 RESOLVE_BENEATH), and a folder is
 * walked once however many links lead to it. 0, or -1 when out of memory
 * (what was found stays in out). */
int	 walk(int root_fd, struct items *out);
/* An open(2) of rel beneath root_fd, never resolving outside it: -1 with
 * errno EXDEV (or ELOOP) for a symlink that would leave it. */
int	 walk_open(int root_fd, const char *rel, int flags);
/* Free every item's path and the array. NULL-safe. */
void	 items_free(struct items *);

/* kind.c */
/* The MIME type of a photo format libvips loads for us (JPEG, PNG, WebP,
 * HEIC, AVIF, TIFF, GIF), from the first bytes of a file (magic bytes,
 * not its name); NULL for anything else. Static string. */
const char *kind_of(const unsigned char *head, size_t len);

/* store.c */
/* The content-derived file_id of a photo of user: "imp_" + the first 44
 * hex chars of SHA-256 over the user id, a NUL and the bytes (per user: a
 * file_id is global, and another user's id would be refused by the
 * listener). 0, or -1 when OpenSSL fails (out of memory). */
int	 store_file_id(const char *user, const unsigned char *data, size_t len,
	    char id[FILE_ID_LEN]);
/*
 * The bytes as storage_dir/user/file_id (folders made as needed), written
 * to a temp file in that folder and renamed into place, mode 0644 (nginx
 * serves them to the listener). A file already there of the same size is
 * kept. 0, or -1 with why.
 */
int	 store_put(const char *storage_dir, const char *user, const char *file_id,
	    const unsigned char *data, size_t len, char *why, size_t whylen);

/* api.c */
/* One easy handle, kept alive across calls. 0, or -1 (out of memory, or a
 * URL too long). */
int	 api_open(struct api *, const char *public_url);
/* NULL-safe fields. */
void	 api_close(struct api *);
/*
 * method path (under the base; ids in it must be valid ids) with the JSON
 * text json or NULL. 0 with *status and *out (the answer parsed, NULL when
 * not JSON; caller deletes) when an answer came, -1 with why when none did.
 */
int	 api_call(struct api *, const char *method, const char *path,
	    const char *json, long *status, cJSON **out, char *why, size_t whylen);

/* one.c: one file: read (beneath DIR), told apart by its bytes, named by
 * them, copied into storage, announced with file.uploaded; sets the
 * item's outcome (and why). Cannot fail. */
void	 one_import(struct run *, struct item *);
/* The file_id's metadata: 0 with *status (200, 404, ...) and *out (the
 * row, or NULL; caller deletes), or -1 with why when the service did not
 * answer. */
int	 one_metadata(struct run *, const char *file_id, long *status, cJSON **out,
	    char *why, size_t whylen);

/* wait.c: --wait: poll each imported or already-there photo's metadata
 * through the API until full_metadata.analyzed_at is set; one whose
 * analysis_error is set, or not analysed before wait_s passed without
 * progress, becomes OUT_FAILED. Cannot fail. */
void	 wait_analysed(struct run *);

/* progress.c: a bar on a terminal, plain lines otherwise. */
struct progress {
	bool		 tty;
	const char	*verb;		/* "imported", "analysed" */
	size_t		 total, done;
	struct timespec	 t0, drawn;
};
/* Start a phase of total steps. Cannot fail. */
void	 progress_start(struct progress *, bool tty, const char *verb, size_t total);
/* One step done; line (a plain-text report, or NULL) is printed above the
 * bar on a terminal, or as is otherwise. Cannot fail. */
void	 progress_step(struct progress *, const char *line);
/* Print line (or NULL) without a step. Cannot fail. */
void	 progress_say(struct progress *, const char *line);
/* End the phase: the bar's last state on its own line. Cannot fail. */
void	 progress_end(struct progress *);
/* Seconds since progress_start. */
double	 progress_elapsed(const struct progress *);
/* s with every control byte (and DEL) as '?', into out: a file name must
 * not drive the terminal. Returns out. */
char	*progress_clean(const char *s, char *out, size_t outlen);

/* frame.c: FRAME: a playlist of the photos and a continuous schedule for
 * the frame, through the API; prints the player's URL. 0, or -1 (said). */
int	 frame_make(struct run *);

#endif
