#!/usr/bin/env python3
"""Two dataplanes holding mutual TLS with Python's ssl module (OpenSSL's path building, not Java's).

Used by io.meshtrust.it.CaRotationHandshakeIT. Usage:

    mtls_pair.py SERVER_DIR SERVER_URI CLIENT_DIR CLIENT_URI PAUSE_MS

SERVER_DIR and CLIENT_DIR are `dp certificate` directories (cert.pem, key.pem, ca.pem behind the ..data link). Every
PAUSE_MS a new connection: each side builds its context from its own files, read again for that handshake (one
resolved ..data version, so the three files belong together), trusts the roots in its ca.pem, requires the peer's
certificate, checks the peer's SPIFFE URI, and the client sends "ping" and reads "pong". X509_STRICT is on, so a
certificate OpenSSL finds malformed (a missing key identifier, say) fails the handshake. One line per result on stdout:

    ok
    fail client <reason>
    fail server <reason>

Runs until its standard input is closed.
"""
import os
import socket
import ssl
import sys
import threading
import time


def context(directory, server_side):
    last = None
    for _ in range(10):
        version = os.path.realpath(os.path.join(directory, "..data"))
        try:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER if server_side else ssl.PROTOCOL_TLS_CLIENT)
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_REQUIRED
            ctx.verify_flags |= ssl.VERIFY_X509_STRICT
            ctx.load_cert_chain(os.path.join(version, "cert.pem"), os.path.join(version, "key.pem"))
            ctx.load_verify_locations(cafile=os.path.join(version, "ca.pem"))
            return ctx
        except (OSError, ssl.SSLError) as e:  # a version pruned while read: resolve ..data again
            last = e
            time.sleep(0.05)
    raise last


def uris(cert):
    return [v for k, v in cert.get("subjectAltName", ()) if k == "URI"]


def report(line):
    sys.stdout.write(line.replace("\n", " ") + "\n")
    sys.stdout.flush()


def serve(listener, server_dir, client_uri, stop):
    while not stop.is_set():
        try:
            raw, _ = listener.accept()
        except socket.timeout:
            continue
        except OSError:
            return
        raw.settimeout(20)
        try:
            with context(server_dir, True).wrap_socket(raw, server_side=True) as tls:
                peer = uris(tls.getpeercert())
                if client_uri not in peer:
                    raise ValueError("client presented %s, expected %s" % (peer, client_uri))
                data = b""
                while len(data) < 4:
                    chunk = tls.recv(4 - len(data))
                    if not chunk:
                        raise ValueError("client closed before ping")
                    data += chunk
                tls.sendall(b"pong")
        except Exception as e:  # noqa: BLE001 - every failure is a result
            report("fail server %s: %s" % (type(e).__name__, e))
        finally:
            raw.close()


def main():
    server_dir, server_uri, client_dir, client_uri, pause_ms = sys.argv[1:6]
    pause = int(pause_ms) / 1000.0
    stop = threading.Event()
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    server = threading.Thread(target=serve, args=(listener, server_dir, client_uri, stop), daemon=True)
    server.start()
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    report("ready %d" % port)
    while not stop.is_set():
        try:
            ctx = context(client_dir, False)
            with socket.create_connection(("127.0.0.1", port), timeout=20) as raw:
                with ctx.wrap_socket(raw) as tls:
                    peer = uris(tls.getpeercert())
                    if server_uri not in peer:
                        raise ValueError("server presented %s, expected %s" % (peer, server_uri))
                    tls.sendall(b"ping")
                    data = b""
                    while len(data) < 4:
                        chunk = tls.recv(4 - len(data))
                        if not chunk:
                            raise ValueError("server closed before pong")
                        data += chunk
                    if data != b"pong":
                        raise ValueError("server answered %r" % data)
            report("ok")
        except Exception as e:  # noqa: BLE001 - every failure is a result
            report("fail client %s: %s" % (type(e).__name__, e))
        stop.wait(pause)
    listener.close()


if __name__ == "__main__":
    main()
