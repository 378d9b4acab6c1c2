#include "http/tls_identity.hpp"

#include <fcntl.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string_view>
#include <system_error>

namespace netmeter::http {
namespace {

template <auto Free>
struct Deleter {
  template <typename T>
  void operator()(T* p) const {
    Free(p);
  }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;
using BignumPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using ExtensionPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;

std::string openssl_error(std::string_view what) {
  char text[256] = "unknown error";
  if (unsigned long code = ERR_get_error(); code != 0) ERR_error_string_n(code, text, sizeof text);
  ERR_clear_error();
  return std::string(what) + ": " + text;
}

std::string system_error(std::string_view what, const std::string& path) {
  return std::string(what) + " " + path + ": " + std::strerror(errno);
}

bool is_dns_name(std::string_view name) {
  if (name.empty() || name.size() > 253 || name == "localhost") return false;
  for (char c : name) {
    bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
    if (!ok) return false;
  }
  return name.front() != '.' && name.front() != '-';
}

std::string local_host_name() {
  char name[256] = {};
  if (gethostname(name, sizeof name - 1) != 0) return {};
  return name;
}

PkeyPtr generate_key(SelfSignedOptions::KeyType type) {
  if (type == SelfSignedOptions::KeyType::rsa_2048) {
    return PkeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(2048)));
  }
  return PkeyPtr(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
}

bool add_extension(X509* cert, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  ExtensionPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()));
  return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

// Builds and signs the certificate; returns null with `error` set on failure.
X509Ptr make_certificate(EVP_PKEY* key, const SelfSignedOptions& options, const std::string& host,
                         std::string& error) {
  X509Ptr cert(X509_new());
  BignumPtr serial(BN_new());
  if (!cert || !serial || X509_set_version(cert.get(), X509_VERSION_3) != 1 ||
      BN_rand(serial.get(), 159, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1 ||
      !BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get()))) {
    error = openssl_error("certificate serial");
    return nullptr;
  }
  // Valid from an hour ago, so a client whose clock is slightly behind accepts it.
  if (!X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600) ||
      !X509_time_adj_ex(X509_getm_notAfter(cert.get()), options.validity_days, 0, nullptr) ||
      X509_set_pubkey(cert.get(), key) != 1) {
    error = openssl_error("certificate validity");
    return nullptr;
  }
  X509_NAME* name = X509_get_subject_name(cert.get());
  std::string cn = host.empty() ? "localhost" : host;
  auto text = [](const std::string& s) { return reinterpret_cast<const unsigned char*>(s.c_str()); };
  if (X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, text("netmeter"), -1, -1, 0) != 1 ||
      X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, text(cn), -1, -1, 0) != 1 ||
      X509_set_issuer_name(cert.get(), name) != 1) {
    error = openssl_error("certificate name");
    return nullptr;
  }
  bool rsa = options.key_type == SelfSignedOptions::KeyType::rsa_2048;
  std::string san = "DNS:localhost,IP:127.0.0.1,IP:::1";
  if (!host.empty()) san += ",DNS:" + host;
  if (!add_extension(cert.get(), NID_basic_constraints, "critical,CA:FALSE") ||
      !add_extension(cert.get(), NID_key_usage,
                     rsa ? "critical,digitalSignature,keyEncipherment" : "critical,digitalSignature") ||
      !add_extension(cert.get(), NID_ext_key_usage, "serverAuth") ||
      !add_extension(cert.get(), NID_subject_alt_name, san) ||
      !add_extension(cert.get(), NID_subject_key_identifier, "hash")) {
    error = openssl_error("certificate extensions");
    return nullptr;
  }
  if (X509_sign(cert.get(), key, EVP_sha256()) <= 0) {
    error = openssl_error("certificate signature");
    return nullptr;
  }
  return cert;
}

std::string bio_contents(BIO* bio) {
  char* data = nullptr;
  long size = BIO_get_mem_data(bio, &data);
  return size > 0 ? std::string(data, static_cast<size_t>(size)) : std::string();
}

// Writes `data` to `path` through a temporary file and a rename, so a crash never leaves half a file.
std::string write_atomically(const std::string& path, const std::string& data, mode_t mode) {
  std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, mode);
  if (fd < 0) return system_error("cannot create", tmp);
  bool ok = ::fchmod(fd, mode) == 0;
  for (size_t done = 0; ok && done < data.size();) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) done += static_cast<size_t>(n);
  }
  ok = ok && ::fsync(fd) == 0;
  std::string error = ok ? std::string() : system_error("cannot write", tmp);
  if (::close(fd) != 0 && error.empty()) error = system_error("cannot write", tmp);
  if (error.empty() && ::rename(tmp.c_str(), path.c_str()) != 0) error = system_error("cannot rename", tmp);
  if (!error.empty()) ::unlink(tmp.c_str());
  return error;
}

std::string make_directory(const std::string& dir) {
  std::error_code ec;
  std::filesystem::path path(dir);
  if (std::filesystem::is_directory(path, ec)) return {};
  if (path.has_parent_path() && !path.parent_path().empty()) {
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) return "cannot create " + path.parent_path().string() + ": " + ec.message();
  }
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return system_error("cannot create", dir);
  if (!std::filesystem::is_directory(path, ec)) return dir + " is not a directory";
  return {};
}

}  // namespace

TlsIdentityResult ensure_self_signed(const std::string& dir, const SelfSignedOptions& options) {
  TlsIdentityResult result;
  if (std::string error = make_directory(dir); !error.empty()) {
    result.error = error;
    return result;
  }
  TlsFiles files{dir + "/cert.pem", dir + "/key.pem"};
  std::error_code ec;
  if (std::filesystem::exists(files.cert_file, ec) && std::filesystem::exists(files.key_file, ec)) {
    result.files = files;
    return result;
  }

  std::string host = options.host_name.empty() ? local_host_name() : options.host_name;
  if (!is_dns_name(host)) host.clear();
  PkeyPtr key = generate_key(options.key_type);
  if (!key) {
    result.error = openssl_error("key generation");
    return result;
  }
  X509Ptr cert = make_certificate(key.get(), options, host, result.error);
  if (!cert) return result;

  BioPtr key_pem(BIO_new(BIO_s_mem()));
  BioPtr cert_pem(BIO_new(BIO_s_mem()));
  if (!key_pem || !cert_pem ||
      PEM_write_bio_PrivateKey(key_pem.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1 ||
      PEM_write_bio_X509(cert_pem.get(), cert.get()) != 1) {
    result.error = openssl_error("PEM encoding");
    return result;
  }
  // The key first: a certificate on disk then always has its key.
  result.error = write_atomically(files.key_file, bio_contents(key_pem.get()), 0600);
  if (result.error.empty())
    result.error = write_atomically(files.cert_file, bio_contents(cert_pem.get()), 0644);
  if (!result.error.empty()) return result;
  result.files = files;
  result.generated = true;
  return result;
}

}  // namespace netmeter::http
