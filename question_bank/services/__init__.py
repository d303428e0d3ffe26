"""Bank services: plain functions on a session that flush and never commit (STYLE rule 3)."""
