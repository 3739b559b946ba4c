"""The real lnsd, started by an integration test: a directory of its own
with lnsd.conf, zone files, the database directory and the log; 127.0.0.1
and ::1 on a free port; readiness awaited as systemd awaits it (through
NOTIFY_SOCKET); its children found in /proc.

Every test bounds its waits: nothing here blocks for more than the timeout
it is given."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

import dns.exception
import dns.flags
import dns.message
import dns.query
import dns.rcode
import dns.rdatatype

DEFAULT_TIMEOUT = 10.0


def lnsd_path():
    """The lnsd under test: the first argument, or $LNSD."""
    path = sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else os.environ.get("LNSD")
    if not path:
        raise SystemExit("usage: test.py path/to/lnsd [unittest options]")
    return os.path.abspath(path)


def source_root():
    return os.environ.get("LNSD_SOURCE_ROOT") or os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))


def unittest_argv():
    """sys.argv without the lnsd path, for unittest.main()."""
    if len(sys.argv) > 1 and not sys.argv[1].startswith("-"):
        return [sys.argv[0]] + sys.argv[2:]
    return sys.argv


def free_port():
    """A port free for UDP and TCP on both 127.0.0.1 and ::1."""
    for _ in range(100):
        probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        held = [probe]
        try:
            for family, host in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")):
                for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
                    if family == socket.AF_INET and kind == socket.SOCK_STREAM:
                        continue
                    s = socket.socket(family, kind)
                    held.append(s)
                    s.bind((host, port))
            return port
        except OSError:
            continue
        finally:
            for s in held:
                s.close()
    raise RuntimeError("no free port")


def proc_children(pid):
    """(pid, comm) of the processes whose parent is `pid`."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        # comm is in parentheses and may hold spaces: fields follow the last ')'.
        comm = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        if fields[0] != "Z" and int(fields[1]) == pid:
            found.append((int(entry), comm))
    return found


