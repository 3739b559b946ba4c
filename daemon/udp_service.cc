#include "udp_service.hh"

#include <cerrno>
#include <cstring>

#include "log.hh"

namespace lnsd {

UdpService::UdpService(QueryHandler handler, QueryCounters counters)
    : handler_(handler), counters_(counters), queries_(kBatch * kMessageSize), responses_(kBatch * kMessageSize) {
  for (size_t i = 0; i < kBatch; ++i) {
    clients_[i].transport = Transport::Udp;
    query_iov_[i] = iovec{queries_.data() + i * kMessageSize, kMessageSize};
    msghdr& header = received_[i].msg_hdr;
    header.msg_name = &clients_[i].address;
    header.msg_iov = &query_iov_[i];
    header.msg_iovlen = 1;
    header.msg_control = query_control_[i].bytes;
  }
}

size_t UdpService::serve_batch(const ServerSocket& socket) {
  size_t control_size = socket.wildcard ? kControlSize : 0;
  for (auto& message : received_) {
    message.msg_hdr.msg_namelen = sizeof(sockaddr_storage);
    message.msg_hdr.msg_controllen = control_size;
    message.msg_hdr.msg_flags = 0;
  }
  int received;
  do {
    received = recvmmsg(socket.fd, received_.data(), kBatch, MSG_DONTWAIT, nullptr);
  } while (received < 0 && errno == EINTR);
  if (received <= 0) {
    // EAGAIN: another server sharing the socket took the datagrams.
    if (received < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
      log_detail("recvmmsg failed: %s", std::strerror(errno));
    }
    return 0;
  }

  std::array<std::span<const uint8_t>, kBatch> batch;
  for (size_t i = 0; i < size_t(received); ++i) {
    batch[i] = {queries_.data() + i * kMessageSize, received_[i].msg_len};
  }
  handler_.warm({batch.data(), size_t(received)});

  size_t replies = 0;
  for (size_t i = 0; i < size_t(received); ++i) {
    const msghdr& header = received_[i].msg_hdr;
    std::span<const uint8_t> query(queries_.data() + i * kMessageSize, received_[i].msg_len);
    std::span<uint8_t> response(responses_.data() + i * kMessageSize, kMessageSize);
    if (header.msg_flags & MSG_TRUNC) {
      // Larger than any UDP payload: cannot happen, so never answer half a query.
      bump(counters_.server().dropped);
      continue;
    }
    AnswerResult result = handler_(query, clients_[i], response);
    counters_.count(query, clients_[i], result, response);
    if (result.disposition != Disposition::Send || result.length > kMessageSize) continue;

    msghdr& reply = replies_[replies].msg_hdr;
    reply_iov_[replies] = iovec{response.data(), result.length};
    reply.msg_name = &clients_[i].address;
    reply.msg_namelen = header.msg_namelen;
    reply.msg_iov = &reply_iov_[replies];
    reply.msg_iovlen = 1;
    reply.msg_control = nullptr;
    reply.msg_controllen = 0;
    reply.msg_flags = 0;
    if (socket.wildcard && !set_reply_source(i, replies, socket.family)) {
      bump(counters_.server().send_failed);
      continue;
    }
    ++replies;
  }
  if (replies > 0) send_replies(socket.fd, replies);
  return size_t(received);
}

// A socket bound to the wildcard address answers from the address the query
// was sent to: resolvers accept a response only from the address they asked
// (RFC 5452), and on a host with several addresses the kernel's choice of
// source could be another.
bool UdpService::set_reply_source(size_t query, size_t reply, int family) {
  msghdr& received = received_[query].msg_hdr;
  msghdr& out = replies_[reply].msg_hdr;
  for (cmsghdr* c = CMSG_FIRSTHDR(&received); c != nullptr; c = CMSG_NXTHDR(&received, c)) {
    if (family == AF_INET && c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
      in_pktinfo info;
      std::memcpy(&info, CMSG_DATA(c), sizeof info);
      in_pktinfo source{};
      source.ipi_spec_dst = info.ipi_addr;
      out.msg_control = reply_control_[reply].bytes;
      out.msg_controllen = CMSG_SPACE(sizeof source);
      cmsghdr* o = CMSG_FIRSTHDR(&out);
      o->cmsg_level = IPPROTO_IP;
      o->cmsg_type = IP_PKTINFO;
      o->cmsg_len = CMSG_LEN(sizeof source);
      std::memcpy(CMSG_DATA(o), &source, sizeof source);
      return true;
    }
    if (family == AF_INET6 && c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO) {
      in6_pktinfo info;
      std::memcpy(&info, CMSG_DATA(c), sizeof info);
      out.msg_control = reply_control_[reply].bytes;
      out.msg_controllen = CMSG_SPACE(sizeof info);
      cmsghdr* o = CMSG_FIRSTHDR(&out);
      o->cmsg_level = IPPROTO_IPV6;
      o->cmsg_type = IPV6_PKTINFO;
      o->cmsg_len = CMSG_LEN(sizeof info);
      std::memcpy(CMSG_DATA(o), &info, sizeof info);
      return true;
    }
  }
  return false;
}

void UdpService::send_replies(int fd, size_t count) {
  size_t sent = 0;
  while (sent < count) {
    int n = sendmmsg(fd, replies_.data() + sent, unsigned(count - sent), MSG_DONTWAIT);
    if (n > 0) {
      sent += size_t(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS)) {
      // The send buffer is full: a server never waits, the rest is lost
      // like a datagram dropped by the network.
      bump(counters_.server().send_failed, count - sent);
      return;
    }
    // This one response cannot be sent (unreachable peer, bad address):
    // skip it, send the others.
    log_detail("sendmmsg failed: %s", std::strerror(errno));
    bump(counters_.server().send_failed);
    ++sent;
  }
}

}  // namespace lnsd
