"""Layer 6, the engine adapters: the only code that touches MkDocs and mkdocs-macros."""
