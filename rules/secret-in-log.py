import logging

LOG = logging.getLogger(__name__)


class Client:
    def __init__(self, user, password, api_key):
        self.logger = logging.getLogger("client")
        # ruleid: secret-in-log
        self.logger.debug("connecting as %s with password %s", user, password)
        # ruleid: secret-in-log
        LOG.info(f"using api key {api_key}")
        self.api_key = api_key

    def refresh(self, resp):
        token = resp.json()["access_token"]
        # ruleid: secret-in-log
        logging.warning("new token: " + token)
        # ruleid: secret-in-log
        LOG.error("auth failed for key %s", self.api_key)
        return token

    def report(self, user, token):
        # ok: secret-in-log
        LOG.info("password reset requested for %s", user)
        # ok: secret-in-log
        LOG.debug("token length %d", len(token))
        # ok: secret-in-log
        LOG.info("token_expires_at=%s", self.token_expiry)

    def audit(self, user):
        # ok: secret-in-log
        LOG.info("stored hash %s for %s", user.password_hash, user.name)
