import socket
import ssl

import urllib3


def lax_context():
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    # ruleid: ssl-cert-none
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


def wrap(sock):
    # ruleid: ssl-cert-none
    return ssl.wrap_socket(sock, cert_reqs=ssl.CERT_NONE)


def pool():
    # ruleid: ssl-cert-none
    return urllib3.PoolManager(cert_reqs="CERT_NONE")


def strict_context():
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    # ok: ssl-cert-none
    ctx.verify_mode = ssl.CERT_REQUIRED
    return ctx


def guard(ctx):
    # ok: ssl-cert-none
    if ctx.verify_mode == ssl.CERT_NONE:
        raise ValueError("refusing unverified TLS")


def strict_pool():
    # ok: ssl-cert-none
    return urllib3.PoolManager(cert_reqs="CERT_REQUIRED")
