"""Load test of `/api/check`: 200 concurrent clients for 20 s against `derivquiz serve` on loopback.

Starts the real server (`python -m generator serve --workers N`), warms it up, then runs closed-loop
clients that each send one check, wait for the verdict, and send the next, cycling through a mix of
right, wrong and unreadable answers. Prints requests/s, p50/p90/p99 latency and the error count, for
the target (2 workers) and, as the baseline in the same run, for 1 worker.

    python bench/service.py [--clients 200] [--seconds 20] [--workers 2]

Targets (issue 7): 0 errors, p99 < 200 ms with 2 workers.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# A class's worth of answers: right (several spellings), wrong (diagnosable slips), unreadable.
PROBLEMS = [
    ("3*x**2 + 2*x", ["3x^2+2x", "2x + 3x²", "x(3x+2)", "3x^2", "x^3+x^2", "3x^^2", "3x^2 +"]),
    (
        "(3*x**2 - 3)*cos(x**3 - 3*x)",
        [
            "3(x^2-1)cos(x^3-3x)",
            "cos(x^3-3x)",
            "-(3x^2-3)sin(x^3-3x)",
            "cos(3x^2-3)",
            "(3x^2-3)cos(x^3-3x",
            "q(x)",
        ],
    ),
    ("exp(2*x)*(2*x + 1)", ["e^(2x)(2x+1)", "2x e^(2x) + e^(2x)", "e^(2x)", "2e^(2x)", "e^2x)"]),
    ("1/x", ["1/x", "x^-1", "ln x", "1/x^2", "1//x"]),
    ("2*x*y + 1/y", ["2xy + 1/y", "2xy+y^-1", "x^2+1/y", "2xy", "2xy + 1/y)"]),
]
LINES = [
    {
        "id": f"{i}-{j}",
        "expected": expected,
        "answer": answer,
        "variables": ["x", "y"] if "y" in expected else ["x"],
    }
    for i, (expected, answers) in enumerate(PROBLEMS)
    for j, answer in enumerate(answers)
]


@dataclass(frozen=True)
class Result:
    workers: int
    requests: int
    errors: int
    seconds: float
    latencies: list[float]

    def report(self) -> str:
        ordered = sorted(self.latencies)

        def pct(p: float) -> float:
            return 1000 * ordered[min(len(ordered) - 1, int(p * len(ordered)))] if ordered else 0.0

        return (
            f"workers={self.workers}: {self.requests / self.seconds:8.1f} req/s  "
            f"p50={pct(0.50):6.1f} ms  p90={pct(0.90):6.1f} ms  p99={pct(0.99):6.1f} ms  "
            f"mean={1000 * statistics.fmean(ordered) if ordered else 0:6.1f} ms  "
            f"requests={self.requests}  errors={self.errors}"
        )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start(workers: int, port: int, log: Path) -> subprocess.Popen[bytes]:
    """Start `derivquiz serve` and wait until every worker has finished its start-up.

    /healthz answering is not enough: the first worker up would take every connection the
    clients open while the others are still loading.
    """
    paths = [str(ROOT), os.environ.get("PYTHONPATH", "")]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, paths))}
    command = [sys.executable, "-m", "generator", "serve", "--port", str(port)]
    with log.open("wb") as stderr:
        process = subprocess.Popen(
            [*command, "--workers", str(workers)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if log.read_text().count("Application startup complete") >= workers:
            return process
        if process.poll() is not None:
            raise SystemExit(log.read_text())
        time.sleep(0.2)
    process.kill()
    raise SystemExit("the server did not start")


class _Connection:
    """A minimal keep-alive HTTP/1.1 client: the load generator must cost far less than the server.

    (httpx spends more CPU per request than the server does on a cached check, and the client
    shares the machine's cores with the workers.)
    """

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post(self, path: str, body: bytes) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.reader is not None
        head = (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        )
        self.writer.write(head.encode() + body)
        status_line = await self.reader.readline()
        length = 0
        while True:
            header = await self.reader.readline()
            if header in (b"\r\n", b""):
                break
            name, _, value = header.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        payload = await self.reader.readexactly(length)
        return int(status_line.split()[1]), payload

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


BODIES = [(line["id"], json.dumps(line).encode()) for line in LINES]


async def _client(
    port: int, offset: int, stop: float, latencies: list[float], errors: list[int]
) -> None:
    connection = _Connection(port)
    index = offset
    while time.monotonic() < stop:
        line_id, body = BODIES[index % len(BODIES)]
        index += 1
        started = time.perf_counter()
        try:
            status, payload = await connection.post("/api/check", body)
            ok = status == 200 and json.loads(payload)["id"] == line_id
        except (OSError, ValueError, asyncio.IncompleteReadError):
            ok = False
            await connection.close()
            connection = _Connection(port)
        latencies.append(time.perf_counter() - started)
        if not ok:
            errors.append(1)
    await connection.close()


async def _load(port: int, clients: int, seconds: float) -> tuple[int, int, float, list[float]]:
    # Warm-up (discarded): every worker sees every line, so first-call costs are not measured.
    warm_stop = time.monotonic() + 3
    await asyncio.gather(*(_client(port, i, warm_stop, [], []) for i in range(len(BODIES))))
    latencies: list[float] = []
    errors: list[int] = []
    started = time.monotonic()
    stop = started + seconds
    await asyncio.gather(*(_client(port, i, stop, latencies, errors) for i in range(clients)))
    return len(latencies), len(errors), time.monotonic() - started, latencies


def run(workers: int, clients: int, seconds: float) -> Result:
    port = _free_port()
    with tempfile.TemporaryDirectory() as folder:
        process = _start(workers, port, Path(folder) / "serve.log")
        try:
            requests, errors, elapsed, latencies = asyncio.run(_load(port, clients, seconds))
        finally:
            process.terminate()
            process.wait(timeout=30)
    return Result(workers, requests, errors, elapsed, latencies)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    print(
        f"{args.clients} concurrent clients, {args.seconds:g} s each, {len(LINES)} distinct lines"
    )
    baseline = run(1, args.clients, args.seconds)
    print("baseline  " + baseline.report())
    target = run(args.workers, args.clients, args.seconds)
    print("target    " + target.report())
    p99 = sorted(target.latencies)[int(0.99 * len(target.latencies))] * 1000
    speedup = (target.requests / target.seconds) / (baseline.requests / baseline.seconds)
    print(f"speed-up over 1 worker: {speedup:.2f}x")
    verdict = "MET" if target.errors == 0 and p99 < 200 else "NOT MET"
    print(f"target 0 errors and p99 < 200 ms with {args.workers} workers: {verdict}")


if __name__ == "__main__":
    main()
