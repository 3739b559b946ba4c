// A server's command channel (daemon/server.hh): switching zone generations
// between two events, and stopping.
#include <catch2/catch.hpp>

#include <thread>

#include "net_client.hh"
#include "server_fixture.hh"
#include "test_answerer.hh"

using namespace lnsd;
using namespace lnsd::test;

namespace {

// Waits (bounded) until the server reports `generation` in its slot.
bool serving(const ServerFixture& server, uint64_t generation) {
  for (int i = 0; i < 400; ++i) {
    if (server.slot().serving_generation.load() == generation) return true;
    std::this_thread::sleep_for(5ms);
  }
  return false;
}

}  // namespace

TEST_CASE("a published generation answers every later query", "[server][reload]") {
  ServerFixture server;
  UdpClient udp(AF_INET);
  TcpClient tcp(server.address(AF_INET));
  udp.send_to(server.address(AF_INET), test_query(1));
  auto before = udp.receive();
  REQUIRE(before);
  CHECK(response_generation(*before) == 1);
  CHECK(server.slot().serving_generation.load() == 1);

  server.send(ChannelCommand::Publish, 2);
  REQUIRE(serving(server, 2));
  udp.send_to(server.address(AF_INET), test_query(2));
  auto after = udp.receive();
  REQUIRE(after);
  CHECK(response_generation(*after) == 2);
  // A connection opened before the switch is answered from the new data too.
  tcp.send_message(test_query(3));
  auto over_tcp = tcp.receive_message();
  REQUIRE(over_tcp);
  CHECK(response_generation(*over_tcp) == 2);
  CHECK(value_of(server.stats().reloads) == 1);
}

TEST_CASE("a generation that fails to open leaves the old one serving", "[server][reload]") {
  ServerFixture server;
  server.answerer.refused = {2};
  server.send(ChannelCommand::Publish, 2);
  server.send(ChannelCommand::Publish, 3);
  REQUIRE(serving(server, 3));  // commands are handled in order: 2 failed before 3
  UdpClient udp(AF_INET6);
  udp.send_to(server.address(AF_INET6), test_query(1));
  auto response = udp.receive();
  REQUIRE(response);
  CHECK(response_generation(*response) == 3);
  CHECK(value_of(server.stats().reloads) == 1);
}

TEST_CASE("no query is lost while generations switch under load", "[server][reload]") {
  ServerFixture server;
  UdpClient udp(AF_INET);
  constexpr uint16_t kQueries = 2000;
  uint64_t last_generation = 0;
  size_t answered = 0;
  bool monotonic = true;
  for (uint16_t id = 0; id < kQueries; ++id) {
    if (id % 200 == 100) server.send(ChannelCommand::Publish, 2 + id / 200);
    udp.send_to(server.address(AF_INET), test_query(id));
    if (id % 16 == 15) {
      // Keep at most 16 in flight, well under the socket buffer.
      while (answered <= id) {
        auto response = udp.receive();
        if (!response) break;
        uint64_t g = response_generation(*response);
        monotonic = monotonic && g >= last_generation;
        last_generation = g;
        ++answered;
      }
    }
  }
  CHECK(answered == kQueries);
  CHECK(monotonic);
  CHECK(last_generation == 11);
}

TEST_CASE("a server stops when main's end of the channel closes", "[server]") {
  ServerFixture server;
  server.close_channel();
  CHECK(server.stopped_within(2000ms));
}
