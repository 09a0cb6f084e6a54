import requests


def fetch(url):
    # ruleid: requests-verify-false
    return requests.get(url, timeout=5, verify=False)


def submit(url, data):
    # ruleid: requests-verify-false
    return requests.post(url, data=data, verify=False, timeout=5)


def session_fetch(url):
    session = requests.Session()
    # ruleid: requests-verify-false
    session.verify = False
    return session.get(url, timeout=5)


def session_ctx(url):
    with requests.Session() as s:
        # ruleid: requests-verify-false
        return s.get(url, verify=False, timeout=5)


def fetch_ok(url):
    # ok: requests-verify-false
    return requests.get(url, timeout=5)


def fetch_ca_bundle(url):
    # ok: requests-verify-false
    return requests.get(url, verify="/etc/ssl/certs/ca.pem", timeout=5)


def session_ok(url):
    s = requests.Session()
    # ok: requests-verify-false
    s.verify = True
    return s.get(url, timeout=5)
