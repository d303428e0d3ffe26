"""The application's infrastructure, apart from its domain: configuration, the database session
and commit point, Flask extensions, the translation layer, process caches, and web helpers
(forms, htmx, errors, security headers, sessions, static files).

Every arrow points one way: the domain packages (``contest.accounts``, ``contest.admin``,
``contest.exams``, ``contest.training``, ``question_bank``) import ``contest.core``; nothing in
``contest.core`` imports a domain package.
"""
