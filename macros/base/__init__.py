"""Layer 0, the base: the one error type, number formatting and escaping; no other layer below it."""
