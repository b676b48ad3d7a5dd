#ifndef IONOS_ACME_COPENSSL_SHIM_H
#define IONOS_ACME_COPENSSL_SHIM_H
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>

/// Function-like macros are not imported by Swift; these wrap them.
static inline int copenssl_BN_num_bytes(const BIGNUM *bn) { return BN_num_bytes(bn); }
static inline void copenssl_free(void *p) { OPENSSL_free(p); }
static inline int copenssl_EVP_PKEY_id(const EVP_PKEY *k) { return EVP_PKEY_get_id(k); }
/// A passphrase callback that refuses: OpenSSL must never prompt on the terminal.
static inline int copenssl_no_passphrase(char *buf, int size, int rwflag, void *u) {
    (void)buf; (void)size; (void)rwflag; (void)u;
    return -1;
}
/// Reads the first private key of a PEM BIO without ever asking for a passphrase.
static inline EVP_PKEY *copenssl_read_private_key(BIO *bio) {
    return PEM_read_bio_PrivateKey(bio, NULL, copenssl_no_passphrase, NULL);
}
/// Reads the first SubjectPublicKeyInfo ("BEGIN PUBLIC KEY") of a PEM BIO without a passphrase prompt.
static inline EVP_PKEY *copenssl_read_public_key(BIO *bio) {
    return PEM_read_bio_PUBKEY(bio, NULL, copenssl_no_passphrase, NULL);
}
#endif
