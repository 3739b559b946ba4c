// DNS over TCP (daemon/tcp_service.hh, RFC 7766): framing, pipelining,
// connection limits, timeouts and slow readers, over 127.0.0.1 and ::1.
#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <thread>

#include "net_client.hh"
#include "server_fixture.hh"
#include "test_answerer.hh"

using namespace lnsd;
using namespace lnsd::test;

namespace {

TcpOptions tcp_options(unsigned count, std::chrono::milliseconds timeout = 10'000ms) {
  TcpOptions options;
  options.connection_count = count;
  options.timeout = timeout;
  return options;
}

}  // namespace

TEST_CASE("a query arriving in pieces is answered once whole", "[tcp]") {
  ServerFixture server;
  for (int family : {AF_INET, AF_INET6}) {
    TcpClient client(server.address(family));
    REQUIRE(client.connected());
    Bytes framed = frame(test_query(9, 300));
    // The length prefix split, then the message a byte at a time.
    for (uint8_t byte : framed) {
      client.write_all(Bytes{byte});
      std::this_thread::sleep_for(1ms);
    }
    auto response = client.receive_message();
    REQUIRE(response);
    CHECK(message_id(*response) == 9);
    CHECK(response->size() == 300);
  }
  CHECK(value_of(server.stats().tcp4) == 1);
  CHECK(value_of(server.stats().tcp6) == 1);
}

TEST_CASE("pipelined queries are all answered, whatever order they arrive in", "[tcp]") {
  ServerFixture server;
  TcpClient client(server.address(AF_INET6));
  REQUIRE(client.connected());

  // 40 queries in one write, ids out of order, then 40 more cut at odd
  // places across writes.
  Bytes burst;
  std::set<uint16_t> expected;
  for (uint16_t i = 0; i < 40; ++i) {
    uint16_t id = uint16_t((i * 37) % 40 + 1000);
    Bytes f = frame(test_query(id, uint16_t(20 + 50 * i)));
    burst.insert(burst.end(), f.begin(), f.end());
    expected.insert(id);
  }
  client.write_all(burst);
  Bytes stream;
  for (uint16_t id = 2000; id < 2040; ++id) {
    Bytes f = frame(test_query(id));
    stream.insert(stream.end(), f.begin(), f.end());
    expected.insert(id);
  }
  for (size_t at = 0; at < stream.size(); at += 7) {
    client.write_all(Bytes(stream.begin() + ptrdiff_t(at), stream.begin() + ptrdiff_t(std::min(at + 7, stream.size()))));
  }

  std::set<uint16_t> answered;
  for (size_t i = 0; i < expected.size(); ++i) {
    auto response = client.receive_message();
    REQUIRE(response);
    answered.insert(message_id(*response));
  }
  CHECK(answered == expected);
}

TEST_CASE("the largest DNS message travels over TCP", "[tcp]") {
  ServerFixture server;
  TcpClient client(server.address(AF_INET));
  client.send_message(test_query(1, 65535));
  client.send_message(test_query(2, 65535));
  auto first = client.receive_message();
  auto second = client.receive_message();
  REQUIRE(first);
  REQUIRE(second);
  CHECK(first->size() == 65535);
  CHECK(message_id(*second) == 2);
}

TEST_CASE("a client that stops sending still receives every pending answer", "[tcp]") {
  ServerFixture server;
  TcpClient client(server.address(AF_INET));
  for (uint16_t id = 1; id <= 10; ++id) client.send_message(test_query(id, 5000));
  client.shutdown_write();
  for (uint16_t id = 1; id <= 10; ++id) {
    auto response = client.receive_message();
    REQUIRE(response);
    CHECK(message_id(*response) == id);
  }
  CHECK(client.closed_by_peer(2000ms));
}

TEST_CASE("a zero-length message closes the connection", "[tcp]") {
  ServerFixture server;
  TcpClient client(server.address(AF_INET));
  client.write_all(Bytes{0, 0});
  CHECK(client.closed_by_peer(2000ms));
}

TEST_CASE("tcp-query-count ends a connection after that many answers", "[tcp]") {
  TcpOptions options = tcp_options(10);
  options.query_count = 3;
  ServerFixture server(options);
  TcpClient client(server.address(AF_INET));
  for (uint16_t id = 1; id <= 5; ++id) client.send_message(test_query(id));
  for (uint16_t id = 1; id <= 3; ++id) {
    auto response = client.receive_message();
    REQUIRE(response);
    CHECK(message_id(*response) == id);
  }
  CHECK(client.closed_by_peer(2000ms));
  CHECK(value_of(server.stats().queries) == 3);
}

