"""The Dask executor gives the same audit as the local one (2-worker LocalCluster)."""
from __future__ import annotations

import sqlite3
import subprocess

import pytest

from test_audit import CLI, build_archive

pytest.importorskip("dask.distributed", reason="the cluster extra is not installed: pip install '.[cluster]'")


def stored(db):
    with sqlite3.connect(db) as con:
        return (con.execute("SELECT id, status, error, report FROM reviews ORDER BY id").fetchall(),
                con.execute("SELECT * FROM claims ORDER BY review_id, idx").fetchall(),
                con.execute("SELECT * FROM findings ORDER BY review_id, finding_id").fetchall())


def test_dask_local_cluster_matches_local_executor(tmp_path):
    manifest = build_archive(tmp_path / "archive")
    results = {}
    for executor in ("local", "dask"):
        db = tmp_path / f"{executor}.sqlite"
        cache = tmp_path / f"cache-{executor}"  # each executor really runs the analyzers
        proc = subprocess.run([CLI, "audit", str(manifest), "--db", str(db), "--cache-dir", str(cache),
                               "--executor", executor, "--jobs", "2"], capture_output=True, text=True, timeout=900)
        assert proc.returncode == 0, proc.stderr
        assert "audited 65 reviews, 5 errors" in proc.stderr
        results[executor] = stored(db)
    assert results["dask"] == results["local"]
    report = {}
    for executor in ("local", "dask"):
        proc = subprocess.run([CLI, "report", str(tmp_path / f"{executor}.sqlite"), "--format", "json"],
                              capture_output=True, text=True)
        report[executor] = proc.stdout
    assert report["dask"] == report["local"]
