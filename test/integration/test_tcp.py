#!/usr/bin/python3
"""DNS over TCP against the real lnsd (RFC 7766): many queries on one
connection, sent back to back or cut at any byte, each answered and matched
by its ID whatever order the responses come in (§6.2.1.1 lets a server
answer out of order); a complete query is answered while the next is still
arriving; and what happens at tcp-count connections: the idle connection
that waited longest gives way (§6.2.3), busy ones are never cut, and
tcp-reject-overflow closes the newcomer instead of letting it wait.

usage: test_tcp.py path/to/lnsd"""

import random
import socket
import struct
import time
import unittest

import dns.message
import dns.rcode

from lnsd_harness import Lnsd, rrset_texts, unittest_argv

ZONE = """$TTL 3600
@       SOA     ns1 hostmaster 7 7200 3600 1209600 300
        NS      ns1
ns1     A       192.0.2.1
www     A       192.0.2.3
        AAAA    2001:db8::3
mail    A       192.0.2.4
        TXT     "v=spf1 -all"
*.wild  TXT     "wildcard"
"""

# name, type -> what the answer section holds (NXDOMAIN: empty with that rcode)
EXPECTED = {
    ("www.example.com", "A"): (dns.rcode.NOERROR, ["192.0.2.3"]),
    ("www.example.com", "AAAA"): (dns.rcode.NOERROR, ["2001:db8::3"]),
    ("mail.example.com", "TXT"): (dns.rcode.NOERROR, ['"v=spf1 -all"']),
    ("mail.example.com", "A"): (dns.rcode.NOERROR, ["192.0.2.4"]),
    ("x.wild.example.com", "TXT"): (dns.rcode.NOERROR, ['"wildcard"']),
    ("nothere.example.com", "A"): (dns.rcode.NXDOMAIN, []),
    ("example.com", "SOA"): (dns.rcode.NOERROR, ["ns1.example.com. hostmaster.example.com. 7 7200 3600 1209600 300"]),
}


def framed(message):
    wire = message.to_wire()
    return struct.pack("!H", len(wire)) + wire


def recv_exactly(sock, size, deadline):
    data = b""
    while len(data) < size:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"{len(data)} of {size} bytes before the deadline")
        sock.settimeout(left)
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise EOFError("connection closed")
        data += chunk
    return data


def read_response(sock, timeout=3.0):
    deadline = time.monotonic() + timeout
    (length,) = struct.unpack("!H", recv_exactly(sock, 2, deadline))
    return dns.message.from_wire(recv_exactly(sock, length, deadline))


def closed_by_peer(sock, timeout):
    """True when the server closes the connection within `timeout`."""
    sock.settimeout(timeout)
    try:
        return sock.recv(1) == b""
    except ConnectionResetError:
        return True
    except socket.timeout:
        return False


