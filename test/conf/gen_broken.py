# Writes test/conf/broken/*.conf from the cases below. A case line ending in
# "  <<< message" is where an error is expected; the marker is removed and an
# "# expect: LINE: message" header is written at the top of the file.
import os
cases = {}
def case(name, text):
    cases[name] = text

case('unknown_option', '''server:
	port: 53
	foo: 1  <<< unknown option 'foo' in server: clause
''')
case('unknown_clause', '''servers:  <<< option 'servers' outside of a clause
	port: 53  <<< option 'port' outside of a clause
''')
case('option_wrong_clause', '''zone:
	name: example.com
	zonefile: example.com.zone
	port: 53  <<< option 'port' belongs in server: or verify:, not in zone:
''')
case('clause_with_value', '''zone: example.com  <<< 'zone:' takes no value, found 'example.com'
	name: example.com
	zonefile: example.com.zone
''')
case('bad_boolean', '''server:
	do-ip4: maybe  <<< do-ip4: expected <yes or no>, not 'maybe'
	hide-version: Yes  <<< hide-version: expected <yes or no>, not 'Yes'
''')
case('bad_numbers', '''server:
	tcp-count: 0  <<< tcp-count: expected <number from 1 to 2147483647>, not '0'
	server-count: -1  <<< server-count: expected <number from 1 to 65535>, not '-1'
	port: 70000  <<< port: expected <number from 1 to 65535>, not '70000'
	ipv4-edns-size: 100  <<< ipv4-edns-size: expected <number from 512 to 65535>, not '100'
	rrl-ipv6-prefix-length: 65  <<< rrl-ipv6-prefix-length: expected <number from 0 to 64>, not '65'
	verbosity: 1x  <<< verbosity: expected <number from 0 to 2147483647>, not '1x'
''')
case('value_count', '''server:
	port: 53 54  <<< port: expected <number from 1 to 65535>, not '53 54'
	identity:  <<< identity: expected <string of at most 255 characters>, got no value
remote-control:
	control-enable: yes
''')
case('missing_value_at_end', '''server:
	pidfile:  <<< pidfile: expected <filename>, got no value
''')
case('undefined_key', '''pattern:
	name: p
	provide-xfr: 192.0.2.1 nokey  <<< key 'nokey' is not defined by a key: clause
zone:
	name: example.com
	zonefile: example.com.zone
	include-pattern: p
	notify: 192.0.2.2 missing.key.  <<< key 'missing.key.' is not defined by a key: clause
''')
case('undefined_pattern', '''zone:
	name: example.com
	zonefile: example.com.zone
	include-pattern: nonesuch  <<< include-pattern: pattern 'nonesuch' is not defined
''')
case('pattern_loop', '''pattern:
	name: a
	include-pattern: b
pattern:
	name: b
	include-pattern: c
pattern:
	name: c
	include-pattern: a  <<< include-pattern: pattern loop a -> b -> c -> a
''')
case('pattern_includes_itself', '''pattern:
	name: self
	zonefile: "%s.zone"
	include-pattern: self  <<< include-pattern: pattern loop self -> self
''')
case('zone_twice', '''zone:
	name: example.com
	zonefile: a.zone
zone:
	name: "EXAMPLE.com."  <<< zone 'EXAMPLE.com.' is defined twice (first at
	zonefile: b.zone
''')
case('key_twice', '''key:
	name: tsig.example.
	secret: "aGVsbG8="
key:
	name: TSIG.example  <<< key 'TSIG.example' is defined twice (first at
	secret: "d29ybGQ="
''')
case('pattern_twice', '''pattern:
	name: p
pattern:
	name: p  <<< pattern 'p' is defined twice (first at
''')
case('bad_keys', '''key:
	name: k1
	algorithm: hmac-sha3  <<< algorithm: expected hmac-md5, hmac-sha1, hmac-sha224, hmac-sha256, hmac-sha384 or hmac-sha512, not 'hmac-sha3'
	secret: "aGVsbG8="
key:
	name: k2
	secret: "not base64!"  <<< secret: expected a base64 encoded secret, not 'not base64!'
key:  <<< key 'k3' has no secret
	name: k3
key:  <<< key: clause without a name
	secret: "aGVsbG8="
''')
case('zone_without_name', '''zone:  <<< zone: clause without a name
	zonefile: example.com.zone
''')
case('bad_zone_name', '''zone:
	name: "a..b"  <<< name: 'a..b' is not a valid zone name
	zonefile: x.zone
zone:
	name: 0123456789012345678901234567890123456789012345678901234567890123.example  <<< name: '0123456789012345678901234567890123456789012345678901234567890123.example' is not a valid zone name
	zonefile: x.zone
''')
case('bad_acl', '''pattern:
	name: p
	allow-notify: 192.0.2 NOKEY  <<< allow-notify: '192.0.2' is not an IPv4 or IPv6 address
	provide-xfr: 192.0.2.0/33 NOKEY  <<< provide-xfr: '/33' is not a prefix length from 0 to 32
	provide-xfr: 2001:db8::/129 NOKEY  <<< provide-xfr: '/129' is not a prefix length from 0 to 128
	allow-query: 192.0.2.0&ffff:: NOKEY  <<< allow-query: 'ffff::' is not an IPv4 address (the mask)
	allow-query: 192.0.2.9-192.0.2.1 NOKEY  <<< allow-query: the range 192.0.2.9-192.0.2.1 ends before it starts
	allow-query: 192.0.2.1@0 NOKEY  <<< allow-query: expected a port number from 1 to 65535 after '@', not '0'
	allow-query: 192.0.2.1 "a..b"  <<< allow-query: 'a..b' is not NOKEY, BLOCKED or a key name
	allow-query: 192.0.2.1  <<< allow-query: expected <ip-spec> <key-name | NOKEY | BLOCKED>, not '192.0.2.1'
''')
case('bad_targets', '''pattern:
	name: p
	notify: 192.0.2.1 BLOCKED  <<< notify: BLOCKED cannot be used with notify
	notify: 192.0.2.0/24 NOKEY  <<< notify: '192.0.2.0/24' is a range; notify needs one address
	request-xfr: 192.0.2.0/24 NOKEY  <<< request-xfr: '192.0.2.0/24' is a range; request-xfr needs one address
	request-xfr: AXFR 192.0.2.1 BLOCKED  <<< request-xfr: BLOCKED cannot be used with request-xfr
	request-xfr: 192.0.2.1 NOKEY tlsauth  <<< request-xfr: XFR-over-TLS (tls-auth name 'tlsauth') is not supported by lnsd
	outgoing-interface: 192.0.2.0/24  <<< outgoing-interface: '192.0.2.0/24' is a range; outgoing-interface needs one address
''')
case('unsupported', '''server:
	tls-service-key: "/etc/lnsd/key.pem"  <<< tls-service-key: not supported by lnsd (DNS over TLS)
	tls-service-pem: ""
	metrics-enable: yes  <<< metrics-enable: not supported by lnsd (the metrics HTTP service); only 'metrics-enable: no' is accepted
	database: "/var/lib/nsd/nsd.db"
dnstap:
	dnstap-enable: no
	dnstap-socket-path: "/run/dnstap.sock"  <<< dnstap-socket-path: not supported by lnsd (dnstap logging)
verify:
	enable: yes  <<< enable: not supported by lnsd (zone verifiers); only 'enable: no' is accepted
tls-auth:
	name: "xot"  <<< name: not supported by lnsd (XFR-over-TLS)
zone:
	name: example.com
	zonefile: example.com.zone
	verify-zone: no
	verifier: ldns-verify-zone  <<< verifier: not supported by lnsd (zone verifiers)
''')
case('unterminated_quote', '''server:
	identity: "lnsd  <<< quoted string is not closed before the end of the file
	port: 53
''')
case('missing_include', '''server:
	port: 53
include: "does-not-exist.conf"  <<< cannot open include file
''')
case('include_loop', '''server:
	port: 53
include: "include_loop.conf"  <<< include loop: 
''')
case('zone_checks', '''zone:
	name: primary.example  <<< zone 'primary.example' is a primary zone (no request-xfr) without a zonefile
zone:
	name: secondary.example  <<< zone 'secondary.example' has allow-notify but no request-xfr
	zonefile: secondary.zone
	allow-notify: 192.0.2.1 NOKEY
''')
case('chroot', '''server:
	chroot: "/var/lnsd"
	zonesdir: "/etc/lnsd"  <<< zonesdir '/etc/lnsd' must be an absolute path inside the chroot '/var/lnsd'
	pidfile: "/run/lnsd.pid"  <<< pidfile '/run/lnsd.pid' is outside the chroot '/var/lnsd'
	xfrdfile: "/var/lnsd/xfrd.state"
	zonelistfile: "zone.list"
	xfrdir: "/tmp"  <<< xfrdir '/tmp' is outside the chroot '/var/lnsd'
''')
case('bad_zone_values', '''pattern:
	name: p
	rrl-whitelist: everything  <<< rrl-whitelist: expected <nxdomain | error | referral | any | rrsig | wildcard | nodata | dnskey | positive | all>, not 'everything'
	min-expire-time: refresh+retry  <<< min-expire-time: expected <seconds> or refresh+retry+1, not 'refresh+retry'
	notify-retry: 256  <<< notify-retry: expected <number from 0 to 255>, not '256'
	store-ixfr: on  <<< store-ixfr: expected <yes or no>, not 'on'
	size-limit-xfr: 10k  <<< size-limit-xfr: expected <number>, not '10k'
''')
case('bad_server_strings', '''server:
	nsid: "abc"  <<< nsid: expected <hex string> or ascii_<text>, not 'abc' (an even number of hex digits)
	cookie-secret: "0011"  <<< cookie-secret: expected <32 hex digits>, not '0011'
	identity: "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901"  <<< identity: longer than 255 characters (262)
	ip-address: 192.0.2  <<< ip-address: '192.0.2' is not an IP address or an interface name
	ip-address: 192.0.2.1 servers=x  <<< ip-address: servers= expects server numbers or ranges like "1 3-4", not 'x'
	ip-address: 192.0.2.1 reuse=yes  <<< ip-address: unexpected 'reuse=yes' after the address
''')
case('bad_pattern_names', '''pattern:
	name: "two words"  <<< name: a pattern name cannot be empty or contain spaces
pattern:
	name: _implicit_x  <<< name: pattern names starting with _implicit_ are reserved
''')
case('many_errors', '''# All errors of a file are reported, not only the first.
server:
	port: x  <<< port: expected
	bogus: 1  <<< unknown option 'bogus'
key:
	name: k
	secret: "!!"  <<< secret: expected a base64 encoded secret
zone:
	name: example.com
	include-pattern: none  <<< include-pattern: pattern 'none' is not defined
	zonefile: z
zone:
	name: example.com  <<< zone 'example.com' is defined twice
	zonefile: z
''')

for name, text in cases.items():
    lines = text.split('\n')
    if lines and lines[-1] == '':
        lines.pop()
    expects = []
    body = []
    for l in lines:
        if '  <<< ' in l:
            l, msg = l.split('  <<< ', 1)
            expects.append((len(body), msg))
        body.append(l)
    header = ['# expect: %d: %s' % (i + 1 + len(expects), m) for i, m in expects]
    with open(name + '.conf', 'w') as f:
        f.write('\n'.join(header + body) + '\n')
