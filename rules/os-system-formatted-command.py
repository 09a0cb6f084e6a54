import os


def backup(db):
    # ruleid: os-system-formatted-command
    os.system(f"pg_dump {db} > /tmp/{db}.sql")


def remove(path):
    # ruleid: os-system-formatted-command
    os.system("rm -rf %s" % path)


def listing(directory):
    cmd = "ls -l {}".format(directory)
    # ruleid: os-system-formatted-command
    return os.popen(cmd).read()


def clear():
    # ok: os-system-formatted-command
    os.system("clear")


def uptime():
    base = "uptime"
    # ok: os-system-formatted-command
    return os.popen(base).read()
