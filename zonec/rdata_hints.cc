#include "rdata_hints.hh"

#include <string_view>

namespace lnsd::zonec {

namespace {

struct Hint {
  RRType type;
  std::string_view format;
  std::string_view example;
};

constexpr Hint kHints[] = {
    {RRType::A, "A <IPv4 address>", "A 192.0.2.1"},
    {RRType::AAAA, "AAAA <IPv6 address>", "AAAA 2001:db8::1"},
    {RRType::NS, "NS <name server host name>", "NS ns1.example.com."},
    {RRType::CNAME, "CNAME <canonical name>", "CNAME www.example.com."},
    {RRType::DNAME, "DNAME <target domain>", "DNAME example.net."},
    {RRType::PTR, "PTR <host name>", "PTR host.example.com."},
    {RRType::SOA,
     "SOA <primary server> <contact mailbox> <serial> <refresh> <retry> <expire> <minimum>",
     "SOA ns1.example.com. hostmaster.example.com. 2024010101 1d 2h 4w 1h"},
    {RRType::MX, "MX <preference> <mail host>", "MX 10 mail.example.com."},
    {RRType::TXT, "TXT \"<text>\" [\"<more text>\" ...]", "TXT \"v=spf1 -all\""},
    {RRType::SPF, "SPF \"<text>\" [...]", "SPF \"v=spf1 -all\""},
    {RRType::HINFO, "HINFO \"<cpu>\" \"<os>\"", "HINFO \"x86-64\" \"Linux\""},
    {RRType::SRV, "SRV <priority> <weight> <port> <target>",
     "SRV 10 5 5060 sip.example.com."},
    {RRType::NAPTR,
     "NAPTR <order> <preference> \"<flags>\" \"<service>\" \"<regexp>\" <replacement>",
     "NAPTR 100 10 \"S\" \"SIP+D2U\" \"\" _sip._udp.example.com."},
    {RRType::CAA, "CAA <flags> <tag> \"<value>\"", "CAA 0 issue \"ca.example.net\""},
    {RRType::DS, "DS <key tag> <algorithm> <digest type> <digest hex>",
     "DS 12345 13 2 49FD46E6C4B45C55D4AC..."},
    {RRType::CDS, "CDS <key tag> <algorithm> <digest type> <digest hex>",
     "CDS 12345 13 2 49FD46E6C4B45C55D4AC..."},
    {RRType::DNSKEY, "DNSKEY <flags> <protocol 3> <algorithm> <public key base64>",
     "DNSKEY 257 3 13 mdsswUyr3DPW132mOi8V9xES..."},
    {RRType::CDNSKEY, "CDNSKEY <flags> <protocol 3> <algorithm> <public key base64>",
     "CDNSKEY 257 3 13 mdsswUyr3DPW132mOi8V9xES..."},
    {RRType::RRSIG,
     "RRSIG <type covered> <algorithm> <labels> <original TTL> <expiration> <inception> "
     "<key tag> <signer> <signature base64>",
     "RRSIG A 13 2 3600 20240201000000 20240101000000 12345 example.com. oJB1..."},
    {RRType::NSEC, "NSEC <next owner> <types...>", "NSEC b.example.com. A RRSIG NSEC"},
    {RRType::NSEC3,
     "NSEC3 <hash algorithm> <flags> <iterations> <salt hex or -> <next hash base32hex> "
     "<types...>",
     "NSEC3 1 0 0 - 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR A RRSIG"},
    {RRType::NSEC3PARAM, "NSEC3PARAM <hash algorithm> <flags> <iterations> <salt hex or ->",
     "NSEC3PARAM 1 0 0 -"},
    {RRType::TLSA, "TLSA <usage> <selector> <matching type> <data hex>",
     "TLSA 3 1 1 0C72AC70B745AC19998811B131D662C9..."},
    {RRType::SMIMEA, "SMIMEA <usage> <selector> <matching type> <data hex>",
     "SMIMEA 3 1 1 0C72AC70B745AC19998811B131D662C9..."},
    {RRType::SSHFP, "SSHFP <algorithm> <fingerprint type> <fingerprint hex>",
     "SSHFP 4 2 123456789ABCDEF67890123456789ABCDEF67890123456789ABCDEF123456789"},
    {RRType::LOC, "LOC <d> [<m> [<s>]] N|S <d> [<m> [<s>]] E|W <altitude>m [<size> [<hp> [<vp>]]]",
     "LOC 52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000m 10m"},
    {RRType::SVCB, "SVCB <priority> <target> [<key>=<value> ...]",
     "SVCB 1 svc.example.com. alpn=h2,h3"},
    {RRType::HTTPS, "HTTPS <priority> <target> [<key>=<value> ...]",
     "HTTPS 1 . alpn=h2,h3"},
    {RRType::URI, "URI <priority> <weight> \"<target URI>\"",
     "URI 10 1 \"https://www.example.com/\""},
    {RRType::RP, "RP <mailbox> <TXT owner>", "RP hostmaster.example.com. info.example.com."},
    {RRType::AFSDB, "AFSDB <subtype> <host name>", "AFSDB 1 afs.example.com."},
    {RRType::OPENPGPKEY, "OPENPGPKEY <key base64>", "OPENPGPKEY mQINBF..."},
    {RRType::ZONEMD, "ZONEMD <serial> <scheme> <hash algorithm> <digest hex>",
     "ZONEMD 2024010101 1 1 FEBE3D4CE2EC2FFA4BA9..."},
    {RRType::CERT, "CERT <type> <key tag> <algorithm> <certificate base64>",
     "CERT PGP 0 0 mQINBF..."},
    {RRType::IPSECKEY, "IPSECKEY <precedence> <gateway type> <algorithm> <gateway> <key base64>",
     "IPSECKEY 10 1 2 192.0.2.38 AQNRU3mG7TVTO2BkR47usntb..."},
    {RRType::APL, "APL [!]<family>:<address>/<prefix> ...", "APL 1:192.0.2.0/24 !1:192.0.2.128/25"},
    {RRType::EUI48, "EUI48 <xx-xx-xx-xx-xx-xx>", "EUI48 00-00-5e-00-53-2a"},
    {RRType::EUI64, "EUI64 <xx-xx-xx-xx-xx-xx-xx-xx>", "EUI64 00-00-5e-ef-10-00-00-2a"},
};

}  // namespace

std::string rdata_format_hint(RRType type) {
  for (const auto& h : kHints) {
    if (h.type == type) {
      return "write it as " + std::string(h.format) + ", e.g. " + std::string(h.example);
    }
  }
  return "write the " + type_to_text(type) +
         " rdata as its RFC defines, or in the RFC 3597 generic form \\# <length> <hex>";
}

}  // namespace lnsd::zonec
