import hashlib
import hmac


def verify_webhook(secret, body, header_sig):
    expected = hmac.new(secret, body, hashlib.sha256).hexdigest()
    # ruleid: hmac-timing-unsafe-compare
    return expected == header_sig


def verify_inline(secret, body, header_sig):
    # ruleid: hmac-timing-unsafe-compare
    return hmac.new(secret, body, hashlib.sha256).hexdigest() == header_sig


def check(request, computed):
    signature = request.headers.get("X-Signature")
    # ruleid: hmac-timing-unsafe-compare
    if computed != signature:
        raise PermissionError("bad signature")


def verify_webhook_safe(secret, body, header_sig):
    expected = hmac.new(secret, body, hashlib.sha256).hexdigest()
    # ok: hmac-timing-unsafe-compare
    return hmac.compare_digest(expected, header_sig)


def has_signature(request):
    signature = request.headers.get("X-Signature")
    # ok: hmac-timing-unsafe-compare
    return signature != None and len(signature) == 64


class KeyUsage:
    def __eq__(self, other):
        # ok: hmac-timing-unsafe-compare
        return self.digital_signature == other.digital_signature


def legacy_flag(verify, verify_signature):
    # ok: hmac-timing-unsafe-compare
    return verify != verify_signature
