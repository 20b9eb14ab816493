"""Fuzzing students' bots: mutated bot files, and every answer a bot's process could send.

A bot file that cannot be used is refused before any game with one :class:`BotError` line
that names the file, never a traceback; a wrong answer from the bot's process (anything
at all, since the process is not trusted) becomes a refusal or a protocol error, never
an exception of another kind and never code run in the game.
"""

from __future__ import annotations

import json
from pathlib import Path

from fuzzing import accepted, byte_mutations, case, fuzz
from hypothesis import given
from hypothesis import strategies as st

from game.ai import wire
from game.ai.bots import BotError, BotHost, parse_bot_spec
from game.rules.model import Orders

TEMPLATE = Path(__file__).resolve().parent.parent / "docs" / "examples" / "template_bot.py"
SOURCE = TEMPLATE.read_bytes()


@st.composite
def bot_files(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["bytes", "lines", "random"]))
    if kind == "bytes":
        return draw(byte_mutations(SOURCE))
    if kind == "lines":  # a line of hostile Python slipped into a working bot
        lines = SOURCE.decode().splitlines()
        hostile = draw(
            st.sampled_from(
                [
                    "import os",
                    "x = ().__class__.__bases__[0].__subclasses__()",
                    "open('/etc/passwd').read()",
                    "exec('1')",
                    "raise SystemExit",
                    "while True: pass",
                    "x = [0] * 10**10",
                    "def f(): return f()\nf()",
                    "from game.ai.protocol import np",
                    "import numpy\nnumpy.load('x')",
                    "'{0.__class__}'.format(1)",
                    "globals()['x'] = 1",
                ]
            )
        )
        where = draw(st.integers(0, len(lines)))
        return "\n".join([*lines[:where], *hostile.splitlines(), *lines[where:]]).encode()
    return draw(st.binary(max_size=400))


@fuzz(12)
@given(data=bot_files())
def test_a_mangled_bot_file_is_refused_in_one_line_or_loads(data, tmp_path_factory):
    path = tmp_path_factory.mktemp("bot") / "bot.py"
    path.write_bytes(data)
    with case("bot files"):
        try:
            host = BotHost(parse_bot_spec(f"bot:{path}"))
        except BotError as error:
            message = str(error)
            assert len(message.splitlines()) == 1 and str(path) in message
        else:
            host.close()
            accepted("bot files")
        assert path.read_bytes() == data


ANSWERS = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=12), children, max_size=6)
    ),
    max_leaves=25,
)


@st.composite
def answers(draw: st.DrawFn) -> object:
    """Anything a bot's process might send as an answer, mostly near a real one."""
    real = wire.answer_to_data(Orders())
    kind = draw(st.sampled_from(["random", "field", "tag"]))
    if kind == "random":
        return draw(ANSWERS)
    field = draw(st.sampled_from(wire.ORDER_FIELDS))
    if kind == "field":
        return {**real, field: draw(ANSWERS)}
    tag = draw(st.sampled_from(["Posture", "Signal", "int", "float", "bool", "repr", "eval"]))
    return {**real, field: {tag: draw(ANSWERS)}}


@fuzz(800)
@given(answer=answers())
def test_any_answer_from_a_bots_process_is_orders_a_refusal_or_a_protocol_error(answer):
    with case("bot answers"):
        try:
            decoded = wire.answer_from_data(json.loads(json.dumps(answer)))
        except wire.WireError as error:
            assert len(str(error).splitlines()) == 1
        else:
            assert isinstance(decoded, Orders | wire.Shown)
            accepted("bot answers")
