"""The process a student's bot runs in: a clean, limited room with one door.

The game starts it as ``python -I -m game.ai.bot_worker`` with an empty environment, an
empty temporary working folder and no arguments, so nothing of the game's command line,
seed, settings or files is in reach. Its only door is the pair of pipes it was started
with, which carry length-prefixed JSON (``game.ai.wire``); what the bot prints goes
nowhere. Before the bot's code is loaded, the process limits itself where the platform
allows it (address space, file size, processes, open files, and CPU time for loading and
for each decision, so that a bot that never ends stops even if the game is gone),
and then it runs the bot as restricted Python (``game.ai.sandbox``).
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import IO, Any

ADDRESS_SPACE = 2 * 1024**3
"""Bytes of memory a bot's process may map (numpy itself needs a few hundred MB)."""
CPU_MARGIN = 2
"""Seconds of CPU time a decision may use beyond the level's time limit, before the OS
stops the process (the game's own clock stops waiting sooner)."""


def _private_channel() -> tuple[IO[bytes], IO[bytes]]:
    """Move the pipes off fds 0 and 1, and point 0, 1 and 2 at the null device.

    A bot that writes to file descriptor 1 then writes nowhere, not into the protocol and
    not into the game's own output.
    """
    incoming = os.fdopen(os.dup(0), "rb", buffering=0)
    outgoing = os.fdopen(os.dup(1), "wb", buffering=0)
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)
    sys.stdout = sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    return incoming, outgoing


def _limit_process() -> None:
    """OS limits, where the platform has them (POSIX): memory, files, processes."""
    try:
        import resource
    except ImportError:  # Windows: the restricted interpreter is the wall
        return
    limits = [
        (resource.RLIMIT_AS, ADDRESS_SPACE),
        (resource.RLIMIT_FSIZE, 0),
        (resource.RLIMIT_CORE, 0),
    ]
    if hasattr(resource, "RLIMIT_NPROC"):
        limits.append((resource.RLIMIT_NPROC, 0))
    for which, value in limits:
        try:
            _, hard = resource.getrlimit(which)
            ceiling = value if hard == resource.RLIM_INFINITY else min(value, hard)
            resource.setrlimit(which, (ceiling, ceiling))
        except (ValueError, OSError):
            pass  # a limit this system does not let us lower


def _close_the_doors() -> None:
    """No new files: the open-files limit is set to what is open now (POSIX).

    Everything a bot may use is imported first, since an import opens files too.
    """
    import numpy.linalg
    import numpy.random  # noqa: F401  (numpy loads these lazily)

    try:
        import resource
    except ImportError:
        return
    folder = "/proc/self/fd"
    highest = max(int(name) for name in os.listdir(folder)) if os.path.isdir(folder) else 16
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_NOFILE, (highest, highest))


def _cpu_allowance(seconds: float) -> None:
    """Let the bot's next step (loading, or a decision) use at most this much more CPU time.

    POSIX only. Beyond it the OS stops the process, whether or not the game still waits.
    """
    try:
        import resource
    except ImportError:
        return
    used = resource.getrusage(resource.RUSAGE_SELF)
    total = used.ru_utime + used.ru_stime
    soft = int(total + seconds) + CPU_MARGIN
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def serve(incoming: IO[bytes], outgoing: IO[bytes]) -> None:
    """Load the bot, then answer decisions until told to stop."""
    from game.ai import sandbox, wire  # heavy imports happen before the bot's code runs

    def send(message: dict[str, Any]) -> None:
        wire.write_message(outgoing, message)

    load = wire.read_message(incoming, wire.MAX_MESSAGE_BYTES)
    if load is None or load.get("type") != "load":
        return
    filename = str(load["filename"])
    _cpu_allowance(float(load["time_limit"]))  # loading never runs unbounded either
    try:
        strategy_class = _load_class(load, sandbox)
        strategy_class()
    except sandbox.BotSandboxError as error:
        send({"type": "error", "message": str(error)})
        return
    except Exception as error:
        send({"type": "error", "message": f"{_where(error, filename)}: {_describe(error)}"})
        return
    send({"type": "ready"})
    _close_the_doors()
    instances: dict[int, Any] = {}
    generators: dict[int, Any] = {}
    scenario = None
    while True:
        message = wire.read_message(incoming, wire.MAX_MESSAGE_BYTES)
        if message is None or message.get("type") == "stop":
            return
        if message["type"] == "scenario":
            scenario = wire.scenario_from_data(message["scenario"])
            continue
        key = int(message["game"])
        if message.get("generator") is not None:
            generators[key] = wire.generator_from_state(message["generator"])
        _cpu_allowance(float(message["time_limit"]))
        try:
            observation = wire.observation_from_data(message["observation"], scenario)  # type: ignore[arg-type]
            if key not in instances:
                instances[key] = strategy_class()
            answer = instances[key].decide(observation, generators[key])
            send({"type": "orders", "orders": wire.answer_to_data(answer)})
        except Exception as error:
            send({"type": "raised", "message": f"{_where(error, filename)}: {_describe(error)}"})


def _load_class(load: dict[str, Any], sandbox: Any) -> type:
    """Run the bot's source restricted and find its strategy class."""
    filename = str(load["filename"])
    namespace = sandbox.load_restricted(str(load["source"]), filename)
    candidates = [
        value for value in namespace["__bot_classes__"] if callable(getattr(value, "decide", None))
    ]
    wanted = load.get("class_name")
    if wanted is not None:
        chosen = namespace.get(wanted)
        if chosen not in candidates:
            found = ", ".join(sorted(c.__name__ for c in candidates)) or "none"
            raise sandbox.BotSandboxError(
                f"{filename}: no class {wanted} with a decide method (found: {found})"
            )
        return chosen  # type: ignore[no-any-return]
    if len(candidates) != 1:
        found = ", ".join(sorted(c.__name__ for c in candidates)) or "none"
        raise sandbox.BotSandboxError(
            f"{filename}: expected one class with a decide(observation, rng) method, "
            f"found {found}; name one with bot:FILE.py:ClassName"
        )
    return candidates[0]  # type: ignore[no-any-return]


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:300]


def _where(error: BaseException, filename: str) -> str:
    """``file:line`` of the deepest frame of ``error`` inside the bot's file."""
    line = None
    trace = error.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == filename:
            line = trace.tb_lineno
        trace = trace.tb_next
    return f"{filename}:{line}" if line else filename


def main() -> None:
    """Entry point of the bot's process."""
    incoming, outgoing = _private_channel()
    _limit_process()
    serve(incoming, outgoing)


if __name__ == "__main__":
    main()
