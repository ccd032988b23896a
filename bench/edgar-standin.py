#!/usr/bin/env python3
"""A stand-in for SEC EDGAR for bench/import-bench.sh: COMPANIES synthetic companies, CIKs FIRST_CIK upwards, each
with valid submissions JSON (data.sec.gov's shape: a 10-K and three 10-Qs a year for three years, an 8-K and a Form 4
a year) and its documents (the project's fixture 10-K with the company's name), every answer after LATENCY_MS
(default 50). Each request is logged to LOG as "<epoch seconds> <path>".

Usage: edgar-standin.py PORT COMPANIES FIRST_CIK LOG FIXTURE_HTML
"""
import datetime
import json
import os
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, COMPANIES, FIRST_CIK = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
LOG_PATH, FIXTURE = sys.argv[4], open(sys.argv[5], encoding="utf-8").read()
LATENCY = float(os.environ.get("LATENCY_MS", "50")) / 1000
TODAY = datetime.date.today()
LOCK = threading.Lock()
LOG = open(LOG_PATH, "a", buffering=1)


def filings(cik):
    rows, n = [], 1
    for year in range(3):
        for days, form in [(20, "8-K"), (60, "10-K"), (100, "4"), (150, "10-Q"), (240, "10-Q"), (330, "10-Q")]:
            filed = TODAY - datetime.timedelta(days=days + 365 * year)
            accession = "%010d-%02d-%06d" % (cik, filed.year % 100, n)
            rows.append((accession, filed.isoformat(), form, "%s-%d.htm" % (re.sub("[^a-z0-9]", "", form.lower()), n)))
            n += 1
    rows.sort(key=lambda r: r[1], reverse=True)
    return rows


def submissions(cik):
    rows = filings(cik)
    col = lambda i: [r[i] for r in rows]
    return json.dumps({"cik": str(cik), "entityType": "operating", "name": "Standin %d" % cik, "tickers": [],
                       "exchanges": [], "filings": {"recent": {
                           "accessionNumber": col(0), "filingDate": col(1), "reportDate": col(1),
                           "acceptanceDateTime": [d + "T16:05:12.000Z" for d in col(1)], "act": ["34"] * len(rows),
                           "form": col(2), "fileNumber": [""] * len(rows), "filmNumber": [""] * len(rows),
                           "items": [""] * len(rows), "size": [100000] * len(rows), "isXBRL": [1] * len(rows),
                           "isInlineXBRL": [1] * len(rows), "primaryDocument": col(3),
                           "primaryDocDescription": col(2)}, "files": []}})


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        with LOCK:
            LOG.write("%.3f %s\n" % (time.time(), self.path))
        time.sleep(LATENCY)
        m = re.fullmatch(r"/submissions/CIK(\d{10})\.json", self.path)
        if m and FIRST_CIK <= int(m.group(1)) < FIRST_CIK + COMPANIES:
            return self.answer(200, "application/json", submissions(int(m.group(1))))
        m = re.fullmatch(r"/Archives/edgar/data/(\d+)/(\d{18})/([a-z0-9-]+\.htm)", self.path)
        if m and FIRST_CIK <= int(m.group(1)) < FIRST_CIK + COMPANIES:
            return self.answer(200, "text/html", FIXTURE.replace("COMPANY_NAME", "Standin " + m.group(1)))
        self.answer(404, "text/plain", "Not Found")

    def answer(self, status, content_type, body):
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
