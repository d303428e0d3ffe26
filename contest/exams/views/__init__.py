"""Exam views: examinees take exams (``take``); trainers and admins manage them (``manage``)."""
