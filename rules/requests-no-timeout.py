import requests


def fetch(url):
    # ruleid: requests-no-timeout
    return requests.get(url)


def submit(url, payload):
    # ruleid: requests-no-timeout
    return requests.post(url, json=payload, timeout=None)


def call(method, url):
    # ruleid: requests-no-timeout
    return requests.request(method, url, headers={"Accept": "application/json"})


def fetch_ok(url):
    # ok: requests-no-timeout
    return requests.get(url, timeout=10)


def submit_ok(url, payload):
    # ok: requests-no-timeout
    return requests.post(url, json=payload, timeout=(3.05, 27))


def forward(url, **kwargs):
    # ok: requests-no-timeout
    return requests.get(url, **kwargs)
