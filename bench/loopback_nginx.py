# SPDX-License-Identifier: MIT
"""A package index folder served by Debian's nginx on a free 127.0.0.1 port, for the
bench/ scripts that time mlstack against pip and friends over HTTP (index, plan).

Pages are PEP 691 JSON or PEP 503 HTML by the Accept header, as PyPI serves them, with
Cache-Control max-age=600 (as PyPI sends; nginx adds no header to a 404).
"""
import os
import socket
import subprocess
import time

NGINX_CONF = """daemon off;
master_process off;
worker_processes 1;
error_log {dir}/error.log warn;
pid {dir}/nginx.pid;
events {{ worker_connections 1024; }}
http {{
  access_log {access_log};
  client_body_temp_path {dir}/body;
  proxy_temp_path {dir}/proxy;
  fastcgi_temp_path {dir}/fastcgi;
  uwsgi_temp_path {dir}/uwsgi;
  scgi_temp_path {dir}/scgi;
  types {{ application/vnd.pypi.simple.v1+json json; text/html html; text/plain metadata; }}
  default_type application/octet-stream;
  map $http_accept $page {{
    default index.html;
    "~application/vnd\\.pypi\\.simple\\.v1\\+json" index.json;
  }}
  server {{
    listen 127.0.0.1:{port};
    root {data};
    location / {{
      try_files $uri$page ${{uri}}index.html $uri =404;
      add_header Cache-Control "max-age=600";
    }}
  }}
}}
"""


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def start(workdir, data, access_log=False):
    """Serves `data`; nginx's own files go to `workdir` (the access log, when asked for, to
    workdir/access.log). Returns (process, port) once the port accepts connections."""
    port = free_port()
    conf = os.path.join(workdir, "nginx.conf")
    log = os.path.join(workdir, "access.log") if access_log else "off"
    with open(conf, "w") as f:
        f.write(NGINX_CONF.format(dir=workdir, data=data, port=port, access_log=log))
    process = subprocess.Popen(["/usr/sbin/nginx", "-q", "-p", workdir, "-e", os.path.join(workdir, "error.log"),
                                "-c", conf])
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            break
        except OSError:
            time.sleep(0.02)
    return process, port


def stop(process):
    if process:
        process.terminate()
        process.wait()
