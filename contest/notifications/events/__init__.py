"""What happens in contests and training that people are told about (the events helper fills this)."""
