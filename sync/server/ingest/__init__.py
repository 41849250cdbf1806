"""Batch ingest: signed, gzip'd batches applied all at once, exactly once."""
