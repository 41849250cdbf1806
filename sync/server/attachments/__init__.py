"""Content-addressed attachments: chunked resumable upload, hash check, scoped download."""
