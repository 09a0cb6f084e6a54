import ssl

from OpenSSL import SSL


def legacy_context():
    # ruleid: ssl-weak-tls-version
    return ssl.SSLContext(ssl.PROTOCOL_TLSv1)


def sslv3_context():
    # ruleid: ssl-weak-tls-version
    return ssl.SSLContext(ssl.PROTOCOL_SSLv3)


def lowered_minimum():
    ctx = ssl.create_default_context()
    # ruleid: ssl-weak-tls-version
    ctx.minimum_version = ssl.TLSVersion.TLSv1_1
    return ctx


def pyopenssl_context():
    # ruleid: ssl-weak-tls-version
    return SSL.Context(SSL.TLSv1_METHOD)


def modern_context():
    # ok: ssl-weak-tls-version
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def raised_minimum():
    ctx = ssl.create_default_context()
    # ok: ssl-weak-tls-version
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    return ctx


def wrap_legacy(sock):
    # ruleid: ssl-weak-tls-version
    return ssl.wrap_socket(sock, ssl_version=ssl.PROTOCOL_TLSv1_1)


# Translation tables and capability checks do not select a protocol.
_VERSION_NAMES = {
    # ok: ssl-weak-tls-version
    ssl.TLSVersion.TLSv1: "TLSv1",
    ssl.TLSVersion.TLSv1_2: "TLSv1.2",
}


def is_legacy(ctx):
    # ok: ssl-weak-tls-version
    return ctx.minimum_version == ssl.TLSVersion.TLSv1
