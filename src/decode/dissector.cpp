#include "decode/dissector.hpp"

#include <algorithm>

#include "decode/protocols/arp.hpp"
#include "decode/protocols/ayiya.hpp"
#include "decode/protocols/capwap.hpp"
#include "decode/protocols/cisco_hdlc.hpp"
#include "decode/protocols/enc.hpp"
#include "decode/protocols/erspan3.hpp"
#include "decode/protocols/etag.hpp"
#include "decode/protocols/ethernet.hpp"
#include "decode/protocols/fabricpath.hpp"
#include "decode/protocols/fddi.hpp"
#include "decode/protocols/geneve.hpp"
#include "decode/protocols/gre.hpp"
#include "decode/protocols/gtpu.hpp"
#include "decode/protocols/icmp.hpp"
#include "decode/protocols/icmpv6.hpp"
#include "decode/protocols/ieee80211.hpp"
#include "decode/protocols/ip_auto.hpp"
#include "decode/protocols/ipoib.hpp"
#include "decode/protocols/ipv4.hpp"
#include "decode/protocols/ipv6.hpp"
#include "decode/protocols/l2tp.hpp"
#include "decode/protocols/l2tpv3_ip.hpp"
#include "decode/protocols/linux_sll.hpp"
#include "decode/protocols/linux_sll2.hpp"
#include "decode/protocols/llc_snap.hpp"
#include "decode/protocols/mpls.hpp"
#include "decode/protocols/mpls_udp.hpp"
#include "decode/protocols/nflog.hpp"
#include "decode/protocols/nsh.hpp"
#include "decode/protocols/null_loopback.hpp"
#include "decode/protocols/pbb.hpp"
#include "decode/protocols/pflog.hpp"
#include "decode/protocols/ppp.hpp"
#include "decode/protocols/pppoe.hpp"
#include "decode/protocols/radiotap.hpp"
#include "decode/protocols/sctp.hpp"
#include "decode/protocols/tcp.hpp"
#include "decode/protocols/teredo.hpp"
#include "decode/protocols/udp.hpp"
#include "decode/protocols/vlan.hpp"
#include "decode/protocols/vntag.hpp"
#include "decode/protocols/vxlan.hpp"
#include "decode/protocols/vxlan_gpe.hpp"

