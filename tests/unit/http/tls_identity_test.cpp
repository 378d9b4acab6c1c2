#include "http/tls_identity.hpp"

#include <gtest/gtest.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "test_support.hpp"

namespace netmeter::http {
namespace {

mode_t mode_of(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 0777;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

X509* load_cert(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "r");
  if (!f) return nullptr;
  X509* cert = PEM_read_X509(f, nullptr, nullptr, nullptr);
  std::fclose(f);
  return cert;
}

TEST(TlsIdentity, CreatesDirectoryKeyAndCertificate) {
  testing::TempDir tmp;
  std::string dir = tmp.path() + "/data/tls";
  TlsIdentityResult r = ensure_self_signed(dir, {.host_name = "netmeter.example"});
  ASSERT_TRUE(r.files) << r.error;
  EXPECT_TRUE(r.generated);
  EXPECT_EQ(r.files->cert_file, dir + "/cert.pem");
  EXPECT_EQ(r.files->key_file, dir + "/key.pem");
  EXPECT_EQ(mode_of(dir), 0700u);
  EXPECT_EQ(mode_of(r.files->key_file), 0600u);

  X509* cert = load_cert(r.files->cert_file);
  ASSERT_NE(cert, nullptr);
  EXPECT_EQ(X509_check_host(cert, "localhost", 0, 0, nullptr), 1);
  EXPECT_EQ(X509_check_host(cert, "netmeter.example", 0, 0, nullptr), 1);
  EXPECT_EQ(X509_check_ip_asc(cert, "127.0.0.1", 0), 1);
  EXPECT_EQ(X509_check_ip_asc(cert, "::1", 0), 1);
  EXPECT_NE(X509_check_host(cert, "other.example", 0, 0, nullptr), 1);
  // About ten years of validity.
  int days = 0, seconds = 0;
  ASSERT_EQ(ASN1_TIME_diff(&days, &seconds, X509_get0_notBefore(cert), X509_get0_notAfter(cert)), 1);
  EXPECT_GE(days, 3650);
  EXPECT_LE(days, 3651);
  EXPECT_EQ(X509_check_ca(cert), 0);
  EVP_PKEY* key = X509_get0_pubkey(cert);
  EXPECT_EQ(EVP_PKEY_get_base_id(key), EVP_PKEY_EC);
  X509_free(cert);
}

TEST(TlsIdentity, KeepsExistingFilesAndUsesRandomSerials) {
  testing::TempDir tmp;
  std::string a = tmp.path() + "/a", b = tmp.path() + "/b";
  ASSERT_TRUE(ensure_self_signed(a).files);
  std::string cert = read_file(a + "/cert.pem");
  TlsIdentityResult again = ensure_self_signed(a);
  ASSERT_TRUE(again.files);
  EXPECT_FALSE(again.generated);
  EXPECT_EQ(read_file(a + "/cert.pem"), cert);

  ASSERT_TRUE(ensure_self_signed(b, {.key_type = SelfSignedOptions::KeyType::rsa_2048}).files);
  X509* ca = load_cert(a + "/cert.pem");
  X509* cb = load_cert(b + "/cert.pem");
  ASSERT_TRUE(ca && cb);
  EXPECT_NE(ASN1_INTEGER_cmp(X509_get0_serialNumber(ca), X509_get0_serialNumber(cb)), 0);
  EXPECT_EQ(EVP_PKEY_get_base_id(X509_get0_pubkey(cb)), EVP_PKEY_RSA);
  X509_free(ca);
  X509_free(cb);
}

TEST(TlsIdentity, RegeneratesWhenOneFileIsMissing) {
  testing::TempDir tmp;
  ASSERT_TRUE(ensure_self_signed(tmp.path()).files);
  std::string old_cert = read_file(tmp.path() + "/cert.pem");
  std::remove((tmp.path() + "/key.pem").c_str());
  TlsIdentityResult r = ensure_self_signed(tmp.path());
  ASSERT_TRUE(r.files) << r.error;
  EXPECT_TRUE(r.generated);
  EXPECT_NE(read_file(tmp.path() + "/cert.pem"), old_cert);
}

TEST(TlsIdentity, ReportsErrors) {
  testing::TempDir tmp;
  std::string file = tmp.path() + "/plain-file";
  std::ofstream(file) << "x";
  TlsIdentityResult r = ensure_self_signed(file + "/tls");
  EXPECT_FALSE(r.files);
  EXPECT_FALSE(r.error.empty());
}

}  // namespace
}  // namespace netmeter::http
