import hashlib


def password_digest(password, salt):
    # ruleid: weak-hash-without-usedforsecurity
    return hashlib.md5(salt + password).hexdigest()


def sign(data):
    # ruleid: weak-hash-without-usedforsecurity
    return hashlib.sha1(data).hexdigest()


def sign_new(data):
    # ruleid: weak-hash-without-usedforsecurity
    return hashlib.new("MD5", data).hexdigest()


def cache_key(data):
    # ok: weak-hash-without-usedforsecurity
    return hashlib.md5(data, usedforsecurity=False).hexdigest()


def etag(data):
    # ok: weak-hash-without-usedforsecurity
    return hashlib.new("sha1", data, usedforsecurity=False).hexdigest()


def strong(data):
    # ok: weak-hash-without-usedforsecurity
    return hashlib.sha256(data).hexdigest()
