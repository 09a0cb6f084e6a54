import unittest


def delete_account(request, account):
    # ruleid: assert-for-access-control
    assert request.user.is_admin
    account.delete()


def edit_post(user, post):
    # ruleid: assert-for-access-control
    assert user.has_perm("blog.change_post") or post.owner == user, "forbidden"
    post.save()


def transfer(session, amount):
    # ruleid: assert-for-access-control
    assert session.is_authenticated
    return amount


def delete_account_safe(request, account):
    # ok: assert-for-access-control
    if not request.user.is_admin:
        raise PermissionError("admin only")
    account.delete()


def mean(values):
    # ok: assert-for-access-control
    assert len(values) > 0, "empty input"
    return sum(values) / len(values)


def test_admin_flag(admin_user):
    # ok: assert-for-access-control
    assert admin_user.is_admin


class AccountTests(unittest.TestCase):
    def check_staff(self, user):
        # ok: assert-for-access-control
        assert user.is_staff
