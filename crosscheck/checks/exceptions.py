"""Which except clause catches which exception: the names, and the builtin hierarchy."""
from __future__ import annotations

import builtins

ALIASES = {"IOError": "OSError", "EnvironmentError": "OSError", "socket.error": "OSError", "select.error": "OSError"}


def _builtin(name: str) -> type | None:
    short = ALIASES.get(name, name).rsplit(".", 1)[-1]
    value = getattr(builtins, short, None)
    return value if isinstance(value, type) and issubclass(value, BaseException) else None


def catches(types: tuple[str, ...], name: str) -> bool:
    """Whether an except clause over ``types`` (``()``: bare) catches exception ``name``."""
    if not types:
        return True
    wanted = _builtin(name)
    for caught in types:
        if caught.rsplit(".", 1)[-1] == name.rsplit(".", 1)[-1] or ALIASES.get(caught) == ALIASES.get(name, name):
            return True
        parent = _builtin(caught)
        if parent is not None and wanted is not None and issubclass(wanted, parent):
            return True
        if parent in (Exception, BaseException):
            return True  # catches anything a library defines too
    return False
