"""Make the network unreachable for this Python process, loopback excepted.

Put this folder on PYTHONPATH (the notebook tests do) and every Python process
started with it, Jupyter kernels included, refuses to connect anywhere but
127.0.0.0/8, ::1 and local (AF_UNIX) sockets, and cannot resolve host names
other than localhost. A notebook that tries to download something fails loudly.
"""

import ipaddress
import socket

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_getaddrinfo = socket.getaddrinfo


class NetworkBlocked(OSError):
    pass


def _allowed(address) -> bool:
    if not isinstance(address, tuple):  # AF_UNIX path
        return True
    host = address[0]
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _connect(self, address):
    if not _allowed(address):
        raise NetworkBlocked(f"network access blocked in tests: connect to {address!r}")
    return _real_connect(self, address)


def _connect_ex(self, address):
    if not _allowed(address):
        raise NetworkBlocked(f"network access blocked in tests: connect to {address!r}")
    return _real_connect_ex(self, address)


def _getaddrinfo(host, *args, **kwargs):
    if host not in (None, "localhost", "") and not _is_ip_loopback(host):
        raise NetworkBlocked(f"network access blocked in tests: resolve {host!r}")
    return _real_getaddrinfo(host, *args, **kwargs)


def _is_ip_loopback(host) -> bool:
    try:
        return ipaddress.ip_address(host if isinstance(host, str) else host.decode()).is_loopback
    except ValueError:
        return False


socket.socket.connect = _connect
socket.socket.connect_ex = _connect_ex
socket.getaddrinfo = _getaddrinfo
