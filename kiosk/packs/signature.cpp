// Keys and signatures in minisign's formats, with libsodium: Ed25519 over the BLAKE2b-512
// prehash of the data ("ED"), and a second signature binding the trusted comment. Formats from
// minisign 0.11's README and source, checked both ways against Debian's minisign in the tests.
#include <sodium.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "packs/packs_internal.h"

namespace kiosk::packs {
namespace {

constexpr std::size_t kPublicKeyBytes = 2 + 8 + 32;                            // "Ed" id pk
constexpr std::size_t kSecretKeyBytes = 2 + 2 + 2 + 32 + 8 + 8 + 8 + 64 + 32;  // see ReadSecretKey
constexpr std::size_t kSignatureBytes = 2 + 8 + 64;                            // "ED" id sig

std::string Base64(const std::uint8_t* data, std::size_t size) {
  std::string out(sodium_base64_encoded_len(size, sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), data, size, sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

// The decoded bytes, or empty when `text` is not base64 of exactly `size` bytes.
std::vector<std::uint8_t> Unbase64(const std::string& text, std::size_t size) {
  std::vector<std::uint8_t> out(size + 1);
  std::size_t length = 0;
  if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), nullptr, &length, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0 ||
      length != size) {
    return {};
  }
  out.resize(size);
  return out;
}

std::string KeyIdHex(const std::array<std::uint8_t, 8>& id) {
  // minisign prints the id as a little-endian 64-bit number.
  char hex[17];
  for (int i = 0; i < 8; ++i) std::snprintf(hex + 2 * i, 3, "%02X", id[7 - i]);
  return hex;
}

// The lines of a small text file; empty when it cannot be read.
std::vector<std::string> Lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

bool WriteNew(const std::string& path, const std::string& text) {
  if (std::filesystem::exists(path)) return false;
  std::ofstream out(path, std::ios::binary);
  out << text;
  return static_cast<bool>(out.flush());
}

void Prehash(const std::string& data, std::uint8_t (&hash)[crypto_generichash_BYTES_MAX]) {
  crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(data.data()),
                     data.size(), nullptr, 0);
}

}  // namespace

bool SodiumReady() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

std::string Blake2bHex(const std::string& data) {
  SodiumReady();
  std::uint8_t hash[crypto_generichash_BYTES];
  crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(data.data()),
                     data.size(), nullptr, 0);
  return Hex(hash, sizeof hash);
}

std::string Hex(const std::uint8_t* data, std::size_t size) {
  std::string hex(size * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), data, size);
  hex.pop_back();
  return hex;
}

