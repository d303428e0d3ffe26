"""The yardsticks, served by gunicorn with the same settings as the app.

- ``/hello``: a bare Flask "hello" (the denominator of the save ratio).
- ``/floor/attempts/<a>/answers/<p>``: the least an answer save can do and still be durable, a
  bare Flask view that runs one prepared UPDATE of the answer row in autocommit on a raw psycopg
  connection, with no session, CSRF, validation or rendering. It shows how much of the save's
  cost is the durable write itself on this machine.
"""

import json
import os
import threading

import psycopg
from flask import Flask, request

app = Flask(__name__)
_local = threading.local()
_FLOOR_UPDATE = ("UPDATE attempt_question SET response = %s, answered_at = now() AT TIME ZONE 'UTC' "
                 "WHERE attempt_id = %s AND position = %s AND NOT closed")


@app.get("/hello")
def hello():
    return "hello"


def _connection() -> psycopg.Connection:
    connection = getattr(_local, "connection", None)
    if connection is None:
        url = os.environ["DATABASE_URL"].replace("postgresql+psycopg://", "postgresql://")
        connection = _local.connection = psycopg.connect(url, autocommit=True)
    return connection


@app.post("/floor/attempts/<int:attempt_id>/answers/<int:position>")
def floor(attempt_id: int, position: int):
    response = json.dumps({"choice": request.form.get("choice")})
    stored = _connection().execute(_FLOOR_UPDATE, (response, attempt_id, position), prepare=True).rowcount
    return ("saved", 200) if stored == 1 else ("refused", 409)
