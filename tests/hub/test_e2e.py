"""End to end over real HTTP: three agencies on one ``edocstd hub serve`` process, driven
through the command line contract (environment variables, ``hub send``/``pull``/``list``/
``status``), with injected faults, a SIGKILLed and restarted hub, and a killed pull."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

import edocstd
from edocstd.hub import LocalHub

from .conftest import A, B, C, accounts, signed_document, write

pytestmark = pytest.mark.slow


def cli(
    hub: LocalHub, organ: str, *args: str, code: int | None = 0, config: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """``edocstd hub ARGS`` as ``organ``: from the environment, or from ``config`` (TOML)."""
    env = {**os.environ, **hub.env(organ), "PYTHONIOENCODING": "utf-8"}
    extra: list[str] = []
    if config is not None:
        for key in hub.env(organ):
            env.pop(key)
        config.write_text(
            f'url = "{hub.url}"\nsystemid = "{organ}"\n'
            f'secret = "{hub.accounts[organ]}"\nbackoff = 0.02\n'
        )
        extra = ["--config", str(config)]
    done = subprocess.run(
        [sys.executable, "-m", "edocstd", "hub", args[0], *extra, *args[1:]],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if code is not None:
        assert done.returncode == code, done.stdout + done.stderr
    assert hub.accounts[organ] not in done.stdout + done.stderr  # the secret never printed
    return done


def filed_lines(out: str, outcome: str = "filed") -> list[str]:
    return [line for line in out.splitlines() if line.startswith(outcome + " ")]


def done_acks(hub: LocalHub) -> Counter[str]:
    return Counter(a["doc_id"] for a in hub.acks() if a["status"] == "done")


def test_three_agencies_through_faults_and_a_crash(tmp_path: Path, hub_pki) -> None:  # type: ignore[no-untyped-def]
    hub = LocalHub(tmp_path / "hub", accounts()).start()
    try:
        _scenario(hub, tmp_path, hub_pki)
    finally:
        hub.stop()


def _scenario(hub: LocalHub, tmp: Path, pki) -> None:  # type: ignore[no-untyped-def]
    trust = str(pki.root.cert_path)
    # A sends a signed document to B and C, recording it in its tracker.
    doc = write(tmp / "a", "cong-van.edxml", signed_document(pki))
    out = cli(hub, A, "send", str(doc), "--tracker", str(tmp / "a.db")).stdout
    sent_id = out.split("->")[1].strip()

    # B pulls through a failing list call and a connection dropped mid-download.
    hub.inject("error", "getReceivedEdocList")
    hub.inject("drop", "downloadEdoc")
    out = cli(hub, B, "pull", "--into", str(tmp / "b"), "--check", "both", "--trust", trust).stdout
    [line] = filed_lines(out)
    assert "signature valid OK, +1 trace" in line and "valid;" in line  # relay tolerance
    assert hub.faults() == []  # both faults were hit
    assert len(list((tmp / "b" / "edoc").glob("*.edxml"))) == 1

    # C pulls with the JSON form; the hub's 500 on the acknowledgement is retried.
    hub.inject("error", "updateStatus")
    out = cli(
        hub, C, "pull", "--into", str(tmp / "c"), "--check", "verify", "--trust", trust, "--json"
    ).stdout
    [pulled] = json.loads(out)
    assert pulled["outcome"] == "filed" and "OK" in pulled["summary"]

    # B answers 01, 03, 06; the hub is then SIGKILLed and restarted on the same data.
    received_b = edocstd.load(next((tmp / "b" / "edoc").glob("*.edxml")))
    me_b = next(o for o in received_b.header.to if o.organ_id == B)  # type: ignore[union-attr]
    replies = [
        write(
            tmp / "b" / "out",
            f"s{code}.edxml",
            edocstd.dumps(edocstd.reply(received_b, code, sender=me_b)),
        )  # type: ignore[arg-type]
        for code in ("01", "03", "06")
    ]
    cli(hub, B, "send", "--status", *map(str, replies))
    hub.kill()
    hub.restart()

    # C refuses (02) after the restart.
    received_c = edocstd.load(next((tmp / "c" / "edoc").glob("*.edxml")))
    me_c = next(o for o in received_c.header.to if o.organ_id == C)  # type: ignore[union-attr]
    refusal = edocstd.reply(received_c, "02", sender=me_c, description="Gửi nhầm đơn vị")  # type: ignore[arg-type]
    cli(
        hub,
        C,
        "send",
        "--status",
        str(write(tmp / "c" / "out", "s02.edxml", edocstd.dumps(refusal))),
    )

    # A pulls the four statuses into its tracker; the hub lists each of them twice.
    hub.inject("duplicate", "getReceivedEdocList", times=2)  # the edoc and the status listing
    out = cli(
        hub, A, "pull", "--into", str(tmp / "a" / "in"), "--tracker", str(tmp / "a.db")
    ).stdout
    assert hub.faults() == []
    assert len(filed_lines(out)) == 4 and all("tracked" in x for x in filed_lines(out))
    with edocstd.Tracker(tmp / "a.db") as tracker:
        state = tracker.state(received_b.header.document_id)  # type: ignore[union-attr]
    assert state.recipient(B).current == edocstd.StatusCode("06")
    assert state.recipient(C).current == edocstd.StatusCode("02")
    assert state.finished

    # Nothing pending anywhere; the delivery view shows both recipients done.
    for organ in (A, B, C):
        assert json.loads(cli(hub, organ, "list", "--json").stdout) == []
        assert json.loads(cli(hub, organ, "list", "--status", "--json").stdout) == []
    rows = json.loads(cli(hub, A, "status", sent_id, "--json").stdout)
    assert {r["to_code"]: r["receive_status"] for r in rows} == {B: "done", C: "done"}

    # A hub that delivers twice: B sees its package again, files nothing, acknowledges nothing.
    hub.inject("duplicate", "getReceivedEdocList")
    out = cli(hub, B, "pull", "--into", str(tmp / "b")).stdout
    assert len(filed_lines(out, "duplicate")) == 1 and not filed_lines(out)
    acks = done_acks(hub)
    assert len(acks) == 6 and set(acks.values()) == {1}  # 2 edocs + 4 statuses, once each


def test_nothing_is_acknowledged_before_it_is_on_disk(tmp_path: Path) -> None:
    hub = LocalHub(tmp_path / "hub", accounts()).start()
    try:
        cli(hub, A, "send", str(write(tmp_path, "d.edxml", edocstd.dumps(_doc()))))
        into = tmp_path / "b"
        fast = tmp_path / "b.toml"  # retries with a short backoff
        # every download attempt dropped: nothing filed, nothing acknowledged, still listed
        hub.inject("drop", "downloadEdoc", times=10)
        out = cli(hub, B, "pull", "--into", str(into), code=1, config=fast).stdout
        assert filed_lines(out, "failed") and not list(into.rglob("*.edxml"))
        assert done_acks(hub) == Counter()
        assert len(json.loads(cli(hub, B, "list", "--json").stdout)) == 1
        hub.clear_faults()

        # the download succeeds but every acknowledgement fails: on disk, not acknowledged
        hub.inject("error", "updateStatus", times=10)
        cli(hub, B, "pull", "--into", str(into), code=1, config=fast)
        [path] = into.rglob("*.edxml")
        assert edocstd.load(path).header.subject == _doc().header.subject
        assert done_acks(hub) == Counter()
        hub.clear_faults()

        # the next run acknowledges what is on disk without downloading it again
        hub.inject("drop", "downloadEdoc", times=10)
        out = cli(hub, B, "pull", "--into", str(into), config=fast).stdout
        assert len(filed_lines(out)) == 1
        assert list(done_acks(hub).values()) == [1]
        hub.clear_faults()

        # a pull killed in the middle of a download leaves no package and no acknowledgement
        cli(hub, A, "send", str(write(tmp_path, "e.edxml", edocstd.dumps(_doc("777")))))
        hub.inject("timeout", "downloadEdoc", delay=30)
        env = {**os.environ, **hub.env(B)}
        proc = subprocess.Popen(
            [sys.executable, "-m", "edocstd", "hub", "pull", "--into", str(into)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while hub.faults() and time.monotonic() < deadline:  # the download has started
            time.sleep(0.05)
        proc.kill()
        proc.wait()
        assert len(list(into.rglob("*.edxml"))) == 1 and len(done_acks(hub)) == 1
        hub.kill()  # also frees the hub from the sleeping request
        hub.start()
        out = cli(hub, B, "pull", "--into", str(into)).stdout
        assert len(filed_lines(out)) == 1 and len(list(into.rglob("*.edxml"))) == 2
        assert set(done_acks(hub).values()) == {1} and len(done_acks(hub)) == 2
    finally:
        hub.stop()


def _doc(number: str = "555") -> edocstd.Edoc:
    from .conftest import document

    return document(number, to=(B,))


def test_serve_contract_listening_line_sigterm_and_restart(tmp_path: Path) -> None:
    hub = LocalHub(tmp_path / "hub", accounts()).start()
    assert any(line.strip() == f"listening on http://127.0.0.1:{hub.port}" for line in hub.output)
    cli(hub, A, "send", str(write(tmp_path, "d.edxml", edocstd.dumps(_doc()))))
    assert hub.stop() == 0  # SIGTERM: a clean exit
    hub.start()
    try:
        assert len(json.loads(cli(hub, B, "list", "--json").stdout)) == 1
    finally:
        hub.stop()


def test_client_commands_report_errors_in_both_languages(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EDOCSTD_HUB_")}
    for lang, word in (("vi", "lỗi"), ("en", "error")):  # one language at a time
        done = subprocess.run(
            [sys.executable, "-m", "edocstd", "hub", "list", "--lang", lang],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 2 and word in done.stderr
    cfg = tmp_path / "hub.toml"
    cfg.write_text(
        'url = "http://127.0.0.1:9"\nsystemid = "x"\nsecret = "top-secret-1"\nretries = 0\n'
    )
    done = subprocess.run(
        [sys.executable, "-m", "edocstd", "hub", "list", "--config", str(cfg)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "top-secret-1" not in done.stdout + done.stderr


def test_pull_runs_as_a_service_until_sigterm(edocstd_hub: LocalHub, tmp_path: Path) -> None:
    into = tmp_path / "in"
    env = {**os.environ, **edocstd_hub.env(B), "PYTHONIOENCODING": "utf-8"}
    service = subprocess.Popen(
        [sys.executable, "-m", "edocstd", "hub", "pull", "--into", str(into), "--every", "0.2"],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        cli(edocstd_hub, A, "send", str(write(tmp_path, "d.edxml", edocstd.dumps(_doc()))))
        deadline = time.monotonic() + 60
        while not list(into.glob("edoc/*.edxml")) and time.monotonic() < deadline:
            time.sleep(0.05)
        while not edocstd_hub.acks() and time.monotonic() < deadline:
            time.sleep(0.05)
        service.send_signal(15)  # SIGTERM: the current pass ends, then the service stops
        out, _ = service.communicate(timeout=60)
    finally:
        if service.poll() is None:
            service.kill()
    assert service.returncode == 0
    assert len(filed_lines(out)) == 1 and len(list(into.glob("edoc/*.edxml"))) == 1
    assert list(done_acks(edocstd_hub).values()) == [1]