std::optional<KeyId> SignatureKeyId(const std::string& signature) {
  std::istringstream in(signature);
  std::string line;
  std::getline(in, line);
  std::getline(in, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  const std::vector<std::uint8_t> sig = Unbase64(line, kSignatureBytes);
  if (sig.empty()) return std::nullopt;
  KeyId id;
  std::copy(sig.begin() + 2, sig.begin() + 10, id.begin());
  return id;
}

std::string ReadFileText(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

base::Result<PublicKey> GenerateKey(const std::string& name) {
  if (!SodiumReady()) return base::Error{"libsodium could not start", true};
  const std::string pubPath = name + ".pub", keyPath = name + ".key";
  if (std::filesystem::exists(pubPath) || std::filesystem::exists(keyPath)) {
    return base::Error{name + ".pub or " + name + ".key: already exists; not overwritten"};
  }
  PublicKey pub;
  SecretKey secret;
  randombytes_buf(pub.id.data(), pub.id.size());
  secret.id = pub.id;
  crypto_sign_keypair(pub.key.data(), secret.key.data());

  std::vector<std::uint8_t> pk = {'E', 'd'};
  pk.insert(pk.end(), pub.id.begin(), pub.id.end());
  pk.insert(pk.end(), pub.key.begin(), pub.key.end());

  // Unencrypted secret key: "Ed", kdf "\0\0" (none), "B2", salt, opslimit, memlimit (unused),
  // then key id, secret key, and BLAKE2b-256 of "Ed" || id || secret key.
  std::vector<std::uint8_t> sk = {'E', 'd', 0, 0, 'B', '2'};
  sk.resize(sk.size() + 32 + 8 + 8, 0);
  sk.insert(sk.end(), secret.id.begin(), secret.id.end());
  sk.insert(sk.end(), secret.key.begin(), secret.key.end());
  std::vector<std::uint8_t> checked = {'E', 'd'};
  checked.insert(checked.end(), secret.id.begin(), secret.id.end());
  checked.insert(checked.end(), secret.key.begin(), secret.key.end());
  std::uint8_t checksum[32];
  crypto_generichash(checksum, sizeof checksum, checked.data(), checked.size(), nullptr, 0);
  sk.insert(sk.end(), checksum, checksum + sizeof checksum);
  sodium_memzero(checked.data(), checked.size());

  const std::string id = KeyIdHex(pub.id);
  if (!WriteNew(pubPath, "untrusted comment: minisign public key " + id + "\n" +
                             Base64(pk.data(), pk.size()) + "\n") ||
      !WriteNew(keyPath, "untrusted comment: kioskctl secret key " + id + " (unencrypted)\n" +
                             Base64(sk.data(), sk.size()) + "\n")) {
    return base::Error{name + ": cannot write the key files", true};
  }
  sodium_memzero(sk.data(), sk.size());
  std::filesystem::permissions(
      keyPath, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  pub.file = pubPath;
  return pub;
}

base::Result<PublicKey> ReadPublicKey(const std::string& path) {
  const std::vector<std::string> lines = Lines(path);
  if (lines.size() < 2) return base::Error{path + ": not a minisign public key (too short)"};
  const std::vector<std::uint8_t> bytes = Unbase64(lines[1], kPublicKeyBytes);
  if (bytes.empty() || bytes[0] != 'E' || bytes[1] != 'd') {
    return base::Error{path + ": line 2: not a minisign Ed25519 public key"};
  }
  PublicKey key;
  std::copy(bytes.begin() + 2, bytes.begin() + 10, key.id.begin());
  std::copy(bytes.begin() + 10, bytes.end(), key.key.begin());
  key.file = path;
  return key;
}

base::Result<std::vector<PublicKey>> ReadTrustedKeys(const std::string& dir) {
  std::vector<PublicKey> keys;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    if (entry.path().extension() != ".pub") continue;
    base::Result<PublicKey> key = ReadPublicKey(entry.path().string());
    if (!key) return base::Error{key.error()};
    keys.push_back(key.value());
  }
  if (error) return base::Error{dir + ": cannot read the trusted keys folder: " + error.message()};
  if (keys.empty())
    return Refuse(Refusal::kUntrusted, dir + ": no trusted keys (*.pub) in this folder");
  return keys;
}

base::Result<SecretKey> ReadSecretKey(const std::string& path) {
  const std::vector<std::string> lines = Lines(path);
  if (lines.size() < 2) return base::Error{path + ": not a minisign secret key (too short)"};
  std::vector<std::uint8_t> bytes = Unbase64(lines[1], kSecretKeyBytes);
  if (bytes.empty() || bytes[0] != 'E' || bytes[1] != 'd' || bytes[4] != 'B' || bytes[5] != '2') {
    return base::Error{path + ": line 2: not a minisign Ed25519 secret key"};
  }
  if (bytes[2] != 0 || bytes[3] != 0) {
    return base::Error{path +
                       ": the key is password-protected; sign with `minisign -S` instead, or "
                       "make an unencrypted key (kioskctl key generate, or minisign -G -W)"};
  }
  constexpr std::size_t kKeynum = 2 + 2 + 2 + 32 + 8 + 8;
  SecretKey key;
  std::copy(bytes.begin() + kKeynum, bytes.begin() + kKeynum + 8, key.id.begin());
  std::copy(bytes.begin() + kKeynum + 8, bytes.begin() + kKeynum + 72, key.key.begin());
  std::vector<std::uint8_t> checked = {'E', 'd'};
  checked.insert(checked.end(), key.id.begin(), key.id.end());
  checked.insert(checked.end(), key.key.begin(), key.key.end());
  std::uint8_t checksum[32];
  crypto_generichash(checksum, sizeof checksum, checked.data(), checked.size(), nullptr, 0);
  // minisign 0.11 leaves the checksum of an unencrypted (-W) key all zero.
  const bool intact = sodium_memcmp(checksum, bytes.data() + kKeynum + 72, 32) == 0 ||
                      sodium_is_zero(bytes.data() + kKeynum + 72, 32);
  sodium_memzero(checked.data(), checked.size());
  sodium_memzero(bytes.data(), bytes.size());
  if (!intact) return base::Error{path + ": the secret key's checksum is wrong (damaged file?)"};
  return key;
}

std::string Sign(const SecretKey& key, const std::string& data, const std::string& trustedComment) {
  SodiumReady();
  std::uint8_t hash[crypto_generichash_BYTES_MAX];
  Prehash(data, hash);
  std::vector<std::uint8_t> signature = {'E', 'D'};
  signature.insert(signature.end(), key.id.begin(), key.id.end());
  std::uint8_t sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, hash, sizeof hash, key.key.data());
  signature.insert(signature.end(), sig, sig + sizeof sig);
  // The global signature covers the first one and the trusted comment.
  std::string global(reinterpret_cast<const char*>(sig), sizeof sig);
  global += trustedComment;
  std::uint8_t globalSig[crypto_sign_BYTES];
  crypto_sign_detached(globalSig, nullptr, reinterpret_cast<const unsigned char*>(global.data()),
                       global.size(), key.key.data());
  return "untrusted comment: signature from kioskctl secret key " + KeyIdHex(key.id) + "\n" +
         Base64(signature.data(), signature.size()) + "\ntrusted comment: " + trustedComment +
         "\n" + Base64(globalSig, sizeof globalSig) + "\n";
}

base::Result<std::string> Verify(const std::vector<PublicKey>& trusted, const std::string& data,
                                 const std::string& signature, const std::string& where) {
  SodiumReady();
  std::istringstream in(signature);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  const std::string kTrusted = "trusted comment: ";
  if (lines.size() < 4 || lines[0].rfind("untrusted comment:", 0) != 0 ||
      lines[2].rfind(kTrusted, 0) != 0) {
    return base::Error{where + ": not a minisign signature file"};
  }
  const std::vector<std::uint8_t> sig = Unbase64(lines[1], kSignatureBytes);
  if (!sig.empty() && sig[0] == 'E' && sig[1] == 'd') {
    return base::Error{where + ": a legacy signature (minisign -l); sign again without -l"};
  }
  if (sig.empty() || sig[0] != 'E' || sig[1] != 'D') {
    return base::Error{where + ": line 2: not a prehashed (ED) Ed25519 signature"};
  }
  const PublicKey* key = nullptr;
  for (const PublicKey& k : trusted) {
    if (std::equal(k.id.begin(), k.id.end(), sig.begin() + 2)) key = &k;
  }
  if (!key) {
    std::array<std::uint8_t, 8> id;
    std::copy(sig.begin() + 2, sig.begin() + 10, id.begin());
    return Refuse(Refusal::kUntrusted, where + ": signed by key " + KeyIdHex(id) +
                                           ", which is not among the trusted keys");
  }
  std::uint8_t hash[crypto_generichash_BYTES_MAX];
  Prehash(data, hash);
  if (crypto_sign_verify_detached(sig.data() + 10, hash, sizeof hash, key->key.data()) != 0) {
    return Refuse(Refusal::kChanged,
                  where + ": the signature does not match (the pack was changed after signing)");
  }
  const std::string comment = lines[2].substr(kTrusted.size());
  const std::vector<std::uint8_t> globalSig = Unbase64(lines[3], crypto_sign_BYTES);
  std::string global(reinterpret_cast<const char*>(sig.data() + 10), crypto_sign_BYTES);
  global += comment;
  if (globalSig.empty() ||
      crypto_sign_verify_detached(globalSig.data(),
                                  reinterpret_cast<const unsigned char*>(global.data()),
                                  global.size(), key->key.data()) != 0) {
    return Refuse(Refusal::kChanged,
                  where + ": trusted comment: does not match its signature (changed?)");
  }
  return comment;
}

}  // namespace kiosk::packs
