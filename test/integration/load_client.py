"""A steady stream of UDP queries with a window of queries in flight, on
127.0.0.1 and ::1 alternately; every response is kept with the times of
its query and of its arrival, and parsed once the run is over (so that
parsing does not limit the rate). A query unanswered after `timeout` is
lost."""

import itertools
import select
import socket
import threading
import time

import dns.message


class Answer:
    __slots__ = ("key", "sent", "received", "wire", "_response")

    def __init__(self, key, sent, received, wire):
        self.key = key            # (name, type) asked
        self.sent = sent          # time.monotonic() of the query
        self.received = received  # of the response
        self.wire = wire
        self._response = None

    @property
    def response(self):
        """The response parsed (after the run: parsing is not timed)."""
        if self._response is None:
            self._response = dns.message.from_wire(self.wire)
        return self._response


class LoadClient(threading.Thread):
    def __init__(self, port, keys, rate=6000, window=48, timeout=2.0):
        super().__init__(daemon=True)
        self.port = port
        self.target_rate = rate  # queries per second at most
        self.window = window
        self.timeout = timeout
        self.templates = []
        for name, rdtype in keys:
            q = dns.message.make_query(name, rdtype)
            q.flags = 0
            self.templates.append(((name, rdtype), bytearray(q.to_wire())))
        self.answers = []
        self.lost = []       # (key, sent) of queries never answered
        self.unmatched = 0   # responses to no query in flight
        self.errors = []     # responses that do not parse
        self._halt = threading.Event()
        self.started = None
        self.finished = None

    def stop(self):
        """Ends the run (queries in flight get their timeout), then parses
        every response; those that do not parse go to `errors`."""
        self._halt.set()
        self.join(self.timeout + 5)
        if self.is_alive():
            raise RuntimeError("the load client does not stop")
        # Responses equal but for their ID are parsed once and share the
        # parsed message.
        parsed = []
        seen = {}
        for answer in self.answers:
            same = (answer.key, bytes(answer.wire[2:]))
            if same in seen:
                answer._response = seen[same]
                parsed.append(answer)
                continue
            try:
                seen[same] = answer.response
                parsed.append(answer)
            except Exception as e:  # noqa: BLE001 - any parse failure is a wrong answer
                self.errors.append((answer.key, repr(e)))
        self.answers = parsed

    def run(self):
        sockets = []
        for family, host in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")):
            s = socket.socket(family, socket.SOCK_DGRAM)
            s.setblocking(False)
            s.connect((host, self.port))
            sockets.append(s)
        in_flight = {}  # (socket index, id) -> (key, sent)
        ids = itertools.cycle(range(1, 65536))
        templates = itertools.cycle(self.templates)
        turn = itertools.cycle(range(len(sockets)))
        self.started = time.monotonic()
        sent = 0
        while not self._halt.is_set() or in_flight:
            now = time.monotonic()
            allowed = int((now - self.started) * self.target_rate)
            while not self._halt.is_set() and len(in_flight) < self.window and sent < allowed:
                key, wire = next(templates)
                index = next(turn)
                qid = next(ids)
                while (index, qid) in in_flight:
                    qid = next(ids)
                wire[0] = qid >> 8
                wire[1] = qid & 0xFF
                try:
                    sockets[index].send(wire)
                except BlockingIOError:
                    break
                in_flight[(index, qid)] = (key, now)
                sent += 1
            readable, _, _ = select.select(sockets, [], [], 0.001)
            for s in readable:
                index = sockets.index(s)
                while True:
                    try:
                        data = s.recv(65535)
                    except BlockingIOError:
                        break
                    received = time.monotonic()
                    if len(data) < 2:
                        self.unmatched += 1
                        continue
                    entry = in_flight.pop((index, data[0] << 8 | data[1]), None)
                    if entry is None:
                        self.unmatched += 1
                        continue
                    self.answers.append(Answer(entry[0], entry[1], received, data))
            now = time.monotonic()
            for slot, (key, asked) in list(in_flight.items()):
                if now - asked > self.timeout:
                    del in_flight[slot]
                    self.lost.append((key, asked))
        self.finished = time.monotonic()
        for s in sockets:
            s.close()

    def rate(self):
        """Answers per second over the run."""
        return len(self.answers) / max(1e-9, self.finished - self.started)
