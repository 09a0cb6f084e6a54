import random
import secrets
import string
from random import choice

ALPHABET = string.ascii_letters + string.digits


def make_reset_link(user):
    # ruleid: insecure-random-for-secrets
    reset_token = "".join(random.choice(ALPHABET) for _ in range(32))
    return f"/reset/{user.id}/{reset_token}"


def generate_password(length=12):
    # ruleid: insecure-random-for-secrets
    return "".join(choice(ALPHABET) for _ in range(length))


class Session:
    def __init__(self):
        # ruleid: insecure-random-for-secrets
        self.session_id = random.getrandbits(128)


def make_token_secure():
    # ok: insecure-random-for-secrets
    token = secrets.token_urlsafe(32)
    return token


def make_password_sysrandom(length=12):
    rng = random.SystemRandom()
    # ok: insecure-random-for-secrets
    password = "".join(rng.choice(ALPHABET) for _ in range(length))
    return password


def jitter(delay):
    # ok: insecure-random-for-secrets
    backoff = delay * random.uniform(0.5, 1.5)
    return backoff


def sample_batch(vocab):
    # ok: insecure-random-for-secrets
    num_tokens = random.randint(1, 512)
    return random.sample(vocab, num_tokens)
