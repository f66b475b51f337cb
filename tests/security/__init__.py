"""Hostile input and the archive's edges: what an attacker or a careless user sends."""
