import httpx


def fetch(url):
    # ruleid: httpx-verify-false
    return httpx.get(url, verify=False)


def client():
    # ruleid: httpx-verify-false
    return httpx.Client(base_url="https://api.example.com", verify=False)


async def aclient():
    # ruleid: httpx-verify-false
    async with httpx.AsyncClient(verify=False) as c:
        return await c.get("https://example.com")


def fetch_ok(url):
    # ok: httpx-verify-false
    return httpx.get(url)


def client_ca(ctx):
    # ok: httpx-verify-false
    return httpx.Client(verify=ctx)
