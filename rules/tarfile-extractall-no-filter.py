import tarfile


def unpack(path, dest):
    with tarfile.open(path) as tar:
        # ruleid: tarfile-extractall-no-filter
        tar.extractall(dest)


def unpack_inline(path, dest):
    # ruleid: tarfile-extractall-no-filter
    tarfile.open(path, "r:gz").extractall(path=dest)


def unpack_trusted(path, dest):
    tf = tarfile.open(path)
    # ruleid: tarfile-extractall-no-filter
    tf.extractall(dest, filter="fully_trusted")
    tf.close()


def unpack_member(path, member, dest):
    tf = tarfile.open(path)
    # ruleid: tarfile-extractall-no-filter
    tf.extract(member, dest)


def unpack_safe(path, dest):
    with tarfile.open(path) as tar:
        # ok: tarfile-extractall-no-filter
        tar.extractall(dest, filter="data")


def unpack_safe_callable(path, dest):
    tf = tarfile.open(path)
    # ok: tarfile-extractall-no-filter
    tf.extractall(dest, filter=tarfile.data_filter)


def list_members(path):
    with tarfile.open(path) as tar:
        # ok: tarfile-extractall-no-filter
        return tar.getnames()


def unpack_custom_filter(path, dest, my_filter):
    with tarfile.open(path) as tar:
        # ok: tarfile-extractall-no-filter
        tar.extractall(dest, filter=my_filter)
