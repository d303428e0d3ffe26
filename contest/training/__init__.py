"""Training: courses ("lớp tập huấn") with sessions, enrollment, attendance, a completion rule
per course, every official's training record, and coverage of the courses job positions require.

Pure rules live in ``completion`` (when a course is completed, when it expires) and
``checkin_codes`` (the rotating QR codes of a session); they import neither Flask nor the
database.
"""
