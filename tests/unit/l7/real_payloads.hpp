#pragma once

// L4 payloads taken from the nDPI 4.2 test captures (../shared/pcaps/ndpi-4.2/pcap/, LGPL-3.0; see the
// README there), extracted with tshark -T fields -e udp.payload / -e tcp.payload. The values the tests
// expect were checked against tshark 4.0's dissection of the same packets.

#include "l7_test_util.hpp"

namespace netmeter::l7::test {

/// KakaoTalk_chat.pcap, the 6th DNS packet: katalk.kakao.com A? -> CNAME katalk.gl.kakao.com, whose four A
/// records (110.76.142.34, 1.201.0.61, 1.201.0.63, 110.76.141.37, TTL 122) name it through a pointer into
/// the CNAME's rdata.
inline Message kakao_dns_response() {
  return from_hex(
      "510281800001000500000000066b6174616c6b056b616b616f03636f6d0000010001c00c00050001000003f4000c066b617461"
      "6c6b02676cc013c02e000100010000007a00046e4c8e22c02e000100010000007a000401c9003dc02e000100010000007a0004"
      "01c9003fc02e000100010000007a00046e4c8d25");
}

/// alexa-app.pcapng, the 2nd DNS packet: connectivitycheck.android.com AAAA 2607:f8b0:4000:813::200e.
inline Message alexa_aaaa_response() {
  return from_hex(
      "5d508180000100010000000011636f6e6e6563746976697479636865636b07616e64726f696403636f6d00001c0001c00c001c"
      "00010000012b00102607f8b040000813000000000000200e");
}

/// dns_fragmented.pcap, a DNS-over-TCP segment: the length 0x34, then a DNSKEY query for weberlab.de.
inline Message weberlab_dns_tcp_query() {
  return from_hex(
      "003480e4012000010000000000010877656265726c61620264650000300001000029100000008000000c000a00081b9af622ab"
      "2c9740");
}

/// alexa-app.pcapng, the first DHCP packet: a REQUEST (xid 0x7c6d7f31, MAC 78:f8:82:d3:fb:c2, requested
/// 172.16.42.216, vendor class "dhcpcd-5.5.6", host name "android-1c1335ec95a27318"), 315 bytes. The zeros
/// of chaddr's padding, sname and file are filled in rather than written out.
inline Message alexa_dhcp_request() {
  Message m =
      from_hex("010106007c6d7f31000000000000000000000000000000000000000078f882d3fbc200000000000000000000");
  m.resize(236, 0);
  append(m,
         from_hex("638253633501033d070178f882d3fbc23204ac102ad8390205dc3c0c6468637063642d352e352e360c18616e"
                  "64726f69642d31633133333565633935613237333138370a012103060f1a1c333a3bff"));
  return m;
}

/// 1kxun.pcap, the first DHCP packet: an ACK giving 192.168.5.36, server 192.168.119.1, lease 60 s.
inline Message kxun_dhcp_ack() {
  Message m = from_hex("02010600c091205200008000c0a80524c0a80524c0a877010000000000265ac26355");
  m.resize(236, 0);
  append(m,
         from_hex("638253633501053604c0a8770133040000003c0104ffff00000304c0a877010610a85f010108080808a85fc001"
                  "080804042a08a85fc30c7bcc2d74ff00000000"));
  return m;
}

/// dnscrypt-v2-doh.pcap, the 11th segment that starts a handshake record: Firefox's ClientHello to
/// jp.tiar.app (record 0x0301, version 0x0303, 19 suites, ALPN h2 and http/1.1, supported_versions
/// 0x0304, 0x0303, 0x0302, 0x0301; the last extension is a 42-byte key_share).
inline Message firefox_client_hello() {
  return from_hex(
      "1603010114010001100303da48e9ce0c45bfe775f714b2349fe32287f8b29360737bbb172e14bd374b9ea320da75adabf128cb"
      "65fe"
      "0aedaf8d6d00122f34984f8f76e0fea902ea8e24cf3f860026c02fc030c02bc02ccca8cca9c013c009c014c00a009c009d002f"
      "0035"
      "c012000a130113031302010000a100000010000e00000b6a702e746961722e617070000500050100000000000a000a0008001d"
      "0017"
      "00180019000b00020100000d001a0018080404030807080508060401050106010503060302010203ff010001000010000e000c"
      "0268"
      "3208687474702f312e3100120000002b0009080304030303020301003300260024001d00206229fc6c976a1f1de26c7adb7c38"
      "30"
      "b8555c655dcf3cd916be9d731e8effd803");
}

/// dnscrypt-v2-doh.pcap: the server's answer to a ClientHello, a HelloRetryRequest (TLS 1.3, suite 0x1302),
/// followed in the segment by a ChangeCipherSpec record.
inline Message hello_retry_request() {
  return from_hex(
      "1603030058020000540303cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c200018e8a113a0ae"
      "a9c0"
      "cd5dc9244dd13b0a6cdb6c6cd4702e865a405515be4271130200000c002b00020304003300020019140303000101");
}

/// zattoo.pcap, the first segment: a TLS 1.2 ClientHello to zattoo.com with two suites, no ALPN and no
/// supported_versions.
inline Message zattoo_client_hello() {
  return from_hex(
      "160301006c010000680303a956c8d1765469e67e68c75d8167f08ebb3063bb938ad1b6dce400e2805750f8000004009c00ff01"
      "0000"
      "3b0000000f000d00000a7a6174746f6f2e636f6d000d0020001e06010602060305010502050304010402040303010302030302"
      "01"
      "0202020333740000");
}

}  // namespace netmeter::l7::test
