"""Placeholder: examinee views."""
