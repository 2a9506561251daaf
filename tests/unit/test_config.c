/* test_config.c: config_long, the integer settings of the listener and
 * media-import: a positive decimal number or the default. */
#include <stdlib.h>

#include "config.h"
#include "tap.h"

#define VAR	"MEDIA_TEST_CONFIG_LONG"

static long
with(const char *value)
{
	setenv(VAR, value, 1);
	return config_long(VAR, 42);
}

int
main(void)
{
	unsetenv(VAR);
	ok(config_long(VAR, 42) == 42, "unset: the default");
	ok(with("") == 42, "empty: the default");
	ok(with("7") == 7, "a positive number is taken");
	ok(with("9223372036854775807") == 9223372036854775807L, "LONG_MAX is taken");
	ok(with("9223372036854775808") == 42, "one past LONG_MAX (overflow): the default");
	ok(with("0") == 42, "zero: the default (settings are positive)");
	ok(with("-5") == 42, "a negative number: the default");
	ok(with("12x") == 42, "trailing garbage: the default");
	ok(with("x12") == 42, "leading garbage: the default");
	ok(with("1.5") == 42, "a fraction: the default");
	return done_testing();
}
