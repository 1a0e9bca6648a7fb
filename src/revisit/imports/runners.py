"""The process that runs an import, and whether that process still exists.

A batch stores its runner when it starts running: host name, the kernel's
boot id, the process id and the process's start time. A page shown after
the server was stopped can then tell an import still running from one whose
process died (Ctrl-C, kill, a crash or a reboot). The start time, field 22
of /proc/<pid>/stat on Linux (proc(5)), distinguishes a reused process id.
The boot id (/proc/sys/kernel/random/boot_id, random(4)) changes at every
boot, so it distinguishes a runner from before a reboot even when the
process id and start time happen to repeat.

The check relies on every server that shares the database having its own
host name: a process on another host cannot be checked from here.
"""

import enum
import os
import socket
from pathlib import Path

PROC = Path("/proc")
BOOT_ID_PATH = PROC / "sys" / "kernel" / "random" / "boot_id"
# Process states of /proc/<pid>/stat that mean the process has ended but
# its parent has not collected it yet.
ENDED_STATES = frozenset({"Z", "X", "x"})


class RunnerState(enum.Enum):
    ALIVE = "alive"
    GONE = "gone"
    # On another host, or on a system without signals to probe a process.
    UNKNOWN = "unknown"


def current_runner() -> dict:
    """Describe this process as the runner of an import, for ImportBatch.runner."""
    pid = os.getpid()
    stat = _process_stat(pid)
    return {
        "host": socket.gethostname(),
        "boot_id": _boot_id(),
        "pid": pid,
        "start": stat[1] if stat else None,
    }


def runner_state(runner: dict) -> RunnerState:
    """Tell whether the process that `runner` describes still exists."""
    if runner.get("host") != socket.gethostname() or os.name != "posix":
        # On Windows os.kill(pid, 0) would send CTRL_C_EVENT, not probe.
        return RunnerState.UNKNOWN
    recorded_boot_id = runner.get("boot_id")
    boot_id = _boot_id()
    if recorded_boot_id and boot_id and recorded_boot_id != boot_id:
        return RunnerState.GONE

    pid = runner.get("pid")
    # os.kill with 0 or a negative number signals a process group.
    if not isinstance(pid, int) or pid <= 0:
        return RunnerState.UNKNOWN
    if pid == os.getpid():
        return RunnerState.ALIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return RunnerState.GONE
    except PermissionError:
        # The process exists but belongs to another user.
        pass

    stat = _process_stat(pid)
    if stat is None:
        # No /proc (not Linux), or the process ended since os.kill.
        return RunnerState.ALIVE if not PROC.is_dir() else RunnerState.GONE
    state, start = stat
    if state in ENDED_STATES:
        return RunnerState.GONE
    if runner.get("start") is not None and start != runner["start"]:
        return RunnerState.GONE
    return RunnerState.ALIVE


def _process_stat(pid: int) -> tuple[str, int] | None:
    """Return (state, start time in clock ticks after boot) from /proc/<pid>/stat.

    Returns None without /proc or when the process does not exist.
    """
    try:
        stat = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    # Field 2, the command name in brackets, may itself contain spaces and
    # brackets, so the fields are split after its last ")". Field 3 (state)
    # is then at index 0 and field 22 (starttime) at index 19.
    fields = stat[stat.rindex(")") + 2 :].split()
    return fields[0], int(fields[19])


def _boot_id() -> str:
    try:
        return BOOT_ID_PATH.read_text().strip()
    except OSError:
        return ""
