// SHA-256 (FIPS 180-4), incremental; used for the input checksums in summary.json.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace citegraph::io {

class Sha256 {
 public:
  Sha256();
  void update(const void* data, std::size_t size);
  void update(std::string_view text) { update(text.data(), text.size()); }
  // Lower-case hex of the digest of everything so far; does not reset or end the stream.
  [[nodiscard]] std::string hex() const;

  // Whether the CPU's SHA extensions (x86 SHA-NI) are used; chosen once from CPUID. Hashing
  // is O(n) either way, but the extensions are ~10x faster than portable code.
  [[nodiscard]] static bool hardware_accelerated();
  // Uses the portable code for this object whatever the CPU, so that tests can check both.
  void use_portable() { portable_ = true; }

 private:
  void block(const std::uint8_t* p);
  std::array<std::uint32_t, 8> state_;
  std::array<std::uint8_t, 64> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t length_ = 0;
  bool portable_ = false;
};

}  // namespace citegraph::io
