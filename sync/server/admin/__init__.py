"""County administration: divisions, users, enrollment codes, campaigns, imports, devices, keys."""
