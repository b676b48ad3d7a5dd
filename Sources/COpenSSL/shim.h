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
#endif
