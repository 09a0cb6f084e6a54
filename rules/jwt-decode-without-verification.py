import jwt


def claims(token):
    # ruleid: jwt-decode-without-verification
    return jwt.decode(token, options={"verify_signature": False})


def claims_legacy(token, key):
    # ruleid: jwt-decode-without-verification
    return jwt.decode(token, key, verify=False)


def claims_opts(token, key):
    opts = {"verify_signature": False, "verify_exp": True}
    # ruleid: jwt-decode-without-verification
    return jwt.decode(token, key, algorithms=["HS256"], options=opts)


def claims_none(token):
    # ruleid: jwt-decode-without-verification
    return jwt.decode(token, "", algorithms=["none"])


def claims_ok(token, key):
    # ok: jwt-decode-without-verification
    return jwt.decode(token, key, algorithms=["HS256"])


def claims_require(token, key):
    # ok: jwt-decode-without-verification
    return jwt.decode(token, key, algorithms=["RS256"], options={"require": ["exp", "iat"]})
