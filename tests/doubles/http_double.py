#!/usr/bin/env python3
"""http_double.py: the storage and AI services as the listener tests need
them, on 127.0.0.1:PORT (stopped by its PID).

    http_double.py PORT DIR

GET  /files/NAME          the bytes of DIR/NAME (404 if absent)
GET  /fail/...            500
GET  /hang/...            answers nothing for 60 s
GET  /slow/S/.../NAME     the bytes of DIR/NAME after S seconds
POST /api/v1/vision/analyze   a fixed AI answer (labels, scenes, faces...)
Every request is logged to stdout as "METHOD PATH".
"""
import http.server
import json
import os
import sys
import time

DIR = sys.argv[2]
AI_ANSWER = {
    "labels": ["beach", "sunset", "person"], "objects": ["person", "umbrella"],
    "scenes": ["beach"], "colors": ["orange", "blue"],
    "faces": {"count": 2}, "text": {"found": False}, "quality_score": 0.91,
}


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, fmt, *args):
        pass

    def reply(self, code, body, ctype="application/octet-stream"):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        print("GET", self.path, flush=True)
        if self.path.startswith("/hang/"):
            time.sleep(60)
            return
        if self.path.startswith("/slow/"):
            time.sleep(float(self.path.split("/")[2]))
        if self.path.startswith("/files/") or self.path.startswith("/slow/"):
            name = os.path.basename(self.path)
            try:
                with open(os.path.join(DIR, name), "rb") as f:
                    return self.reply(200, f.read(), "image/jpeg")
            except OSError:
                return self.reply(404, b"not found")
        self.reply(500, b"storage failure")

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        req = json.loads(self.rfile.read(n) or b"{}")
        print("POST", self.path, req.get("file_id"), flush=True)
        if self.path == "/api/v1/vision/analyze":
            return self.reply(200, json.dumps(AI_ANSWER).encode(), "application/json")
        self.reply(404, b"{}", "application/json")


http.server.ThreadingHTTPServer.daemon_threads = True
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
