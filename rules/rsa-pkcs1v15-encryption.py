from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from Crypto.Cipher import PKCS1_v1_5, PKCS1_OAEP


def encrypt_legacy(public_key, message):
    # ruleid: rsa-pkcs1v15-encryption
    return public_key.encrypt(message, padding.PKCS1v15())


def decrypt_legacy(private_key, ciphertext):
    # ruleid: rsa-pkcs1v15-encryption
    return private_key.decrypt(ciphertext, padding.PKCS1v15())


def encrypt_pycryptodome(key, message):
    # ruleid: rsa-pkcs1v15-encryption
    cipher = PKCS1_v1_5.new(key)
    return cipher.encrypt(message)


def encrypt_oaep(public_key, message):
    # ok: rsa-pkcs1v15-encryption
    return public_key.encrypt(
        message,
        padding.OAEP(mgf=padding.MGF1(algorithm=hashes.SHA256()),
                     algorithm=hashes.SHA256(), label=None),
    )


def sign_message(private_key, message):
    # PKCS#1 v1.5 for signatures is not the encryption padding oracle.
    # ok: rsa-pkcs1v15-encryption
    return private_key.sign(message, padding.PKCS1v15(), hashes.SHA256())


def encrypt_pycryptodome_oaep(key, message):
    # ok: rsa-pkcs1v15-encryption
    return PKCS1_OAEP.new(key).encrypt(message)


def encrypt_shared_padding(public_key, message):
    pad = padding.PKCS1v15()
    # ruleid: rsa-pkcs1v15-encryption
    return public_key.encrypt(message, pad)


def sign_shared_padding(private_key, message):
    pad = padding.PKCS1v15()
    # ok: rsa-pkcs1v15-encryption
    return private_key.sign(message, pad, hashes.SHA256())