namespace netmeter::decode {

namespace {

Layer first_layer(core::LinkType link) {
  using core::LinkType;
  switch (link) {
    case LinkType::Ethernet:
      return Layer::Ethernet;
    case LinkType::LinuxSll:
      return Layer::LinuxSll;
    case LinkType::LinuxSll2:
      return Layer::LinuxSll2;
    case LinkType::Raw:
      return Layer::IpAuto;
    case LinkType::Ipv4:
      return Layer::Ipv4;
    case LinkType::Ipv6:
      return Layer::Ipv6;
    case LinkType::Null:
      return Layer::Null;
    case LinkType::Loop:
      return Layer::Loop;
    case LinkType::Radiotap:
      return Layer::Radiotap;
    case LinkType::Ieee80211:
      return Layer::Ieee80211;
    case LinkType::Ppp:
      return Layer::Ppp;
    case LinkType::CiscoHdlc:
      return Layer::CiscoHdlc;
    case LinkType::Fddi:
      return Layer::Fddi;
    case LinkType::PppoeSession:
      return Layer::Pppoe;
    case LinkType::Pflog:
      return Layer::Pflog;
    case LinkType::Enc:
      return Layer::Enc;
    case LinkType::Nflog:
      return Layer::Nflog;
    case LinkType::Ipoib:
      return Layer::Ipoib;
  }
  return Layer::End;
}

template <typename T, typename... Args>
void add(std::array<std::unique_ptr<Decoder>, kLayerCount>& table, Layer layer, Args&&... args) {
  table[static_cast<size_t>(layer)] = std::make_unique<T>(std::forward<Args>(args)...);
}

}  // namespace

Dissector::Dissector(core::LinkType link) : first_(first_layer(link)) {
  add<EthernetDecoder>(table_, Layer::Ethernet);
  add<LlcSnapDecoder>(table_, Layer::LlcSnap);
  add<VlanDecoder>(table_, Layer::Vlan);
  add<MplsDecoder>(table_, Layer::Mpls);
  add<PppoeDecoder>(table_, Layer::Pppoe);
  add<PppDecoder>(table_, Layer::Ppp);
  add<CiscoHdlcDecoder>(table_, Layer::CiscoHdlc);
  add<ArpDecoder>(table_, Layer::Arp);
  add<Ipv4Decoder>(table_, Layer::Ipv4);
  add<Ipv6Decoder>(table_, Layer::Ipv6);
  add<IpAutoDecoder>(table_, Layer::IpAuto);
  add<TcpDecoder>(table_, Layer::Tcp);
  add<UdpDecoder>(table_, Layer::Udp);
  add<IcmpDecoder>(table_, Layer::Icmp);
  add<Icmpv6Decoder>(table_, Layer::Icmpv6);
  add<SctpDecoder>(table_, Layer::Sctp);
  add<GreDecoder>(table_, Layer::Gre);
  add<VxlanDecoder>(table_, Layer::Vxlan);
  add<GtpuDecoder>(table_, Layer::GtpU);
  add<LinuxSllDecoder>(table_, Layer::LinuxSll);
  add<LinuxSll2Decoder>(table_, Layer::LinuxSll2);
  add<NullDecoder>(table_, Layer::Null, false);
  add<NullDecoder>(table_, Layer::Loop, true);
  add<RadiotapDecoder>(table_, Layer::Radiotap);
  add<Ieee80211Decoder>(table_, Layer::Ieee80211);
  add<Ieee80211Decoder>(table_, Layer::Ieee80211Swapped, true);
  add<GeneveDecoder>(table_, Layer::Geneve);
  add<TeredoDecoder>(table_, Layer::Teredo);
  add<AyiyaDecoder>(table_, Layer::Ayiya);
  add<CapwapDecoder>(table_, Layer::Capwap);
  add<L2tpDecoder>(table_, Layer::L2tp);
  add<L2tpv3IpDecoder>(table_, Layer::L2tpv3Ip);
  add<PbbDecoder>(table_, Layer::Pbb);
  add<VnTagDecoder>(table_, Layer::VnTag);
  add<ETagDecoder>(table_, Layer::ETag);
  add<NshDecoder>(table_, Layer::Nsh);
  add<VxlanGpeDecoder>(table_, Layer::VxlanGpe);
  add<Erspan3Decoder>(table_, Layer::Erspan3);
  add<MplsUdpDecoder>(table_, Layer::MplsUdp);
  add<FabricPathDecoder>(table_, Layer::FabricPath);
  add<FddiDecoder>(table_, Layer::Fddi);
  add<NflogDecoder>(table_, Layer::Nflog);
  add<IpoibDecoder>(table_, Layer::Ipoib);
  add<PflogDecoder>(table_, Layer::Pflog);
  add<EncDecoder>(table_, Layer::Enc);
}

void Dissector::decode(Bytes frame, DecodedPacket& pkt, core::AnomalyCounters& anomalies,
                       core::LinkType link) const {
  run(first_layer(link), frame, pkt, anomalies);
}

void Dissector::run(Layer first, Bytes frame, DecodedPacket& pkt, core::AnomalyCounters& anomalies) const {
  if (frame.empty()) {
    anomalies.add(core::Anomaly::empty_packet);
    return;
  }
  DecodeContext ctx{pkt, anomalies};
  Bytes rest = frame;
  Layer layer = first;
  for (int depth = 0; layer != Layer::End; ++depth) {
    if (depth == kMaxLayers) {
      anomalies.add(core::Anomaly::too_many_layers);
      return;
    }
    const Decoder* decoder = table_[static_cast<size_t>(layer)].get();
    if (decoder == nullptr) return;
    Step step = decoder->decode(rest, ctx);
    if (step.next == Layer::End) return;
    size_t consumed = std::min(step.consumed, rest.size());
    rest = rest.subspan(consumed, std::min(step.limit, rest.size() - consumed));
    ctx.offset += consumed;
    layer = step.next;
  }
}

DecodedPacket decode_frame(core::LinkType link, Bytes frame, core::AnomalyCounters& anomalies) {
  DecodedPacket pkt;
  pkt.caplen = static_cast<uint32_t>(frame.size());
  pkt.wire_len = pkt.caplen;
  Dissector(link).decode(frame, pkt, anomalies);
  return pkt;
}

}  // namespace netmeter::decode
