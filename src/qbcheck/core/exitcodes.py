"""Exit codes are a public contract (docs/exit-codes in README): never renumber them."""

OK = 0  # every rule passes
FAILED = 1  # at least one rule fails
BAD_INPUT = 2  # bad usage, unreadable input, or an invalid rule file
UNKNOWN = 3  # nothing fails, but at least one rule could not be decided
INTERNAL = 4  # a bug in qbcheck itself: please report it
