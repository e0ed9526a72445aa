"""Layer 1, the inputs: data/ read into a catalog (tables, quantities, computed tables, checks) and
docs/ read into a page index (every macro call on every page)."""
