import subprocess


def archive(name):
    # ruleid: subprocess-shell-true-non-literal
    subprocess.run(f"tar czf {name}.tgz {name}", shell=True, check=True)


def ping(host):
    cmd = "ping -c 1 " + host
    # ruleid: subprocess-shell-true-non-literal
    return subprocess.check_output(cmd, shell=True)


def grep(pattern):
    # ruleid: subprocess-shell-true-non-literal
    return subprocess.getoutput("grep %s /var/log/syslog" % pattern)


def disk_usage():
    # ok: subprocess-shell-true-non-literal
    return subprocess.check_output("df -h | tail -n +2", shell=True)


def archive_safe(name):
    # ok: subprocess-shell-true-non-literal
    subprocess.run(["tar", "czf", name + ".tgz", name], check=True)


def archive_no_shell(cmd):
    # ok: subprocess-shell-true-non-literal
    subprocess.run(cmd, shell=False, check=True)
