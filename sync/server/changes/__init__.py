"""The changes feed: numbering changes in commit order, and serving them by opaque cursor."""
