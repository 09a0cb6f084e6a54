import logging

LOG = logging.getLogger(__name__)


def cleanup(path, os):
    # ruleid: bare-except-pass
    try:
        os.remove(path)
    except:
        pass


def verify(sig, key):
    # ruleid: bare-except-pass
    try:
        key.verify(sig)
    except BaseException:
        pass
    return True


def cleanup_specific(path, os):
    # ok: bare-except-pass
    try:
        os.remove(path)
    except FileNotFoundError:
        pass


def cleanup_logged(path, os):
    # ok: bare-except-pass
    try:
        os.remove(path)
    except Exception:
        LOG.exception("could not remove %s", path)
        raise
