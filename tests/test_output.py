"""Writing reports: through a temporary file for a regular path, straight through for a device
or a pipe, which a rename would replace (`--output /dev/null` once turned /dev/null into a file)."""

import os
import stat
import threading

from qbcheck.files.output import write_atomic


def test_a_regular_file_is_replaced_whole(tmp_path):
    out = tmp_path / "r.txt"
    out.write_text("old", encoding="utf-8")
    write_atomic(out, lambda p: p.write_text("new", encoding="utf-8"))
    assert out.read_text(encoding="utf-8") == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["r.txt"]  # no temporary file left


def test_a_named_pipe_is_written_through_not_replaced(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(
        target=lambda: received.append(fifo.read_text(encoding="utf-8")), daemon=True
    )
    reader.start()
    write_atomic(fifo, lambda p: p.write_text("report", encoding="utf-8"))
    reader.join(timeout=10)
    assert received == ["report"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
