"""The yardstick: a bare Flask "hello" served by gunicorn with the same settings as the app."""

from flask import Flask

app = Flask(__name__)


@app.get("/hello")
def hello():
    return "hello"
