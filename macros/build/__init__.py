"""Layer 5, the build: the build's state, the page macros and every generated output."""
