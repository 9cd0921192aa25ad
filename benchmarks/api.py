"""API throughput and latency (issue 14): POST of single observations, OGC items queries.

1. Sustained ``POST /api/v1/observations`` of single observations (each validated, stored with
   its ledger leaf and committed before the 201) against a real ``truce serve`` on SQLite,
   load from a second process on loopback: Debian's ``wrk`` (installed by ``.ci/run``; a
   few microseconds of CPU per request, so that the load is not what is measured), keep-alive
   connections, each request a fresh id. Requests/s with p50/p99, and the ratio to a bare
   FastAPI endpoint on the same uvicorn, measured in the same run, that inserts the same row
   into an identical SQLite table (same WAL and ``synchronous=FULL`` commit) without
   validation or ledger. Goal: ratio >= 0.5. With ``--pg-url`` (default
   ``TRUCE_TEST_DATABASE_URL``): the same load on PostgreSQL with 2 workers. Goal: >= 1,500
   requests/s with p99 <= 50 ms; also printed as a ratio to the bare endpoint. The servers
   are loaded in turn, ``--rounds`` times, so that all see the same machine, each after
   ``--warmup`` unmeasured seconds (connection pools filled, statements prepared). Each line also
   gives the CPU that a request cost the server's processes, the database's backends
   (PostgreSQL) and the load generator, which stays meaningful on a busy machine.
   Without wrk the Python raw-socket client is used and a warning says so (``--loader wrk``
   fails instead).
2. ``GET /ogc/collections/incidents/items`` with a bbox and a week's ``datetime`` over
   ``--ogc-n`` (1,000,000) stored observations, fused; p95 (and p50). Goal: <= 50 ms. The
   store is built once in ``benchmarks/.cache/`` and reused.

Usage: ``python benchmarks/api.py [--seconds 10] [--rounds 4] [--connections 16] [--pg-url URL]
[--warmup 2] [--loader auto|wrk|python] [--ogc-n 1000000] [--skip-post] [--skip-ogc]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import resource
import shutil
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


# --- load generators (each runs in its own process) ----------------------------------------
#
# wrk (Debian's ``wrk``, installed by ``.ci/run``): C and epoll, a few microseconds of CPU per
# request, so that the server, not the load, is what is measured. Its Lua script gives each
# request a fresh id and writes the latency histogram as JSON, so that rounds merge exactly.
# Without wrk the benchmark falls back to the raw-socket asyncio client below and says so
# (``--loader wrk`` refuses to): that one costs ~0.2 ms of CPU per request on this machine's
# cores, on the cores the server runs on.

WRK_SCRIPT = r"""
local n = 0
function setup(thread)
  n = n + 1
  thread:set("tid", n)
end
local counter, prefix, tail, hdrs, path, method = 0
function init(args)
  method, path, prefix, tail = args[1], args[2], string.format("%s%02x", args[3], tid), args[4]
  hdrs = {}
  if args[5] ~= "-" then hdrs["Authorization"] = "Bearer " .. args[5] end
  if method == "POST" then hdrs["Content-Type"] = "application/json" end
end
function request()
  if method ~= "POST" then return wrk.format(method, path, hdrs) end
  counter = counter + 1
  local body = string.format('{"id":"%s-0000-4000-8000-%012x",%s', prefix, counter, tail)
  return wrk.format(method, path, hdrs, body)
end
function done(summary, latency, requests)
  local e = summary.errors
  local hist = {}
  for i = 1, #latency do
    local us, k = latency(i)
    hist[i] = string.format("[%d,%d]", us, k)
  end
  io.write(string.format('\n{"requests":%d,"duration_us":%d,"errors":%d,"hist":[%s]}\n',
    summary.requests, summary.duration,
    e.connect + e.read + e.write + e.status + e.timeout, table.concat(hist, ",")))
