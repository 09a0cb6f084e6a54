import os

from flask import Flask

app = Flask(__name__)
# ruleid: flask-debug-true
app.config["DEBUG"] = True


def main():
    # ruleid: flask-debug-true
    app.run(host="127.0.0.1", port=5000, debug=True)


def create(web_app):
    # ruleid: flask-debug-true
    web_app.run(debug=True)


def main_env():
    # ok: flask-debug-true
    app.run(debug=os.environ.get("FLASK_DEBUG") == "1")


def main_prod():
    # ok: flask-debug-true
    app.run(port=8080)


def tests(runner):
    # ok: flask-debug-true
    runner.run(debug=True)
