"""crosscheck: check what a code review claims against what the code actually is."""
__version__ = "0.1.0"


def check_review(*args, **kwargs):  # re-exported lazily: importing the package stays cheap
    from .api import check_review as run
    return run(*args, **kwargs)


check_review.__doc__ = "See crosscheck.api.check_review."
