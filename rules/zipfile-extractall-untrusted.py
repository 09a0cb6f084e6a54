import shutil
import zipfile

MAX_BYTES = 100 * 1024 * 1024


def unpack_upload(upload, dest):
    with zipfile.ZipFile(upload) as zf:
        # ruleid: zipfile-extractall-untrusted
        zf.extractall(dest)


def unpack_inline(path, dest):
    # ruleid: zipfile-extractall-untrusted
    zipfile.ZipFile(path).extractall(dest)


def unpack_shutil(path, dest):
    # ruleid: zipfile-extractall-untrusted
    shutil.unpack_archive(path, dest, format="zip")


def unpack_checked(upload, dest):
    with zipfile.ZipFile(upload) as zf:
        total = sum(info.file_size for info in zf.infolist())
        if total > MAX_BYTES:
            raise ValueError("archive too large")
        # ok: zipfile-extractall-untrusted
        zf.extractall(dest)


def unpack_checked_loop(upload, dest):
    zf = zipfile.ZipFile(upload)
    for info in zf.infolist():
        if info.file_size > MAX_BYTES:
            raise ValueError("member too large")
    # ok: zipfile-extractall-untrusted
    zf.extractall(dest)


def read_manifest(upload):
    with zipfile.ZipFile(upload) as zf:
        # ok: zipfile-extractall-untrusted
        return zf.read("manifest.json")
