"""Contributors' tools that read the built site and the data: `make review`."""
