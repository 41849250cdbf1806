"""Enrollment: a one-time code and a device key become a device id and a bearer token."""
