import yaml
from yaml import CSafeLoader


def load_config(stream):
    # ruleid: yaml-unsafe-load
    return yaml.load(stream)


def load_full(stream):
    # ruleid: yaml-unsafe-load
    return yaml.load(stream, Loader=yaml.Loader)


def load_all_unsafe(stream):
    # ruleid: yaml-unsafe-load
    return list(yaml.load_all(stream, Loader=yaml.UnsafeLoader))


def load_explicit_unsafe(stream):
    # ruleid: yaml-unsafe-load
    return yaml.unsafe_load(stream)


def load_safe(stream):
    # ok: yaml-unsafe-load
    return yaml.load(stream, Loader=yaml.SafeLoader)


def load_csafe(stream):
    # ok: yaml-unsafe-load
    return yaml.load(stream, Loader=CSafeLoader)


def load_positional_safe(stream):
    # ok: yaml-unsafe-load
    return yaml.load(stream, yaml.SafeLoader)


def load_safe_helper(stream):
    # ok: yaml-unsafe-load
    return yaml.safe_load(stream)


def load_ruamel(stream):
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe")
    # ok: yaml-unsafe-load
    return yaml.load(stream)


def load_ruamel_unsafe(stream):
    from ruamel.yaml import YAML

    # ruleid: yaml-unsafe-load
    loader = YAML(typ="unsafe")
    return loader.load(stream)
