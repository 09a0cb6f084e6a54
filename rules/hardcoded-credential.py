import os

import psycopg2

# ruleid: hardcoded-credential
DB_PASSWORD = "s3cr3t-Pa55"

# ruleid: hardcoded-credential
STRIPE_API_KEY = "sk_live_51Habcdefghijkl"


class Settings:
    def __init__(self):
        # ruleid: hardcoded-credential
        self.client_secret = "f00b4r-baz-qux"


def connect():
    # ruleid: hardcoded-credential
    return psycopg2.connect(host="db", user="app", password="hunter2!")


def login(user, password):
    # ruleid: hardcoded-credential
    if password == "admin123":
        return True
    return False


# ok: hardcoded-credential
DB_PASSWORD_ENV = "DB_PASSWORD"

# ok: hardcoded-credential
API_TOKEN = os.environ["API_TOKEN"]


def connect_env():
    # ok: hardcoded-credential
    return psycopg2.connect(host="db", user="app", password=os.environ["PGPASSWORD"])


def reset():
    # ok: hardcoded-credential
    password = ""
    # ok: hardcoded-credential
    token = "<your-token-here>"
    return password, token


def classify(token):
    # ok: hardcoded-credential
    if token == "integer":
        return int
    return None


def redact(user):
    # ok: hardcoded-credential
    password = ":****"
    return f"{user}{password}"


class Tokenizer:
    # ok: hardcoded-credential
    sep_token = "[SEP]"
    # ok: hardcoded-credential
    csrf_token = "csrfmiddlewaretoken"
    # ruleid: hardcoded-credential
    bot_token = "xoxb-1234567890-abcdef"
