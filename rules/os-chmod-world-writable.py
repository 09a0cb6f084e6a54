import os
import stat
from pathlib import Path


def share(path):
    # ruleid: os-chmod-world-writable
    os.chmod(path, 0o777)


def share_file(path):
    # ruleid: os-chmod-world-writable
    os.chmod(path, 0o666)


def share_flags(path):
    # ruleid: os-chmod-world-writable
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR | stat.S_IWOTH)


def share_pathlib(path):
    # ruleid: os-chmod-world-writable
    Path(path).chmod(0o757)


def private(path):
    # ok: os-chmod-world-writable
    os.chmod(path, 0o600)


def executable(path):
    # ok: os-chmod-world-writable
    os.chmod(path, 0o755)


def owner_only(path):
    # ok: os-chmod-world-writable
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)


def umask_respecting(path):
    umask = os.umask(0o022)
    os.umask(umask)
    # ok: os-chmod-world-writable
    path.chmod(0o777 - umask)
