#!/usr/bin/env python3
"""Reads a slice of a PostgreSQL log written with log_min_duration_statement = 0 and prints the statements that were
executed (extended protocol "execute" entries and simple-protocol "statement" entries), with their bound parameters
inlined as the literals PostgreSQL logged, one statement per block ending in ';'. Only reads (select / with) are kept:
this is how bench/certificates.sh learns exactly what the server ran for one request, to time the same SQL in psql."""
import re
import sys

ENTRY = re.compile(r'^\d{4}-\d\d-\d\d ')
EXECUTE = re.compile(r'LOG:\s+duration: [\d.]+ ms\s+(?:execute [^:]*|statement): (.*)', re.S)
DETAIL = re.compile(r'DETAIL:\s+(?:Parameters|parameters): (.*)', re.S)
PARAM = re.compile(r"\$(\d+) = ('(?:[^']|'')*'|NULL)")

entries, current = [], []
for line in sys.stdin:
    if ENTRY.match(line) and current:
        entries.append(''.join(current))
        current = []
    current.append(line)
if current:
    entries.append(''.join(current))

statements = []
for i, entry in enumerate(entries):
    m = EXECUTE.search(entry)
    if not m:
        continue
    sql = m.group(1).strip()
    params = {}
    if i + 1 < len(entries):
        d = DETAIL.search(entries[i + 1])
        if d:
            params = {int(n): v for n, v in PARAM.findall(d.group(1))}
    for n in sorted(params, reverse=True):
        sql = re.sub(r'\$%d(?!\d)' % n, lambda _: params[n], sql)
    if re.match(r'(?is)^\s*(select|with)\b', sql):
        statements.append(sql)

for sql in statements:
    print(sql.rstrip(';') + ';')
