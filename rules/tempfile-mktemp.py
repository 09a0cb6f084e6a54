import os
import tempfile
from tempfile import mktemp


def scratch_path():
    # ruleid: tempfile-mktemp
    return tempfile.mktemp(suffix=".txt")


def scratch_path_imported():
    # ruleid: tempfile-mktemp
    path = mktemp()
    with open(path, "w") as fh:
        fh.write("data")


def scratch_fd():
    # ok: tempfile-mktemp
    fd, path = tempfile.mkstemp(suffix=".txt")
    os.close(fd)
    return path


def scratch_file():
    # ok: tempfile-mktemp
    with tempfile.NamedTemporaryFile(delete=False) as fh:
        return fh.name
