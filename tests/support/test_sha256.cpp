#include <algorithm>
#include <string>

#include <doctest/doctest.h>

#include "support/sha256.hpp"

using citegraph::io::Sha256;

namespace {

std::string sha256(const std::string& text) {
  Sha256 hash;
  hash.update(text);
  return hash.hex();
}

}  // namespace

TEST_CASE("sha256: NIST FIPS 180-4 example vectors") {
  CHECK(sha256("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // The 448-bit message: the padding no longer fits in its block.
  CHECK(sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(sha256("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklm"
               "nopqrl"
               "mnopqrsmnopqrstnopqrstu") ==
        "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

TEST_CASE("sha256: one million 'a'") {
  CHECK(sha256(std::string(1000000, 'a')) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("sha256: lengths around the padding boundaries") {
  // Golden values from Python's hashlib.
  CHECK(sha256(std::string(55, 'a')) ==
        "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
  CHECK(sha256(std::string(56, 'a')) ==
        "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
  CHECK(sha256(std::string(63, 'a')) ==
        "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34");
  CHECK(sha256(std::string(64, 'a')) ==
        "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
  CHECK(sha256(std::string(65, 'a')) ==
        "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0");
  CHECK(sha256(std::string(119, 'a')) ==
        "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb");
  CHECK(sha256(std::string(120, 'a')) ==
        "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c");
}

TEST_CASE("sha256: incremental updates split at odd boundaries give the same digest") {
  const std::string message(1000000, 'a');
  for (std::size_t piece : {1u, 3u, 7u, 55u, 63u, 64u, 65u, 127u, 4099u, 65537u}) {
    CAPTURE(piece);
    Sha256 hash;
    for (std::size_t pos = 0; pos < message.size(); pos += piece) {
      hash.update(message.data() + pos, std::min(piece, message.size() - pos));
    }
    CHECK(hash.hex() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  }
  // Uneven pieces in one stream, crossing block boundaries in every position.
  Sha256 hash;
  std::size_t pos = 0;
  std::size_t piece = 1;
  while (pos < message.size()) {
    const std::size_t take = std::min(piece, message.size() - pos);
    hash.update(message.data() + pos, take);
    pos += take;
    piece = piece * 7 % 211 + 1;
  }
  CHECK(hash.hex() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("sha256: hex() does not end the stream") {
  Sha256 hash;
  hash.update("ab");
  CHECK(hash.hex() == "fb8e20fc2e4c3f248c60c39bd652f3c1347298bb977b8b4d5903b85055620603");
  hash.update("c");
  CHECK(hash.hex() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(hash.hex() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  hash.update(nullptr, 0);
  CHECK(hash.hex() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("sha256: a moved hash goes on with its stream") {
  Sha256 first;
  first.update("ab");
  Sha256 second = std::move(first);
  second.update("c");
  CHECK(second.hex() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  Sha256 third;
  third = std::move(second);
  CHECK(third.hex() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