class Pipelining(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.lnsd = Lnsd(zones={"example.com": ZONE})
        cls.lnsd.start()

    @classmethod
    def tearDownClass(cls):
        cls.lnsd.close()

    def connect(self, family=4):
        sock = socket.socket(socket.AF_INET if family == 4 else socket.AF_INET6, socket.SOCK_STREAM)
        sock.settimeout(3)
        sock.connect((self.lnsd.address(family), self.lnsd.port))
        self.addCleanup(sock.close)
        return sock

    def queries(self, count, seed):
        rnd = random.Random(seed)
        keys = list(EXPECTED)
        out = {}
        ids = rnd.sample(range(1, 65536), count)
        for qid in ids:
            name, rdtype = rnd.choice(keys)
            q = dns.message.make_query(name, rdtype)
            q.id = qid
            out[qid] = (q, (name, rdtype))
        return out

    def check_all_answered(self, sock, sent):
        """Reads one response per query, in whatever order, and checks each."""
        pending = dict(sent)
        while pending:
            r = read_response(sock)
            self.assertIn(r.id, pending, "a response to no query in flight, or a second one")
            q, key = pending.pop(r.id)
            self.assertTrue(q.is_response(r), f"response {r.id} does not match its question")
            rcode, answer = EXPECTED[key]
            self.assertEqual(r.rcode(), rcode, key)
            self.assertEqual(sorted(rrset_texts(r)), sorted(answer), key)

    def test_queries_sent_back_to_back_are_all_answered_and_matched_by_id(self):
        for family in (4, 6):
            with self.subTest(family=family):
                sock = self.connect(family)
                sent = self.queries(40, seed=family)
                sock.sendall(b"".join(framed(q) for q, _ in sent.values()))
                self.check_all_answered(sock, sent)

    def test_queries_cut_at_arbitrary_bytes_are_reassembled(self):
        sock = self.connect()
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sent = self.queries(25, seed=3)
        stream = b"".join(framed(q) for q, _ in sent.values())
        rnd = random.Random(4)
        at = 0
        while at < len(stream):
            step = rnd.choice([1, 1, 2, 3, 7, 30])
            sock.sendall(stream[at:at + step])
            at += step
            if rnd.random() < 0.1:
                time.sleep(0.002)
        self.check_all_answered(sock, sent)

    def test_a_complete_query_is_answered_while_the_next_is_still_arriving(self):
        sock = self.connect(6)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        first, second = (dns.message.make_query("www.example.com", t) for t in ("A", "AAAA"))
        first.id, second.id = 1001, 1002
        tail = framed(second)
        sock.sendall(framed(first) + tail[:5])
        r = read_response(sock, timeout=2)
        self.assertEqual(r.id, 1001)
        self.assertEqual(rrset_texts(r), ["192.0.2.3"])
        sock.sendall(tail[5:])
        r = read_response(sock, timeout=2)
        self.assertEqual(r.id, 1002)
        self.assertEqual(rrset_texts(r), ["2001:db8::3"])


class TcpCount(unittest.TestCase):
    def start(self, *lines):
        lnsd = Lnsd(zones={"example.com": ZONE}, server_lines=["tcp-count: 2", *lines])
        self.addCleanup(lnsd.close)
        lnsd.start()
        return lnsd

    def connect(self, lnsd):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.settimeout(3)
        sock.connect(("127.0.0.1", lnsd.port))
        self.addCleanup(sock.close)
        return sock

    def ask(self, sock, qid, timeout=3.0):
        q = dns.message.make_query("www.example.com", "A")
        q.id = qid
        sock.sendall(framed(q))
        r = read_response(sock, timeout)
        self.assertEqual((r.id, rrset_texts(r)), (qid, ["192.0.2.3"]))

    def test_at_tcp_count_the_longest_idle_connection_gives_way(self):
        lnsd = self.start()
        first, second = self.connect(lnsd), self.connect(lnsd)
        self.ask(first, 1)
        self.ask(second, 2)
        third = self.connect(lnsd)
        self.ask(third, 3)
        self.assertTrue(closed_by_peer(first, 2), "the connection idle for longest stays open")
        self.ask(second, 4)
        self.ask(third, 5)

    def test_busy_connections_are_kept_and_a_newcomer_waits_for_a_free_place(self):
        lnsd = self.start()
        busy = [self.connect(lnsd) for _ in range(2)]
        for sock in busy:
            sock.sendall(b"\x00")  # half a length prefix: a query is being read
        time.sleep(0.2)
        waiting = self.connect(lnsd)
        q = dns.message.make_query("www.example.com", "A")
        q.id = 77
        waiting.sendall(framed(q))
        with self.assertRaises(TimeoutError):
            read_response(waiting, timeout=0.5)
        # UDP is not held up meanwhile.
        self.assertEqual(rrset_texts(lnsd.query("www.example.com", "A")), ["192.0.2.3"])
        busy[0].close()
        r = read_response(waiting, timeout=3)
        self.assertEqual((r.id, rrset_texts(r)), (77, ["192.0.2.3"]))
        # The other busy connection was never cut: its query completes.
        rest = framed(q)[1:]
        busy[1].sendall(rest)
        self.assertEqual(read_response(busy[1]).id, 77)

    def test_with_tcp_reject_overflow_the_newcomer_is_closed_at_once(self):
        lnsd = self.start("tcp-reject-overflow: yes")
        busy = [self.connect(lnsd) for _ in range(2)]
        for sock in busy:
            sock.sendall(b"\x00")
        time.sleep(0.2)
        newcomer = self.connect(lnsd)
        self.assertTrue(closed_by_peer(newcomer, 2), "the connection over tcp-count is left open")
        # Once a connection ends, a new one is served again (the server may
        # see the new connection before the end of the old one: retry).
        busy[0].close()
        deadline = time.monotonic() + 3
        while True:
            try:
                self.ask(self.connect(lnsd), 9)
                break
            except (ConnectionResetError, EOFError):
                self.assertLess(time.monotonic(), deadline, "no connection is served after a place came free")
                time.sleep(0.05)


if __name__ == "__main__":
    unittest.main(argv=unittest_argv())
