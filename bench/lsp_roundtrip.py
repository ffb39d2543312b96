#!/usr/bin/env python3
"""Round-trip time of one LSP didChange -> publishDiagnostics on a ~2 KB draft.

Usage (after `cargo build --release`):

    python3 bench/lsp_roundtrip.py [target/release/replylint] [--iterations N]

It starts `replylint lsp`, opens a 2 KB reply, then sends N full-text
didChange notifications one at a time, timing each until the matching
publishDiagnostics (same version) arrives. It runs twice: with the default
150 ms debounce (what a user sees after the last keystroke) and with
debounceMs=0 (the server's own cost: JSON, linting, UTF-16 conversion).
Prints min / median / p95 in milliseconds. Timings are never asserted in
tests; this script is for the record.
"""

import json
import statistics
import subprocess
import sys
import time

PARAGRAPH = (
    "Hi Zoë 👋,\n\n"
    "Thanks for getting in touch about order #48213, and I'm sorry the blender "
    "arrived with a cracked jug. René from our warehouse team checked the batch "
    "this morning. We can't refund this order because it was opened, but we can "
    "send a replacement jug today by express post. We'll get back to you soon "
    "with the tracking number. As I already explained, the system did it "
    "automatically. Please calm down, it's not a big deal!!\n\n"
)


def draft(i):
    text = ""
    while len(text.encode()) < 2048:
        text += PARAGRAPH
    return text[:2048 - 40] + f"\n\nBest regards,\nSam (revision {i})\n"


def frame(msg):
    body = json.dumps(msg).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def read_msg(stdout):
    length = None
    while True:
        line = stdout.readline()
        if not line:
            raise EOFError("server closed stdout")
        line = line.strip()
        if not line:
            break
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    return json.loads(stdout.read(length))


def measure(binary, debounce_ms, iterations):
    proc = subprocess.Popen([binary, "lsp"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

    def send(msg):
        proc.stdin.write(frame(msg))
        proc.stdin.flush()

    def wait(pred):
        while True:
            msg = read_msg(proc.stdout)
            if pred(msg):
                return msg

    uri = "file:///tmp/bench/reply.txt"
    options = {} if debounce_ms is None else {"debounceMs": debounce_ms}
    send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
          "params": {"capabilities": {}, "initializationOptions": options}})
    wait(lambda m: m.get("id") == 1)
    send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
          "params": {"textDocument": {"uri": uri, "languageId": "plaintext",
                                      "version": 1, "text": draft(1)}}})
    is_version = lambda v: lambda m: (m.get("method") == "textDocument/publishDiagnostics"
                                      and m["params"].get("version") == v)
    first = wait(is_version(1))
    findings = len(first["params"]["diagnostics"])
    times = []
    for i in range(2, iterations + 2):
        text = draft(i)
        start = time.perf_counter()
        send({"jsonrpc": "2.0", "method": "textDocument/didChange",
              "params": {"textDocument": {"uri": uri, "version": i},
                         "contentChanges": [{"text": text}]}})
        wait(is_version(i))
        times.append((time.perf_counter() - start) * 1000)
    send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    wait(lambda m: m.get("id") == 2)
    send({"jsonrpc": "2.0", "method": "exit"})
    proc.wait(timeout=10)
    times.sort()
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    label = "default debounce (150 ms)" if debounce_ms is None else f"debounceMs={debounce_ms}"
    print(f"{label:>28}: {len(text.encode())} bytes, {findings} diagnostics, "
          f"n={len(times)}: min {times[0]:.2f} ms, median {statistics.median(times):.2f} ms, "
          f"p95 {p95:.2f} ms")


def main():
    args = sys.argv[1:]
    iterations = 50
    if "--iterations" in args:
        i = args.index("--iterations")
        iterations = int(args[i + 1])
        del args[i:i + 2]
    binary = args[0] if args else "target/release/replylint"
    measure(binary, None, iterations)
    measure(binary, 0, iterations * 4)


if __name__ == "__main__":
    main()
