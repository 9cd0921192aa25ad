"""API throughput and latency (issue 14): POST of single observations, OGC items queries.

1. Sustained ``POST /api/v1/observations`` of single observations (each validated, stored with
   its ledger leaf and committed before the 201) against a real ``truce serve`` on SQLite,
   load from a second process on loopback (keep-alive connections, raw HTTP/1.1); requests/s
   with p50/p99, and the ratio to a bare FastAPI endpoint on the same uvicorn, measured in the
   same run, that inserts the same row into an identical SQLite table (same WAL and
   ``synchronous=FULL`` commit) without validation or ledger. Goal: ratio >= 0.5.
   With ``--pg-url``: the same load on PostgreSQL with 2 workers. Goal: >= 1,500 requests/s
   with p99 <= 50 ms; also printed as a ratio to the bare SQLite endpoint run in alternating
   rounds with it (what this machine gives a bare endpoint at that time).
2. ``GET /ogc/collections/incidents/items`` with a bbox and a week's ``datetime`` over
   ``--ogc-n`` (1,000,000) stored observations, fused; p95 (and p50). Goal: <= 50 ms. The
   store is built once in ``benchmarks/.cache/`` and reused.

Usage: ``python benchmarks/api.py [--seconds 10] [--connections 16] [--pg-url URL]
[--ogc-n 1000000] [--skip-post] [--skip-ogc]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CACHE = ROOT / "benchmarks" / ".cache"
TRUCE = [sys.executable, "-m", "truce"]

TEMPLATE: dict[str, Any] = {
    "source": {"type": "sensor", "id": "acoustic-07"},
    "observed": {"start": "2025-03-12T18:00:00+02:00", "end": "2025-03-12T18:00:04+02:00"},
    "position": {"lon": 38.43217, "lat": 48.71289, "accuracy_m": 10},
    "event": {
        "kind": "explosion",
        "subtype": "impact",
        "weapons": [],
        "count": {"value": 1, "qualifier": "exact"},
    },
    "direction": {"bearing_deg": [135.0], "sigma_deg": 8},
    "classification": "mission",
}


def _body() -> bytes:
    return json.dumps({"id": str(uuid.uuid4()), **TEMPLATE}, separators=(",", ":")).encode()


# --- load generator (runs in its own process) ---------------------------------------------


async def _worker(
    host: str,
    port: int,
    request: bytes | None,
    path: str,
    token: str,
    until: float,
    out: list[float],
) -> int:
    reader, writer = await asyncio.open_connection(host, port)
    errors = 0
    while time.perf_counter() < until:
        if request is None:
            body = _body()
            head = (
                f"POST {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
            )
            payload = head.encode() + body
        else:
            payload = request
        t0 = time.perf_counter()
        writer.write(payload)
        status_line = await reader.readline()
        length = 0
        while True:
            line = await reader.readline()
            if line in (b"\r\n", b""):
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":", 1)[1])
        await reader.readexactly(length)
        out.append(time.perf_counter() - t0)
        if not status_line.split(b" ")[1].startswith(b"2"):
            errors += 1
    writer.close()
    return errors


async def _load(
    url: str, path: str, token: str, seconds: float, conns: int, get: bool
) -> dict[str, Any]:
    host, port = url.split("//")[1].split(":")
    request = None
    if get:
        request = (
            f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n\r\n"
        ).encode()
    until = time.perf_counter() + seconds
    lat: list[float] = []
    errors = await asyncio.gather(
        *(_worker(host, int(port), request, path, token, until, lat) for _ in range(conns))
    )
    return {"seconds": seconds, "latencies": lat, "errors": sum(errors)}


def figures(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Requests/s and latency percentiles (ms) over one or more load runs."""
    lat = sorted(x for r in runs for x in r["latencies"])
    n, seconds = len(lat), sum(r["seconds"] for r in runs)
    return {
        "n": n,
        "rate": n / seconds,
        "p50": lat[n // 2] * 1000 if n else 0.0,
        "p95": lat[int(n * 0.95)] * 1000 if n else 0.0,
        "p99": lat[int(n * 0.99)] * 1000 if n else 0.0,
        "errors": sum(r["errors"] for r in runs),
    }


def load(
    url: str, path: str, token: str, *, seconds: float, conns: int, get: bool = False
) -> dict[str, Any]:
    """Run the load from a second process; return its figures."""
    args = [sys.executable, __file__, "--load", url, path, token, str(seconds), str(conns)]
    if get:
        args.append("get")
    run = subprocess.run(args, capture_output=True, text=True, check=True)
    return dict(json.loads(run.stdout))


# --- servers -------------------------------------------------------------------------------


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(url: str, proc: subprocess.Popen[bytes]) -> None:
    import httpx

    for _ in range(600):
        if proc.poll() is not None:
            raise RuntimeError(
                f"server exited: {proc.stderr.read().decode() if proc.stderr else ''}"
            )
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError("server did not start")


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRUCE_")}
    env |= {"TRUCE_RATE_LIMIT": "0", **extra}
    return env


def serve_truce(
    data: Path, env: dict[str, str], workers: int = 1
) -> tuple[subprocess.Popen[bytes], str]:
    port = _port()
    proc = subprocess.Popen(
        [*TRUCE, "serve", "--port", str(port), "--workers", str(workers), "--data", str(data)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    _wait(f"{url}/api/v1/me", proc)
    return proc, url


def account(data: Path, env: dict[str, str], name: str, role: str) -> str:
    if not data.exists():
        subprocess.run(
            [*TRUCE, "init", "--data", str(data)], env=env, check=True, capture_output=True
        )
    subprocess.run(
        [*TRUCE, "users", "add", name, "--role", role, "--data", str(data)],
        env=env,
        check=True,
        capture_output=True,
    )
    run = subprocess.run(
        [*TRUCE, "users", "token", name, "--data", str(data)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return run.stdout.strip()


def bare_app(db: str) -> Any:
    """A bare FastAPI endpoint: the same row into the same kind of table, nothing else."""
    from truce.store.engine import make_engine, migrate

    engine = make_engine(f"sqlite:///{db}")
    migrate(engine)
    engine.dispose()
    conn = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "busy_timeout=60000"):
        conn.execute(f"PRAGMA {pragma}")
    app = FastAPI()
    sql = (
        "INSERT INTO observations (id, content, source_type, source_id, kind, subtype, start_ts, "
        "end_ts, lon, lat, count_value, classification, received_ts, leaf_index) "
        "VALUES (?, ?, 'sensor', 'acoustic-07', 'explosion', 'impact', 0, 0, 38.4, 48.7, 1, "
        "'mission', ?, NULL)"
    )

    @app.post("/obs", status_code=201)
    async def obs(request: Request) -> JSONResponse:
        body = await request.body()
        ident = json.loads(body)["id"]
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(sql, (ident, body.decode(), time.time()))
        conn.execute("COMMIT")
        return JSONResponse({"status": "created", "id": ident}, status_code=201)

    return app


def serve_bare(db: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _port()
    proc = subprocess.Popen(
        [sys.executable, __file__, "--bare", str(port), str(db)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    _wait(f"{url}/docs", proc)
    return proc, url


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()


# --- the runs --------------------------------------------------------------------------------


def bench_post(args: argparse.Namespace, tmp: Path, result: dict[str, str]) -> None:
    """Truce and the bare endpoint in alternating rounds, so that both see the same machine."""
    data = tmp / "sqlite"
    env = _env()
    token = account(data, env, "bench-sensor", "sensor")
    proc, url = serve_truce(data, env)
    bproc, burl = serve_bare(tmp / "bare.db")
    runs: dict[str, list[dict[str, Any]]] = {"truce": [], "bare": []}
    step = args.seconds / args.rounds
    try:
        for _ in range(args.rounds):
            path = "/api/v1/observations"
            runs["truce"].append(load(url, path, token, seconds=step, conns=args.connections))
            runs["bare"].append(load(burl, "/obs", "-", seconds=step, conns=args.connections))
    finally:
        _stop(proc)
        _stop(bproc)
    truce, bare = figures(runs["truce"]), figures(runs["bare"])
    ratio = truce["rate"] / bare["rate"]
    print(
        f"POST /api/v1/observations (SQLite, 1 worker): {truce['rate']:,.0f} req/s, "
        f"p50 {truce['p50']:.1f} ms, p99 {truce['p99']:.1f} ms, {truce['errors']} non-2xx"
    )
    print(
        f"bare FastAPI insert (SQLite, same uvicorn): {bare['rate']:,.0f} req/s, "
        f"p50 {bare['p50']:.1f} ms, p99 {bare['p99']:.1f} ms"
    )
    print(f"ratio {ratio:.2f} (goal >= 0.5)")
    result |= {
        "post_sqlite_rps": f"{truce['rate']:.0f}",
        "post_sqlite_p50_ms": f"{truce['p50']:.1f}",
        "post_sqlite_p99_ms": f"{truce['p99']:.1f}",
        "bare_rps": f"{bare['rate']:.0f}",
        "ratio": f"{ratio:.2f}",
    }
    if args.pg_url:
        bench_post_pg(args, tmp, result)


def _pg_schema(pg_url: str, schema: str, *, drop_only: bool = False) -> str:
    from sqlalchemy import create_engine, text

    engine = create_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        if not drop_only:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
    engine.dispose()
    sep = "&" if "?" in pg_url else "?"
    return f"{pg_url}{sep}options=-csearch_path%3D{schema},public"


def bench_post_pg(args: argparse.Namespace, tmp: Path, result: dict[str, str]) -> None:
    """PostgreSQL with 2 workers, in alternating rounds with the bare SQLite endpoint again:
    the absolute goal, and the ratio to the bare endpoint on the same machine at that time."""
    schema = f"bench_api_{os.getpid()}"
    url_db = _pg_schema(args.pg_url, schema)
    env = _env(TRUCE_DATABASE_URL=url_db)
    data = tmp / "pg"
    token = account(data, env, "bench-sensor", "sensor")
    proc, url = serve_truce(data, env, workers=2)
    bproc, burl = serve_bare(tmp / "bare-pg.db")
    runs: dict[str, list[dict[str, Any]]] = {"pg": [], "bare": []}
    step = args.seconds / args.rounds
    try:
        for _ in range(args.rounds):
            path = "/api/v1/observations"
            runs["pg"].append(load(url, path, token, seconds=step, conns=args.connections))
            runs["bare"].append(load(burl, "/obs", "-", seconds=step, conns=args.connections))
    finally:
        _stop(proc)
        _stop(bproc)
        _pg_schema(args.pg_url, schema, drop_only=True)
    pg, bare = figures(runs["pg"]), figures(runs["bare"])
    print(
        f"POST /api/v1/observations (PostgreSQL, 2 workers): {pg['rate']:,.0f} req/s, "
        f"p50 {pg['p50']:.1f} ms, p99 {pg['p99']:.1f} ms, {pg['errors']} non-2xx "
        f"(goal >= 1,500 req/s, p99 <= 50 ms); bare SQLite endpoint in the same rounds "
        f"{bare['rate']:,.0f} req/s: ratio {pg['rate'] / bare['rate']:.2f}"
    )
    result |= {
        "post_pg_rps": f"{pg['rate']:.0f}",
        "post_pg_p50_ms": f"{pg['p50']:.1f}",
        "post_pg_p99_ms": f"{pg['p99']:.1f}",
        "post_pg_goal_ratio": f"{pg['rate'] / 1500:.2f}",
        "post_pg_vs_bare": f"{pg['rate'] / bare['rate']:.2f}",
    }


def _build_ogc_store(n: int) -> Path:
    """A mission with ``n`` generated observations (30 days), fused; built once."""
    data = CACHE / f"api-ogc-{n}"
    done = data / ".complete"
    if done.exists():
        return data
    from benchmarks._gen import write_jsonl

    data.mkdir(parents=True, exist_ok=True)
    src = data / "observations.jsonl"
    write_jsonl(str(src), n, seed=14)
    env = _env()
    t0 = time.perf_counter()
    subprocess.run([*TRUCE, "ingest", str(src), "--data", str(data)], env=env, check=True)
    subprocess.run([*TRUCE, "fuse", "--data", str(data)], env=env, check=True)
    src.unlink()
    print(f"built the {n:,}-observation store in {time.perf_counter() - t0:.0f} s: {data}")
    done.write_text("ok")
    return data


def bench_ogc(args: argparse.Namespace, result: dict[str, str]) -> None:
    data = _build_ogc_store(args.ogc_n)
    env = _env()
    name = f"bench-analyst-{uuid.uuid4().hex[:6]}"
    token = account(data, env, name, "analyst")
    proc, url = serve_truce(data, env)
    path = (
        "/ogc/collections/incidents/items?bbox=38.0,47.8,38.6,48.3"
        "&datetime=2025-03-08T00:00:00Z/2025-03-15T00:00:00Z&limit=100"
    )
    try:
        import httpx

        first = httpx.get(url + path, headers={"Authorization": f"Bearer {token}"}, timeout=60)
        first.raise_for_status()
        returned = first.json()["numberReturned"]
        got = figures([load(url, path, token, seconds=args.seconds, conns=1, get=True)])
    finally:
        _stop(proc)
    print(
        f"GET {path} over {args.ogc_n:,} observations: {returned} features per page, "
        f"p50 {got['p50']:.1f} ms, p95 {got['p95']:.1f} ms "
        f"(goal <= 50 ms: ratio {got['p95'] / 50:.2f})"
    )
    result |= {
        "ogc_p50_ms": f"{got['p50']:.1f}",
        "ogc_p95_ms": f"{got['p95']:.1f}",
        "ogc_features": str(returned),
    }


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--load":
        url, path, token, seconds, conns = sys.argv[2:7]
        get = len(sys.argv) > 7
        print(json.dumps(asyncio.run(_load(url, path, token, float(seconds), int(conns), get))))
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--bare":
        import uvicorn

        uvicorn.run(
            bare_app(sys.argv[3]),
            host="127.0.0.1",
            port=int(sys.argv[2]),
            log_level="warning",
            access_log=False,
        )
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--rounds", type=int, default=4, help="Alternating rounds of the POST runs."
    )
    parser.add_argument("--pg-url", default=os.environ.get("TRUCE_TEST_DATABASE_URL"))
    parser.add_argument("--ogc-n", type=int, default=1_000_000)
    parser.add_argument("--skip-post", action="store_true")
    parser.add_argument("--skip-ogc", action="store_true")
    args = parser.parse_args()
    result: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        if not args.skip_post:
            bench_post(args, Path(tmp), result)
    if not args.skip_ogc:
        bench_ogc(args, result)
    print("RESULT " + " ".join(f"{k}={v}" for k, v in result.items()))


if __name__ == "__main__":
    main()
