/* arena.c: a bump allocator over a list of blocks, reset per request. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

#define ARENA_BLOCK	(64 * 1024)
#define ARENA_ALIGN	16

struct block {
	struct block	*next;
	size_t		 size;
	size_t		 used;
	_Alignas(16) unsigned char data[];	/* ARENA_ALIGN */
};

struct arena {
	struct block	*head;	/* the block being filled; ->next are older */
};

static struct block *
block_new(size_t size)
{
	struct block	*b;

	if (size > SIZE_MAX - sizeof(*b))
		return NULL;
	if ((b = malloc(sizeof(*b) + size)) == NULL)
		return NULL;
	b->next = NULL;
	b->size = size;
	b->used = 0;
	return b;
}

struct arena *
arena_new(void)
{
	struct arena	*a;

	if ((a = calloc(1, sizeof(*a))) == NULL)
		return NULL;
	if ((a->head = block_new(ARENA_BLOCK)) == NULL) {
		free(a);
		return NULL;
	}
	return a;
}

static void
free_blocks(struct block *b)
{
	struct block	*next;

	for (; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
}

void
arena_free(struct arena *a)
{
	if (a == NULL)
		return;
	free_blocks(a->head);
	free(a);
}

void
arena_reset(struct arena *a)
{
	struct block	*first;

	if (a == NULL || a->head == NULL)
		return;
	/* The oldest block is the standard-sized one; keep only it. */
	for (first = a->head; first->next != NULL; first = first->next)
		;
	if (first != a->head) {
		struct block *b = a->head;

		while (b->next != first)
			b = b->next;
		b->next = NULL;
		free_blocks(a->head);
	}
	first->used = 0;
	a->head = first;
}

void *
arena_alloc(struct arena *a, size_t n)
{
	struct block	*b;
	size_t		 off;

	if (n == 0)
		n = 1;
	if (n > SIZE_MAX - ARENA_ALIGN)
		return NULL;
	b = a->head;
	off = (b->used + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (off > b->size || b->size - off < n) {
		if ((b = block_new(n > ARENA_BLOCK ? n : ARENA_BLOCK)) == NULL)
			return NULL;
		b->next = a->head;
		a->head = b;
		off = 0;
	}
	b->used = off + n;
	memset(b->data + off, 0, n);
	return b->data + off;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char	*p;

	if (s == NULL || (p = arena_alloc(a, n + 1)) == NULL)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return s == NULL ? NULL : arena_strndup(a, s, strlen(s));
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;
	char	*p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || (p = arena_alloc(a, (size_t)n + 1)) == NULL)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}
