"""Authoring views: one blueprint, URL rules in ``question_bank.views.blueprint``."""
