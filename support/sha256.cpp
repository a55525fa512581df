// SHA-256 through OpenSSL's EVP interface (libcrypto picks the CPU's SHA extensions itself).
// A failure of libcrypto here can only be an allocation failure: reported as std::bad_alloc.
#include "support/sha256.hpp"

#include <new>

#include <openssl/evp.h>

namespace citegraph::io {

struct Sha256::Context {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  Context() {
    if (ctx == nullptr || EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) != 1) {
      EVP_MD_CTX_free(ctx);
      throw std::bad_alloc();
    }
  }
  ~Context() { EVP_MD_CTX_free(ctx); }
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;
};

Sha256::Sha256() : context_(std::make_unique<Context>()) {}
Sha256::~Sha256() = default;
Sha256::Sha256(Sha256&& other) noexcept = default;
Sha256& Sha256::operator=(Sha256&& other) noexcept = default;

void Sha256::update(const void* data, std::size_t size) {
  if (size > 0 && EVP_DigestUpdate(context_->ctx, data, size) != 1) throw std::bad_alloc();
}

std::string Sha256::hex() const {
  // The digest of a copy, so that the stream goes on.
  EVP_MD_CTX* copy = EVP_MD_CTX_new();
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  const bool ok = copy != nullptr && EVP_MD_CTX_copy_ex(copy, context_->ctx) == 1 &&
                  EVP_DigestFinal_ex(copy, digest, &size) == 1;
  EVP_MD_CTX_free(copy);
  if (!ok) throw std::bad_alloc();
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(std::size_t{2} * size, '0');
  for (std::size_t i = 0; i < size; ++i) {
    out[2 * i] = kHex[digest[i] >> 4];
    out[2 * i + 1] = kHex[digest[i] & 15];
  }
  return out;
}

}  // namespace citegraph::io
