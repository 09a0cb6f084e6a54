import ssl
import urllib.request


def fetch(url):
    # ruleid: ssl-unverified-context
    ctx = ssl._create_unverified_context()
    return urllib.request.urlopen(url, context=ctx).read()


# ruleid: ssl-unverified-context
ssl._create_default_https_context = ssl._create_unverified_context


def lax_context():
    ctx = ssl.create_default_context()
    # ruleid: ssl-unverified-context
    ctx.check_hostname = False
    return ctx


def fetch_ok(url):
    # ok: ssl-unverified-context
    ctx = ssl.create_default_context()
    return urllib.request.urlopen(url, context=ctx).read()


def strict_context():
    ctx = ssl.create_default_context()
    # ok: ssl-unverified-context
    ctx.check_hostname = True
    return ctx
