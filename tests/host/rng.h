/* A small, fixed-seed pseudo-random generator (xorshift64) for host tests: runs repeat exactly. */
#ifndef HOST_RNG_H
#define HOST_RNG_H

static inline unsigned long long rng_next(unsigned long long *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

#endif
