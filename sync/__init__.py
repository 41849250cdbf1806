"""Doorstep's sync layer: the wire protocol, the sync client and engine, and the central server.

Never imports `desktop` or Qt; the client side never imports the server.
"""