class Lnsd:
    """One lnsd: Lnsd(zones={"example.com": text}).start(), then queries."""

    def __init__(self, zones=None, server_lines=(), zone_lines=None, server_count=1, verbosity=2,
                 prefix="lnsd-it-"):
        self.lnsd = lnsd_path()
        self.dir = tempfile.mkdtemp(prefix=prefix)
        self.zonesdir = os.path.join(self.dir, "zones")
        os.mkdir(self.zonesdir)
        self.port = free_port()
        self.proc = None
        self.notify = None
        zones = zones or {}
        zone_lines = zone_lines or {}
        for name, text in zones.items():
            if text is not None:
                self.write_zone(name, text)
        conf = [
            "server:",
            "  ip-address: 127.0.0.1",
            "  ip-address: ::1",
            f"  port: {self.port}",
            '  username: ""',
            f'  zonesdir: "{self.zonesdir}"',
            f'  xfrdir: "{self.dir}/xfr"',
            f'  pidfile: "{self.dir}/lnsd.pid"',
            f'  logfile: "{self.dir}/lnsd.log"',
            f"  verbosity: {verbosity}",
            f"  server-count: {server_count}",
        ]
        conf += ["  " + line for line in server_lines]
        for name in list(zones) + [z for z in zone_lines if z not in zones]:
            conf += ["zone:", f"  name: {name}", f'  zonefile: "{name}.zone"']
            conf += ["  " + line for line in zone_lines.get(name, ())]
        self.conf = os.path.join(self.dir, "lnsd.conf")
        with open(self.conf, "w") as f:
            f.write("\n".join(conf) + "\n")

    # Files.
    def zone_path(self, name):
        return os.path.join(self.zonesdir, name + ".zone")

    def write_zone(self, name, text):
        with open(self.zone_path(name), "w") as f:
            f.write(text)

    @property
    def database_dir(self):
        return os.path.join(self.dir, "xfr", "lnsd-db")

    def log(self):
        try:
            with open(os.path.join(self.dir, "lnsd.log"), errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def wait_log(self, text, timeout=DEFAULT_TIMEOUT, count=1):
        """Waits until `text` shows `count` times in the log; False on timeout."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.log().count(text) >= count:
                return True
            time.sleep(0.01)
        return False

    # The process.
    def start(self, timeout=DEFAULT_TIMEOUT, extra_flags=()):
        """Starts lnsd -d and waits for READY=1; returns the seconds it took."""
        notify_path = os.path.join(self.dir, "notify")
        if self.notify is None:
            self.notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            self.notify.bind(notify_path)
        env = dict(os.environ, NOTIFY_SOCKET=notify_path)
        started = time.monotonic()
        self.output = open(os.path.join(self.dir, "output"), "ab")
        self.proc = subprocess.Popen([self.lnsd, "-d", "-c", self.conf, *extra_flags], env=env,
                                     stdout=self.output, stderr=subprocess.STDOUT)
        if not self.wait_notification("READY=1", timeout):
            raise AssertionError(f"lnsd did not report readiness within {timeout} s\n{self.log()}")
        return time.monotonic() - started

    def wait_notification(self, text, timeout=DEFAULT_TIMEOUT):
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or (self.proc is not None and self.proc.poll() is not None):
                return False
            self.notify.settimeout(min(left, 0.1))
            try:
                if text in self.notify.recv(4096).decode(errors="replace"):
                    return True
            except socket.timeout:
                pass

    def stop(self, timeout=5.0):
        """SIGTERM; returns lnsd's exit status (SIGKILL after `timeout`)."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        status = self.proc.returncode
        self.proc = None
        self.output.close()
        self.check_sanitizers()
        return status

    def check_sanitizers(self):
        """Fails on any report of AddressSanitizer, LeakSanitizer or
        UndefinedBehaviorSanitizer from any of lnsd's processes (they all
        write to the output lnsd was started with)."""
        with open(os.path.join(self.dir, "output"), errors="replace") as f:
            output = f.read()
        for marker in ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:"):
            if marker in output:
                raise AssertionError(f"sanitizer report from lnsd:\n{output[-6000:]}")

    def close(self):
        self.stop()
        if self.notify is not None:
            self.notify.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def children(self):
        return proc_children(self.proc.pid)

    def server_pids(self):
        return sorted(pid for pid, comm in self.children() if comm.startswith("lnsd-server-"))

    def reload(self, timeout=DEFAULT_TIMEOUT):
        """SIGHUP; waits for main to finish the reload (READY=1 again)."""
        self.proc.send_signal(signal.SIGHUP)
        if not self.wait_notification("READY=1", timeout):
            raise AssertionError(f"reload did not finish within {timeout} s\n{self.log()}")

    # Queries.
    def address(self, family=4):
        return "127.0.0.1" if family == 4 else "::1"

    def query(self, name, rdtype="A", tcp=False, family=4, timeout=2.0):
        q = dns.message.make_query(name, rdtype, use_edns=0)
        q.flags &= ~dns.flags.RD
        if tcp:
            return dns.query.tcp(q, self.address(family), port=self.port, timeout=timeout)
        return dns.query.udp(q, self.address(family), port=self.port, timeout=timeout)

    def wait_answering(self, name, rdtype="SOA", timeout=DEFAULT_TIMEOUT):
        """Queries until an answer with NOERROR comes; the seconds it took."""
        started = time.monotonic()
        deadline = started + timeout
        while time.monotonic() < deadline:
            try:
                r = self.query(name, rdtype, timeout=0.2)
                if r.rcode() == dns.rcode.NOERROR and r.answer:
                    return time.monotonic() - started
            except (dns.exception.Timeout, OSError):
                pass
        raise AssertionError(f"no answer for {name} {rdtype} within {timeout} s\n{self.log()}")


def rrset_texts(response, section="answer", rdtype=None):
    """The rdata of a section as text, in order."""
    out = []
    for rrset in getattr(response, section):
        if rdtype is None or rrset.rdtype == dns.rdatatype.from_text(rdtype):
            out += [rd.to_text() for rd in rrset]
    return out
