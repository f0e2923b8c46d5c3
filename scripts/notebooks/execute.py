#!/usr/bin/python3
"""Executes Jupyter notebooks with the tslab kernel, one at a time.

Run by scripts/notebooks/runner.ts with Debian's /usr/bin/python3 (which has
nbclient) under an environment whose JUPYTER_PATH holds the project's tslab
kernel spec (see setup.ts). For each notebook given on the command line it

- starts a fresh tslab kernel (cwd = the notebook's folder) with the kernel's
  stdout and stderr redirected to a log file (tslab writes the text of a
  failing cell's error to stderr, not into the error reply);
- runs the code cells in order and stops at the first failing one;
- writes the executed copy (with outputs) into --out-dir;
- prints one JSON line with the outcome: notebook, ok, seconds, cells run,
  and for a failure the cell number (1-based, counting all cells), the start
  of its source, the error reply and the kernel's stderr for that cell.

Exit status: 0 if every notebook ran cleanly, 1 otherwise, 2 on bad usage.
"""
import argparse
import json
import os
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError


def read_from(path, offset):
    try:
        with open(path, "rb") as f:
            f.seek(offset)
            return f.read().decode("utf-8", "replace")
    except OSError:
        return ""


def size_of(path):
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def source_start(source, lines=3, width=200):
    kept = [l for l in source.splitlines() if l.strip()][:lines]
    text = "\n".join(kept)
    return text if len(text) <= width else text[: width - 1] + "…"


def error_outputs(cell):
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            head = ": ".join(x for x in (out.get("ename", ""), out.get("evalue", "")) if x)
            if head:
                parts.append(head)
            tb = "\n".join(out.get("traceback", []))
            if tb and tb not in head:
                parts.append(tb)
        elif out.get("output_type") == "stream" and out.get("name") == "stderr":
            parts.append(out.get("text", ""))
    return "\n".join(p for p in parts if p).strip()


def run_one(path, out_dir, timeout, log_dir):
    name = os.path.splitext(os.path.basename(path))[0]
    started = time.time()
    nb = nbformat.read(path, as_version=4)
    result = {"notebook": path, "name": name, "ok": True, "cellsRun": 0, "cells": len(nb.cells)}
    log_path = os.path.join(log_dir, name + ".kernel.log")
    workdir = os.path.dirname(os.path.abspath(path))
    client = NotebookClient(
        nb,
        kernel_name="tslab",
        timeout=timeout,
        startup_timeout=120,
        resources={"metadata": {"path": workdir}},
    )
    with open(log_path, "wb") as log:
        try:
            with client.setup_kernel(cwd=workdir, stdout=log, stderr=log):
                msg_id = client.kc.kernel_info()
                info = client.wait_for_reply(msg_id)
                if info is not None and "language_info" in info["content"]:
                    nb.metadata["language_info"] = info["content"]["language_info"]
                for index, cell in enumerate(nb.cells):
                    if cell.cell_type != "code" or not cell.source.strip():
                        continue
                    before = size_of(log_path)
                    try:
                        client.execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
                        result["cellsRun"] += 1
                    except (CellExecutionError, CellTimeoutError, DeadKernelError) as e:
                        time.sleep(0.3)  # let the kernel flush its stderr
                        log.flush()
                        stderr = read_from(log_path, before).strip()
                        reply = error_outputs(cell)
                        kind = type(e).__name__
                        if isinstance(e, CellTimeoutError):
                            reply = f"cell timed out after {timeout} s"
                        elif isinstance(e, DeadKernelError):
                            reply = "the kernel died"
                        result.update(
                            ok=False,
                            failure={
                                "cell": index + 1,
                                "kind": kind,
                                "source": source_start(cell.source),
                                "reply": reply,
                                "stderr": stderr,
                            },
                        )
                        break
        except Exception as e:  # kernel failed to start, etc.
            log.flush()
            result.update(
                ok=False,
                failure={
                    "cell": None,
                    "kind": type(e).__name__,
                    "source": "",
                    "reply": str(e),
                    "stderr": read_from(log_path, 0).strip()[-4000:],
                },
            )
    result["seconds"] = round(time.time() - started, 3)
    result["title"] = title_of(nb)
    if out_dir:
        os.makedirs(out_dir, exist_ok=True)
        out_path = os.path.join(out_dir, name + ".ipynb")
        # Write then rename, so a concurrent reader never sees a half-written copy.
        tmp_path = "%s.tmp-%d" % (out_path, os.getpid())
        nbformat.write(nb, tmp_path)
        os.replace(tmp_path, out_path)
        result["output"] = out_path
    return result


def title_of(nb):
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return ""


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("notebooks", nargs="+")
    ap.add_argument("--out-dir", default="")
    ap.add_argument("--log-dir", required=True)
    ap.add_argument("--timeout", type=int, default=120, help="seconds per cell")
    args = ap.parse_args()
    os.makedirs(args.log_dir, exist_ok=True)
    all_ok = True
    for path in args.notebooks:
        if not os.path.isfile(path):
            print(json.dumps({"notebook": path, "ok": False, "seconds": 0,
                              "failure": {"cell": None, "kind": "FileNotFound", "source": "",
                                          "reply": f"no such notebook: {path}", "stderr": ""}}), flush=True)
            all_ok = False
            continue
        result = run_one(path, args.out_dir, args.timeout, args.log_dir)
        all_ok = all_ok and result["ok"]
        print(json.dumps(result), flush=True)
    sys.exit(0 if all_ok else 1)


if __name__ == "__main__":
    main()