end
"""


def _body_tail() -> str:
    """The JSON of :data:`TEMPLATE` after ``{"id":"…",`` (the load puts a fresh id first)."""
    return json.dumps(TEMPLATE, separators=(",", ":"))[1:]


def _wrk(
    url: str, path: str, token: str, seconds: float, conns: int, get: bool, script: Path
) -> dict[str, Any]:
    prefix = uuid.uuid4().hex[:6]
    method = "GET" if get else "POST"
    # wrk reads whole seconds only ("2.5s" is a usage error); its own clock gives the rate.
    duration = f"{max(1, math.ceil(seconds))}s"
    args = ["wrk", "-t", "1", "-c", str(conns), "-d", duration, "--timeout", "10s"]
    args += ["-s", str(script), url, "--", method, path, prefix, _body_tail(), token]
    run = subprocess.run(args, capture_output=True, text=True, check=False)
    if run.returncode != 0:
        said = run.stderr.strip() or run.stdout.strip()
        raise SystemExit(f"wrk failed (exit {run.returncode}): {said}")
    out = json.loads(run.stdout.strip().splitlines()[-1])
    return {
        "seconds": out["duration_us"] / 1e6,
        "hist": {int(us): int(k) for us, k in out["hist"]},
        "errors": int(out["errors"]),
    }


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
    hist: dict[int, int] = {}
    for x in lat:
        us = int(x * 1e6)
        hist[us] = hist.get(us, 0) + 1
    return {"seconds": seconds, "hist": hist, "errors": sum(errors)}


def figures(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Requests/s, latency percentiles (ms) and CPU per request (ms) over load runs."""
    hist: dict[int, int] = {}
    for r in runs:
        for us, k in r["hist"].items():
            hist[us] = hist.get(us, 0) + k
    n, seconds = sum(hist.values()), sum(r["seconds"] for r in runs)

    def pct(p: float) -> float:
        rank, seen = p * n, 0
        for us in sorted(hist):
            seen += hist[us]
            if seen >= rank:
                return us / 1000
        return 0.0

    out = {"n": n, "rate": n / seconds, "p50": pct(0.5), "p95": pct(0.95), "p99": pct(0.99)}
    out["errors"] = sum(r["errors"] for r in runs)
    for part in ("server", "db", "load"):
        cpu = sum(r.get(f"{part}_cpu", 0.0) for r in runs)
        out[f"{part}_cpu_ms"] = cpu * 1000 / n if n else 0.0
    return out


def loader(choice: str) -> str:
    """``wrk`` when it is installed (or required), else ``python`` (said on stderr)."""
    if choice == "python" or (choice == "auto" and shutil.which("wrk") is None):
        if choice == "auto":
            print(
                "wrk not found (Debian: apt-get install wrk): the load comes from the Python "
                "client, which costs the server's cores ~0.2 ms per request and may be the limit",
                file=sys.stderr,
            )
        return "python"
    if shutil.which("wrk") is None:
        raise SystemExit("--loader wrk: wrk is not installed (Debian: apt-get install wrk)")
    return "wrk"


def _proc_cpu(pids: list[int]) -> float:
    """User + system CPU seconds of ``pids`` so far (those still running)."""
    tick, total = os.sysconf("SC_CLK_TCK"), 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants (uvicorn's workers)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


class Meter:
    """CPU seconds that a load run costs the server's processes, its database's backends
    (PostgreSQL: those of ``application_name``) and the load generator."""

    def __init__(self, server_pid: int, pg_url: str | None = None, app: str = "") -> None:
        self.server_pid, self.pg_url, self.app = server_pid, pg_url, app

    def _db_pids(self) -> list[int]:
        if self.pg_url is None:
            return []
        import psycopg

        url = self.pg_url.replace("postgresql+psycopg://", "postgresql://").split("?")[0]
        with psycopg.connect(url, autocommit=True) as conn:
            sql = "SELECT pid FROM pg_stat_activity WHERE application_name = %s"
            return [int(r[0]) for r in conn.execute(sql, (self.app,))]

    def run(self, fn: Any) -> dict[str, Any]:
        server, db = _tree(self.server_pid), self._db_pids()
        before = _proc_cpu(server), {p: _proc_cpu([p]) for p in db}
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        out = dict(fn())
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        out["load_cpu"] = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
        out["server_cpu"] = _proc_cpu(server) - before[0]
        out["db_cpu"] = sum(_proc_cpu([p]) - before[1].get(p, 0.0) for p in self._db_pids())
        return out


def load(
    url: str,
    path: str,
    token: str,
    *,
    seconds: float,
    conns: int,
    get: bool = False,
    using: str = "wrk",
    meter: Meter | None = None,
) -> dict[str, Any]:
    """Run the load from a second process (wrk or the Python client); return its figures."""

    def once() -> dict[str, Any]:
        if using == "wrk":
            with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
                script.write(WRK_SCRIPT)
                script.flush()
                return _wrk(url, path, token, seconds, conns, get, Path(script.name))
        args = [sys.executable, __file__, "--load", url, path, token, str(seconds), str(conns)]
        if get:
            args.append("get")
        run = subprocess.run(args, capture_output=True, text=True, check=True)
        out = dict(json.loads(run.stdout))
        out["hist"] = {int(k): v for k, v in out["hist"].items()}
        return out

    return meter.run(once) if meter is not None else once()


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

POST_PATH = "/api/v1/observations"


def _rounds(
    args: argparse.Namespace, targets: dict[str, tuple[str, str, str, Meter]]
) -> dict[str, dict[str, Any]]:
    """Each target (url, path, token, meter) loaded in turn, ``--rounds`` times, so that all
    see the same machine; the figures of each."""
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in targets}
    step = args.seconds / args.rounds
    for url, path, token, _ in targets.values():  # unmeasured: pools filled, statements prepared
        load(url, path, token, seconds=args.warmup, conns=args.connections, using=args.using)
    for _ in range(args.rounds):
        for name, (url, path, token, meter) in targets.items():
            got = load(
                url,
                path,
                token,
                seconds=step,
                conns=args.connections,
                using=args.using,
                meter=meter,
            )
            runs[name].append(got)
    return {name: figures(r) for name, r in runs.items()}


def _line(label: str, f: dict[str, Any]) -> str:
    return (
        f"{label}: {f['rate']:,.0f} req/s, p50 {f['p50']:.1f} ms, p99 {f['p99']:.1f} ms, "
        f"{f['errors']} errors; CPU per request: server {f['server_cpu_ms']:.2f} ms, "
        f"database {f['db_cpu_ms']:.2f} ms, load {f['load_cpu_ms']:.3f} ms"
    )


def bench_post(args: argparse.Namespace, tmp: Path, result: dict[str, str]) -> None:
    """Truce on SQLite and the bare endpoint in alternating rounds (and PostgreSQL with 2
    workers with ``--pg-url``), so that all see the same machine."""
    data = tmp / "sqlite"
    env = _env()
    token = account(data, env, "bench-sensor", "sensor")
    procs, targets = [], {}
    try:
        proc, url = serve_truce(data, env)
        procs.append(proc)
        targets["sqlite"] = (url, POST_PATH, token, Meter(proc.pid))
        bproc, burl = serve_bare(tmp / "bare.db")
        procs.append(bproc)
        targets["bare"] = (burl, "/obs", "-", Meter(bproc.pid))
        schema = None
        if args.pg_url:
            schema = f"bench_api_{os.getpid()}"
            app_name = f"truce-bench-{os.getpid()}"
            url_db = _pg_schema(args.pg_url, schema, app_name)
            penv = _env(TRUCE_DATABASE_URL=url_db)
            ptoken = account(tmp / "pg", penv, "bench-sensor", "sensor")
            pproc, purl = serve_truce(tmp / "pg", penv, workers=2)
            procs.append(pproc)
            targets["pg"] = (purl, POST_PATH, ptoken, Meter(pproc.pid, args.pg_url, app_name))
        got = _rounds(args, targets)
    finally:
        for proc in procs:
            _stop(proc)
        if args.pg_url and schema is not None:
            _pg_schema(args.pg_url, schema, drop_only=True)
    truce, bare = got["sqlite"], got["bare"]
    ratio = truce["rate"] / bare["rate"]
    print(
        f"load: {args.using}, {args.connections} connections, {args.rounds} rounds of "
        f"{args.seconds / args.rounds:g} s each per server, load average {os.getloadavg()[0]:.1f}"
    )
    print(_line("POST /api/v1/observations (SQLite, 1 worker)", truce))
    print(_line("bare FastAPI insert (SQLite, same uvicorn)", bare))
    print(f"ratio {ratio:.2f} (goal >= 0.5)")
    result |= {
        "loader": args.using,
        "post_sqlite_rps": f"{truce['rate']:.0f}",
        "post_sqlite_p50_ms": f"{truce['p50']:.1f}",
        "post_sqlite_p99_ms": f"{truce['p99']:.1f}",
        "bare_rps": f"{bare['rate']:.0f}",
        "bare_p50_ms": f"{bare['p50']:.1f}",
        "bare_p99_ms": f"{bare['p99']:.1f}",
        "ratio": f"{ratio:.2f}",
        "sqlite_cpu_ms_per_req": f"{truce['server_cpu_ms']:.2f}",
        "bare_cpu_ms_per_req": f"{bare['server_cpu_ms']:.2f}",
    }
    if "pg" not in got:
        return
    pg = got["pg"]
    print(
        _line("POST /api/v1/observations (PostgreSQL, 2 workers)", pg)
        + f" (goal >= 1,500 req/s, p99 <= 50 ms); ratio to the bare endpoint "
        f"{pg['rate'] / bare['rate']:.2f}"
    )
    result |= {
        "post_pg_rps": f"{pg['rate']:.0f}",
        "post_pg_p50_ms": f"{pg['p50']:.1f}",
        "post_pg_p99_ms": f"{pg['p99']:.1f}",
        "post_pg_goal_ratio": f"{pg['rate'] / 1500:.2f}",
        "post_pg_vs_bare": f"{pg['rate'] / bare['rate']:.2f}",
        "pg_server_cpu_ms_per_req": f"{pg['server_cpu_ms']:.2f}",
        "pg_db_cpu_ms_per_req": f"{pg['db_cpu_ms']:.2f}",
    }


def _pg_schema(pg_url: str, schema: str, app_name: str = "", *, drop_only: bool = False) -> str:
    from sqlalchemy import create_engine, text

    engine = create_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        if not drop_only:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
    engine.dispose()
    sep = "&" if "?" in pg_url else "?"
    return f"{pg_url}{sep}options=-csearch_path%3D{schema},public&application_name={app_name}"


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
    from truce.agreement.loader import demo_agreement_dir

    init = [*TRUCE, "init", "--data", str(data), "--agreement", str(demo_agreement_dir())]
    subprocess.run(init, env=env, check=True, capture_output=True)
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
        got = figures(
            [load(url, path, token, seconds=args.seconds, conns=1, get=True, using=args.using)]
        )
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
    parser.add_argument(
        "--warmup", type=float, default=2.0, help="Unmeasured seconds of load per server first."
    )
    parser.add_argument("--pg-url", default=os.environ.get("TRUCE_TEST_DATABASE_URL"))
    parser.add_argument(
        "--loader",
        choices=("auto", "wrk", "python"),
        default="auto",
        help="Load generator: wrk (default when installed) or the Python client.",
    )
    parser.add_argument("--ogc-n", type=int, default=1_000_000)
    parser.add_argument("--skip-post", action="store_true")
    parser.add_argument("--skip-ogc", action="store_true")
    args = parser.parse_args()
    args.using = loader(args.loader)
    result: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        if not args.skip_post:
            bench_post(args, Path(tmp), result)
    if not args.skip_ogc:
        bench_ogc(args, result)
    print("RESULT " + " ".join(f"{k}={v}" for k, v in result.items()))


if __name__ == "__main__":
    main()
