#include "db/nsec3_index.hh"

#include <algorithm>
#include <string_view>

#include "db/bytes.hh"
#include "db/format.hh"
#include "db/nsec3.hh"
#include "dns/encoding.hh"

namespace lnsd::db {

// The NSEC3 chain of the apex's NSEC3PARAM (RFC 5155 §4): the first SHA-1
// parameters with flags zero (§4.1.2: others are for the chain being built).
// Each node's hash is computed here once, so that answering needs to hash
// only names that do not exist.
std::optional<Nsec3Index> build_nsec3_index(const ZoneContent& content, const ZoneTree& tree) {
  const auto* param = tree.find_rrset(content, 0, RRType::NSEC3PARAM);
  if (param == nullptr) return std::nullopt;
  Nsec3Index index;
  std::optional<Nsec3Params> params;
  for (uint32_t r = 0; r < param->record_count && !params; ++r) {
    auto rdata = content.rdata(content.records()[param->first_record + r]);
    auto p = Nsec3Params::from_rdata(rdata);
    if (p && p->algorithm == kNsec3Sha1 && p->flags == 0) {
      params = p;
      index.param.assign(rdata.begin(), rdata.end());
    }
  }
  if (!params) return std::nullopt;

  // The chain: NSEC3 RRsets one label below the apex whose label is the
  // base32hex form of a SHA-1 hash and whose parameters match.
  const auto n = uint32_t(tree.nodes.size());
  std::vector<std::pair<Nsec3Hash, uint32_t>> chain;
  std::vector<uint8_t> is_chain_node(n, 0);
  for (uint32_t i = 1; i < n; ++i) {
    if (tree.nodes[i].depth != 1) continue;
    const auto* set = tree.find_rrset(content, i, RRType::NSEC3);
    if (set == nullptr) continue;
    bool in_chain = false;
    for (uint32_t r = 0; r < set->record_count; ++r) {
      auto p = Nsec3Params::from_rdata(content.rdata(content.records()[set->first_record + r]));
      in_chain = in_chain || (p && p->same_chain(*params));
    }
    if (!in_chain) continue;
    auto label = tree.label(content, i);
    std::vector<uint8_t> hash;
    if (!base32hex_decode(std::string_view(reinterpret_cast<const char*>(label.data()), label.size()), hash) ||
        hash.size() != format::kNsec3HashSize) {
      continue;
    }
    Nsec3Hash h;
    std::copy(hash.begin(), hash.end(), h.begin());
    chain.emplace_back(h, i);
    // A node that holds only the chain's records is not itself hashed.
    const auto& cn = content.nodes()[tree.nodes[i].content_node];
    bool only_chain = true;
    for (uint32_t k = 0; k < cn.rrset_count; ++k) {
      RRType t = content.rrsets()[cn.first_rrset + k].type;
      if (t != RRType::NSEC3 && t != RRType::RRSIG) only_chain = false;
    }
    is_chain_node[i] = only_chain;
  }
  std::sort(chain.begin(), chain.end());

  for (const auto& [hash, node] : chain) {
    index.hashes.insert(index.hashes.end(), hash.begin(), hash.end());
    append_le<uint32_t>(index.hashes, node);
  }
  index.node_map.assign(size_t(n) * 4, 0);
  Nsec3Hasher hasher;
  for (uint32_t i = 0; i < n; ++i) {
    uint32_t entry = format::kNone;
    if (!(tree.nodes[i].flags & format::kNodeOccluded) && !is_chain_node[i]) {
      Nsec3Hash h;
      if (hasher.hash(tree.name(content, i).wire(), *params, h)) {
        auto it = std::lower_bound(chain.begin(), chain.end(), h,
                                   [](const auto& e, const Nsec3Hash& v) { return e.first < v; });
        if (it != chain.end() && it->first == h) entry = uint32_t(it - chain.begin());
      }
    }
    store_le<uint32_t>(index.node_map.data() + size_t(i) * 4, entry);
  }
  return index;
}

}  // namespace lnsd::db
