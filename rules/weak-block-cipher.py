from Crypto.Cipher import AES, ARC4, DES
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


def legacy_des(key, data):
    # ruleid: weak-block-cipher
    return DES.new(key, DES.MODE_CBC).encrypt(data)


def legacy_rc4(key, data):
    # ruleid: weak-block-cipher
    return ARC4.new(key).encrypt(data)


def legacy_blowfish(key, iv):
    # ruleid: weak-block-cipher
    return Cipher(algorithms.Blowfish(key), modes.CBC(iv))


def legacy_3des(key, iv):
    # ruleid: weak-block-cipher
    return Cipher(algorithms.TripleDES(key), modes.CBC(iv))


def modern(key, iv):
    # ok: weak-block-cipher
    return Cipher(algorithms.AES(key), modes.GCM(iv))


def modern_stream(key, nonce):
    # ok: weak-block-cipher
    return Cipher(algorithms.ChaCha20(key, nonce), mode=None)


def modern_pycryptodome(key):
    # ok: weak-block-cipher
    return AES.new(key, AES.MODE_GCM)
