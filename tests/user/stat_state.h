/*
 * The state letter (R, S, T, Z, ...) of a /proc/<pid>/stat or
 * /proc/<pid>/task/<tid>/stat file: the field after the command's closing
 * parenthesis. '?' when the file cannot be read.
 */
#ifndef TESTS_USER_STAT_STATE_H
#define TESTS_USER_STAT_STATE_H

#include <stdio.h>
#include <string.h>

static inline char stat_state(const char *path)
{
	char text[256], *p;
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(text, 1, sizeof(text) - 1, f) : 0;

	if (f)
		fclose(f);
	text[n] = '\0';
	p = strrchr(text, ')');
	return p && p[1] == ' ' ? p[2] : '?';
}

#endif
