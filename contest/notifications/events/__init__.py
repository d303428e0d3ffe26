"""What happens in contests and training that people are told about (issue 16).

* ``due``: when an announcement or a reminder is due (pure, with an injected ``now``);
* ``jobs``: the periodic jobs (round opening, assessment assigned, session reminders, expiring
  completions, the results' backstop) and the fan-outs, in committed batches;
* ``hooks`` -> ``tasks.later`` -> ``announce``: what an enrollment, a finalized round or an
  issued certificate tells, out of the sender's request;
* ``tasks``: the queue tasks (``events_due`` every 5 minutes in ``flask notify worker``,
  ``events_later``); ``cli``: ``flask notify due``;
* the message kinds are ``contest.notifications.kinds.events``.
"""
