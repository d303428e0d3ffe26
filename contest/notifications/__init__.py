"""Outgoing messages (e-mail, SMS, Zalo) through a background queue, and what people are told."""