TEST_CASE("an idle connection is closed after tcp-timeout", "[tcp]") {
  ServerFixture server(tcp_options(10, 300ms));
  TcpClient idle(server.address(AF_INET));
  TcpClient busy(server.address(AF_INET));
  auto start = std::chrono::steady_clock::now();
  // `busy` keeps talking past the timeout; `idle` says nothing.
  for (uint16_t id = 0; id < 6; ++id) {
    busy.send_message(test_query(id));
    REQUIRE(busy.receive_message());
    std::this_thread::sleep_for(100ms);
  }
  CHECK(idle.closed_by_peer(1000ms));
  auto waited = std::chrono::steady_clock::now() - start;
  CHECK(waited >= 300ms);
  busy.send_message(test_query(99));
  CHECK(busy.receive_message());
  CHECK(value_of(server.stats().tcp_closed_idle) == 1);
}

TEST_CASE("at tcp-count, a new connection takes the place of the longest idle one", "[tcp]") {
  ServerFixture server(tcp_options(2));
  TcpClient first(server.address(AF_INET));
  first.send_message(test_query(1));
  REQUIRE(first.receive_message());
  std::this_thread::sleep_for(20ms);
  TcpClient second(server.address(AF_INET));
  second.send_message(test_query(2));
  REQUIRE(second.receive_message());

  TcpClient third(server.address(AF_INET));
  third.send_message(test_query(3));
  auto response = third.receive_message();
  REQUIRE(response);
  CHECK(message_id(*response) == 3);
  CHECK(first.closed_by_peer(1000ms));
  second.send_message(test_query(4));
  CHECK(second.receive_message());
  CHECK(value_of(server.stats().tcp_evicted) == 1);
}

TEST_CASE("at tcp-count with no idle connection, a newcomer waits for one", "[tcp]") {
  ServerFixture server(tcp_options(2));
  // Both slots hold half a query: busy, not idle.
  Bytes half = frame(test_query(1));
  half.resize(5);
  TcpClient first(server.address(AF_INET));
  TcpClient second(server.address(AF_INET));
  first.write_all(half);
  second.write_all(half);
  std::this_thread::sleep_for(50ms);

  TcpClient waiting(server.address(AF_INET));  // completes in the kernel's backlog
  REQUIRE(waiting.connected());
  waiting.send_message(test_query(3));
  CHECK_FALSE(waiting.receive_message(300ms));

  // `first` completes its query: once answered it is idle, and the newcomer
  // takes its slot.
  Bytes rest = frame(test_query(1));
  first.write_all(Bytes(rest.begin() + 5, rest.end()));
  REQUIRE(first.receive_message());
  auto response = waiting.receive_message();
  REQUIRE(response);
  CHECK(message_id(*response) == 3);
  CHECK(first.closed_by_peer(1000ms));
}

TEST_CASE("with tcp-reject-overflow, a connection beyond tcp-count is closed at once", "[tcp]") {
  TcpOptions options = tcp_options(2);
  options.reject_overflow = true;
  ServerFixture server(options);
  Bytes half = frame(test_query(1));
  half.resize(5);
  TcpClient first(server.address(AF_INET));
  TcpClient second(server.address(AF_INET));
  first.write_all(half);
  second.write_all(half);
  std::this_thread::sleep_for(50ms);

  TcpClient refused(server.address(AF_INET));
  CHECK(refused.closed_by_peer(1000ms));
  CHECK(value_of(server.stats().tcp_refused) == 1);
}

TEST_CASE("a client that does not read holds up nobody else", "[tcp]") {
  ServerFixture server(tcp_options(10));
  TcpClient slow(server.address(AF_INET));
  // 300 answers of 60000 bytes (18 MB): far more than the socket buffers
  // and the connection's output buffer hold.
  constexpr uint16_t kQueries = 300;
  Bytes burst;
  for (uint16_t id = 0; id < kQueries; ++id) {
    Bytes f = frame(test_query(id, 60000));
    burst.insert(burst.end(), f.begin(), f.end());
  }
  std::thread writer([&] { slow.write_all(burst); });
  std::this_thread::sleep_for(100ms);

  // Meanwhile others are served promptly, over TCP and UDP.
  for (uint16_t id = 0; id < 20; ++id) {
    TcpClient other(server.address(AF_INET));
    other.send_message(test_query(id));
    auto response = other.receive_message(500ms);
    REQUIRE(response);
    CHECK(message_id(*response) == id);
  }
  UdpClient udp(AF_INET);
  udp.send_to(server.address(AF_INET), test_query(77));
  CHECK(udp.receive(500ms));

  // The slow reader then gets every answer, in order, none lost.
  for (uint16_t id = 0; id < kQueries; ++id) {
    auto response = slow.receive_message(5000ms);
    REQUIRE(response);
    REQUIRE(message_id(*response) == id);
    REQUIRE(response->size() == 60000);
  }
  writer.join();
}
