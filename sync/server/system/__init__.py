"""Health probes, the handshake and the digest a client compares after each round."""
