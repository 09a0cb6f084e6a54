from Crypto.Cipher import AES
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


def encrypt_ecb(key, data):
    # ruleid: cryptography-ecb-mode
    cipher = Cipher(algorithms.AES(key), modes.ECB())
    enc = cipher.encryptor()
    return enc.update(data) + enc.finalize()


def encrypt_pycryptodome(key, data):
    # ruleid: cryptography-ecb-mode
    return AES.new(key, AES.MODE_ECB).encrypt(data)


def encrypt_gcm(key, iv, data):
    # ok: cryptography-ecb-mode
    cipher = Cipher(algorithms.AES(key), modes.GCM(iv))
    enc = cipher.encryptor()
    return enc.update(data) + enc.finalize(), enc.tag


def encrypt_pycryptodome_gcm(key, data):
    # ok: cryptography-ecb-mode
    return AES.new(key, AES.MODE_GCM).encrypt_and_digest(data)
