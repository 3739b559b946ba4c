// UDP serving (daemon/udp_service.hh): batches read with recvmmsg and
// answered with sendmmsg, over 127.0.0.1 and ::1.
#include <catch2/catch.hpp>

#include <set>

#include "daemon/udp_service.hh"
#include "net_client.hh"
#include "server_fixture.hh"
#include "test_answerer.hh"

using namespace lnsd;
using namespace lnsd::test;

TEST_CASE("one recvmmsg reads at most a batch, and every datagram of it is answered", "[udp]") {
  ServerSettings settings;
  uint16_t port = free_port();
  auto socket = open_listening_socket(loopback_address(AF_INET, port), SocketKind::Udp, settings, false);
  REQUIRE(socket);
  TestAnswerer answerer;
  SharedRegion region = SharedRegion::create(1, 0).value();
  UdpService udp(answerer.handler(), &region.slot(0).stats);
  ServerSocket view{socket->fd.get(), SocketKind::Udp, AF_INET, false};

  UdpClient client(AF_INET);
  constexpr size_t kSent = UdpService::kBatch + 36;
  for (uint16_t id = 1; id <= kSent; ++id) client.send_to(socket->address, test_query(id));

  // Loopback delivers synchronously: all datagrams wait in the socket.
  CHECK(udp.serve_batch(view) == UdpService::kBatch);
  CHECK(udp.serve_batch(view) == kSent - UdpService::kBatch);
  CHECK(udp.serve_batch(view) == 0);

  std::set<uint16_t> answered;
  while (auto response = client.receive(500ms)) {
    CHECK((*response)[2] & 0x80);
    answered.insert(message_id(*response));
  }
  CHECK(answered.size() == kSent);
  CHECK(*answered.begin() == 1);
  CHECK(*answered.rbegin() == kSent);
  CHECK(value_of(region.slot(0).stats.queries) == kSent);
  CHECK(value_of(region.slot(0).stats.udp4) == kSent);
}

TEST_CASE("a server answers bursts over UDP on IPv4 and IPv6", "[udp]") {
  ServerFixture server;
  for (int family : {AF_INET, AF_INET6}) {
    UdpClient client(family);
    constexpr uint16_t kBurst = 300;
    for (uint16_t id = 0; id < kBurst; ++id) client.send_to(server.address(family), test_query(id, uint16_t(100 + id)));
    std::set<uint16_t> answered;
    for (uint16_t i = 0; i < kBurst; ++i) {
      auto response = client.receive();
      REQUIRE(response);
      uint16_t id = message_id(*response);
      CHECK(response->size() == size_t(std::max(100 + id, int(kTestResponseMinimum))));
      answered.insert(id);
    }
    CHECK(answered.size() == kBurst);
  }
  CHECK(value_of(server.stats().udp4) == 300);
  CHECK(value_of(server.stats().udp6) == 300);
}

TEST_CASE("responses up to the largest UDP payload go out whole", "[udp]") {
  ServerFixture server;
  UdpClient client(AF_INET);
  // 65507 is the largest IPv4 UDP payload (65535 - 20 - 8).
  client.send_to(server.address(AF_INET), test_query(7, 65507));
  auto response = client.receive();
  REQUIRE(response);
  CHECK(response->size() == 65507);
}

TEST_CASE("what the answer path drops gets no response and is counted", "[udp]") {
  ServerFixture server;
  UdpClient client(AF_INET);
  client.send_to(server.address(AF_INET), test_query(1, 0, /*qr=*/true));
  client.send_to(server.address(AF_INET), test_query(2));
  auto response = client.receive();
  REQUIRE(response);
  CHECK(message_id(*response) == 2);  // the first was dropped, the second answered
  CHECK_FALSE(client.receive(200ms));
  CHECK(value_of(server.stats().dropped) == 1);
  CHECK(value_of(server.stats().queries) == 2);
}

TEST_CASE("a wildcard socket answers from the address the query was sent to", "[udp]") {
  ServerSettings settings;
  uint16_t port = free_port();
  auto socket = open_listening_socket(wildcard_address(AF_INET, port), SocketKind::Udp, settings, false);
  REQUIRE(socket);
  REQUIRE(socket->wildcard);
  TestAnswerer answerer;
  SharedRegion region = SharedRegion::create(1, 0).value();
  UdpService udp(answerer.handler(), &region.slot(0).stats);
  ServerSocket view{socket->fd.get(), SocketKind::Udp, AF_INET, true};

  // All of 127.0.0.0/8 is local on Linux; without IP_PKTINFO the kernel
  // would answer a query to 127.0.0.2 from 127.0.0.1.
  SocketAddress second = *parse_socket_address("127.0.0.2", port);
  UdpClient client(AF_INET);
  client.send_to(second, test_query(42));
  REQUIRE(wait_readable(socket->fd.get(), 1000ms));
  CHECK(udp.serve_batch(view) == 1);
  SocketAddress from;
  auto response = client.receive(1000ms, &from);
  REQUIRE(response);
  CHECK(message_id(*response) == 42);
  CHECK(to_string(from) == "127.0.0.2@" + std::to_string(port));
}
