import json
import pickle

import pandas as pd


def load_session(cookie_value):
    # ruleid: pickle-deserialization
    return pickle.loads(cookie_value)


def load_cache(path):
    with open(path, "rb") as fh:
        # ruleid: pickle-deserialization
        return pickle.load(fh)


def load_frame(path):
    # ruleid: pickle-deserialization
    return pd.read_pickle(path)


def save_session(obj):
    # ok: pickle-deserialization
    return pickle.dumps(obj)


def load_json(data):
    # ok: pickle-deserialization
    return json.loads(data)
