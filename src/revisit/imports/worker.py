"""Reading and normalising an extract in a second process.

The worker is a fresh interpreter (the "spawn" start method: forking a web
process that runs other threads is unsafe). It opens the file, finds the
header with the same mapping and builds the same RowPlan as the importing
process, then sends each PreparedChunk pickled over a pipe. The pipe
buffers one message, so the worker prepares the next chunk while the importing
process writes the last one, and memory stays at about two chunks. The
first message is the header the worker found, so that the importing
process need not read the file itself.

This module imports no Django code at the top: the worker process loads
it before Django is set up.
"""

import logging
import multiprocessing
import pickle
import traceback
from collections.abc import Iterator

logger = logging.getLogger(__name__)

_HEADER, _CHUNK, _END = "header", "chunk", "end"
_DOMAIN_ERROR, _FAILED = "domain_error", "failed"


class WorkerFailed(RuntimeError):
    """The worker process failed; the message contains its traceback."""


def _send(connection, kind: str, payload) -> None:
    connection.send_bytes(pickle.dumps((kind, payload), pickle.HIGHEST_PROTOCOL))


def _serve(connection, path: str, header_map: dict, code_tables: dict) -> None:
    """Entry point of the worker process."""
    import gc
    import signal

    import django

    # Ctrl-C in a terminal reaches the whole process group. The importing
    # process handles it and terminates this one, so ignore it here rather
    # than print a KeyboardInterrupt traceback in the middle of its output.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    django.setup()
    from revisit.core.exceptions import DomainError
    from revisit.imports.prepare import plan_source, prepared_chunks

    # The normaliser caches hold many objects and no cycles worth collecting.
    gc.disable()
    try:
        planned = plan_source(path, header_map, code_tables)
        _send(connection, _HEADER, planned.header)
        for chunk in prepared_chunks(planned.plan, planned.data):
            _send(connection, _CHUNK, chunk)
        _send(connection, _END, None)
    except (BrokenPipeError, ConnectionResetError):
        # The importing process stopped reading because it failed or was
        # interrupted, so no one is left to receive an error.
        pass
    except DomainError as error:
        _send_quietly(connection, _DOMAIN_ERROR, error)
    except Exception:
        _send_quietly(connection, _FAILED, traceback.format_exc())
    finally:
        connection.close()


def _send_quietly(connection, kind: str, payload) -> None:
    try:
        _send(connection, kind, payload)
    except (BrokenPipeError, ConnectionResetError):
        pass


class PreparingWorker:
    """A worker process preparing one file; iterate it for the chunks.

    Use it as a context manager: leaving the block early (an error in the
    importing process, Ctrl-C) stops the worker.
    """

    def __init__(self, path, header_map: dict, code_tables: dict, *, batch_id=None):
        self.batch_id = batch_id
        self._finished = False
        context = multiprocessing.get_context("spawn")
        self._connection, child_end = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_serve,
            args=(child_end, str(path), header_map, code_tables),
            name=f"revisit-import-worker-{batch_id}",
            daemon=True,
        )
        self._process.start()
        child_end.close()
        logger.info(
            "import worker started batch=%s pid=%s", batch_id, self._process.pid
        )

    def __enter__(self) -> "PreparingWorker":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def header(self):
        """Return the Header the worker found; call it before iterating."""
        return self._receive(_HEADER)

    def __iter__(self) -> Iterator:
        while (chunk := self._receive(_CHUNK)) is not None:
            yield chunk

    def _receive(self, expected: str):
        """Return the next message of kind `expected`, None at the end.

        Raises the worker's DomainError, or WorkerFailed when it broke.
        """
        try:
            kind, payload = pickle.loads(self._connection.recv_bytes())
        except EOFError:
            raise WorkerFailed(
                f"import worker exited early, exit code {self._exit_code()}"
            ) from None
        if kind == expected:
            return payload
        if kind == _END:
            self._finished = True
            return None
        if kind == _DOMAIN_ERROR:
            raise payload
        if kind == _FAILED:
            raise WorkerFailed(payload)
        raise WorkerFailed(f"import worker sent {kind} where {expected} was due")

    def _exit_code(self):
        self._process.join(timeout=5)
        return self._process.exitcode

    def close(self) -> None:
        """Stop the worker: wait for it after the last chunk, else terminate it."""
        self._connection.close()
        if self._finished:
            self._process.join(timeout=10)
        if self._process.is_alive():
            logger.warning(
                "import worker terminated batch=%s pid=%s",
                self.batch_id,
                self._process.pid,
            )
            self._process.terminate()
            self._process.join()
