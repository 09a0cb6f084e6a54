import http.server
import socket

from flask import Flask

app = Flask(__name__)


def listen(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    # ruleid: bind-all-interfaces
    s.bind(("0.0.0.0", port))
    return s


def serve():
    # ruleid: bind-all-interfaces
    httpd = http.server.HTTPServer(("", 8000), http.server.SimpleHTTPRequestHandler)
    httpd.serve_forever()


def main():
    # ruleid: bind-all-interfaces
    app.run(host="0.0.0.0", port=5000)


def listen_local(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    # ok: bind-all-interfaces
    s.bind(("127.0.0.1", port))
    return s


def main_local():
    # ok: bind-all-interfaces
    app.run(host="127.0.0.1", port=5000)


def describe():
    # ok: bind-all-interfaces
    print("use 0.0.0.0 only behind a firewall")
