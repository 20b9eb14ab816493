"""Classroom sessions in the window: starting a session, the teacher's summary, its charts.

The teacher names a session (or picks one already on this computer) and types who plays
next; the normal hot-seat set-up follows, and every finished game is added to the
session's results (:mod:`game.session.classroom`). The summary shows, per pair and for
the whole class, how the games ended, how many spiralled, how many were true security
dilemmas and how safe the players really were against how safe they felt, with the
discussion questions of the levels played; it exports the report (CSV, Markdown and the
PNG charts drawn here) to a folder. Outcomes are told apart by pattern and label as well
as by colour.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pygame

from game.session.classroom import (
    CHARTS,
    MAX_NAME,
    OUTCOMES,
    ClassSession,
    ClassSummary,
    Tally,
    classes_dir,
    clean_name,
    list_sessions,
    load_results,
    outcome_words,
    plural,
    security_gap,
    slug,
    start_session,
    summarize_class,
    write_report,
)
from game.ui import charts
from game.ui.app import App
from game.ui.export import save_png
from game.ui.layout import (
    LIST_ROWS,
    TWO_COLUMNS,
    button_row,
    button_rows,
    card_of_lines,
    design_rect,
    design_width,
    escapes,
    heading,
    page_hint,
)
from game.ui.painter import Painter
from game.ui.scroll import Block, ScrollCard, ScrollPage, block_height
from game.ui.theme import Color, Palette, Type, ensure_fonts
from game.ui.widgets import Button, Focus, ListBox, TextField, Widget

OUTCOME_STYLE: dict[str, tuple[Color, str]] = {
    "stable_peace": ((0, 158, 115), "solid"),
    "arms_control": ((86, 180, 233), "rows"),
    "armed_peace": ((240, 228, 66), "dots"),
    "spiral_to_war": ((204, 121, 167), "hatch"),
    "aggression_won": ((230, 159, 0), "cross"),
    "aggression_lost": ((160, 160, 160), "columns"),
}
"""Okabe–Ito colour and fill pattern of each outcome: the pattern tells them apart in grey."""
REAL: tuple[Color, str] = ((86, 180, 233), "solid")
FELT: tuple[Color, str] = ((240, 228, 66), "hatch")
CHART_WIDTH = 1280


# -- drawing helpers shared by the screen and the PNG charts --------------------------------


def fill_pattern(painter: Painter, rect: pygame.Rect, color: Color, pattern: str) -> None:
    """Fill ``rect`` with ``color`` in a pattern, so that colour is never the only cue."""
    if rect.width <= 0 or rect.height <= 0:
        return
    surface = painter.surface
    if pattern == "solid":
        pygame.draw.rect(surface, color, rect)
        return
    panel = painter.theme.palette.panel
    shade = tuple(round(c * 0.35 + b * 0.65) for c, b in zip(color, panel, strict=True))
    pygame.draw.rect(surface, shade, rect)
    if sum(panel) > 600:  # on paper, pale colours (yellow) need darker lines to show
        color = (round(color[0] * 0.7), round(color[1] * 0.7), round(color[2] * 0.7))
    step = max(6, painter.theme.px(9))
    line = max(2, painter.theme.px(2))
    clip = surface.get_clip()
    surface.set_clip(rect.clip(clip) if clip else rect)
    left, top, right, bottom = rect.left, rect.top, rect.right, rect.bottom
    if pattern in ("hatch", "cross"):
        for offset in range(-rect.height, rect.width + rect.height, step):
            pygame.draw.line(
                surface, color, (left + offset, bottom), (left + offset + rect.height, top), line
            )
    if pattern == "cross":
        for offset in range(-rect.height, rect.width + rect.height, step):
            pygame.draw.line(
                surface, color, (left + offset, top), (left + offset + rect.height, bottom), line
            )
    if pattern == "rows":
        for y in range(top + step // 2, bottom, step):
            pygame.draw.line(surface, color, (left, y), (right, y), line)
    if pattern == "columns":
        for x in range(left + step // 2, right, step):
            pygame.draw.line(surface, color, (x, top), (x, bottom), line)
    if pattern == "dots":
        for y in range(top + step // 2, bottom, step):
            for x in range(left + step // 2, right, step):
                pygame.draw.circle(surface, color, (x, y), line)
    surface.set_clip(clip)
    pygame.draw.rect(surface, color, rect, 1)


def outcome_bar(painter: Painter, rect: pygame.Rect, tally: Tally, most: int) -> None:
    """A stacked bar of a group's outcomes, each part patterned and labelled with its count.

    ``most`` games fill the whole width, so bars of several pairs compare.
    """
    theme = painter.theme
    pygame.draw.rect(painter.surface, theme.palette.track, rect, border_radius=4)
    x = rect.left
    for key, count in tally.outcomes.items():
        if not count:
            continue
        width = round(rect.width * count / max(most, 1))
        part = pygame.Rect(x, rect.top, width, rect.height)
        color, pattern = OUTCOME_STYLE[key]
        fill_pattern(painter, part, color, pattern)
        pygame.draw.line(painter.surface, theme.palette.background, part.topleft, part.bottomleft)
        size = max(Type.SMALL, min(Type.BODY, rect.height / theme.scale * 0.55))
        text = str(count)
        label = pygame.Rect((0, 0), theme.font(size, bold=True).size(text)).inflate(theme.px(10), 0)
        if width >= label.width + 4:
            label.center = part.center
            pygame.draw.rect(painter.surface, theme.palette.background, label, border_radius=6)
            painter.text(text, part.center, size, bold=True, anchor="center")
        x += width


def outcome_legend(
    painter: Painter, left: int, top: int, width: int, keys: Sequence[str], size: float = 16
) -> int:
    """Swatches (colour and pattern) with outcome names in columns; returns the height used."""
    theme = painter.theme
    row_height = theme.px(size * 1.8)
    swatch = theme.px(size * 1.2)
    font = theme.font(size)
    widest = max((font.size(outcome_words(key).capitalize())[0] for key in keys), default=0)
    need = swatch * 2 + theme.px(18) + widest
    columns = max(1, min(3, width // max(need, 1)))  # as many as fit, names whole
    column = width // columns
    for index, key in enumerate(keys):
        row, col = divmod(index, columns)
        x = left + col * column
        y = top + row * row_height
        color, pattern = OUTCOME_STYLE[key]
        middle = y + row_height // 2
        fill_pattern(
            painter, pygame.Rect(x, middle - swatch // 2, swatch * 2, swatch), color, pattern
        )
        with painter.within(pygame.Rect(x, y, column - theme.px(8), row_height)):
            painter.text(
                outcome_words(key).capitalize(),
                (x + swatch * 2 + theme.px(10), middle),
                size,
                theme.palette.text,
                anchor="midleft",
            )
    rows = -(-len(keys) // columns)
    return rows * row_height


def security_bars(
    painter: Painter, rect: pygame.Rect, real: float | None, felt: float | None, size: float = 16
) -> None:
    """Real security (solid) above felt security (hatched), 0 to 1, each with its value."""
    theme = painter.theme
    palette = theme.palette
    label_width = theme.px(size * 3.4)
    value_width = theme.px(size * 2.8)
    bar_left = rect.left + label_width
    bar_width = rect.width - label_width - value_width
    gap = theme.px(6)
    height = (rect.height - gap) // 2
    for row, (name, value, (color, pattern)) in enumerate(
        (("Real", real, REAL), ("Felt", felt, FELT))
    ):
        y = rect.top + row * (height + gap)
        painter.text(name, (rect.left, y + height // 2), size, palette.dim, anchor="midleft")
        track = pygame.Rect(bar_left, y, bar_width, height)
        pygame.draw.rect(painter.surface, palette.track, track, border_radius=4)
        if value is None:
            painter.text("-", (track.right + gap, track.centery), size, anchor="midleft")
            continue
        fill_pattern(
            painter, pygame.Rect(bar_left, y, round(bar_width * value), height), color, pattern
        )
        painter.text(
            f"{value:.2f}", (track.right + gap, track.centery), size, bold=True, anchor="midleft"
        )


def draw_widgets(painter: Painter, focus: Focus) -> None:
    """Draw a screen's widgets; a list's rows stay inside it (a long name gets smaller)."""
    for index, widget in enumerate(focus.widgets):
        if isinstance(widget, ListBox):
            with painter.within(widget.rect.inflate(-painter.theme.px(16), 0)):
                widget.draw(painter, index == focus.index)
        else:
            widget.draw(painter, index == focus.index)


def handle_form(event: pygame.event.Event, focus: Focus, on_back: Callable[[], None]) -> None:
    """A form's events: Esc leaves for the screen before, the rest is for its focus ring."""
    if escapes(event):
        on_back()
        return
    focus.handle(event)


# -- the report's charts --------------------------------------------------------------------


def save_class_charts(summary: ClassSummary, folder: Path) -> list[Path]:
    """Write the outcomes chart and the real-against-felt security chart as PNG files."""
    ensure_fonts()  # without a window, as for the class-report command
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, draw in (
        ("class-outcomes.png", _outcomes_chart),
        ("class-security.png", _security_chart),
    ):
        surface = draw(summary)
        path = folder / name
        save_png(surface, path)
        written.append(path)
    return written


def _chart_page(summary: ClassSummary, name: str, rows: int, row_height: int) -> Painter:
    """A blank chart page tall enough for ``rows`` rows, with its title drawn."""
    height = 150 + rows * row_height + 130
    theme = charts.print_theme()  # printed: dark ink on white
    painter = Painter(pygame.Surface((CHART_WIDTH, height)), theme)
    painter.fill()
    painter.text(CHARTS[name], (40, 24), Type.HEADING, bold=True)
    total = summary.total
    painter.text(
        f"{summary.title} \u00b7 {summary.dates} \u00b7 {plural(total.count, 'game')} by "
        f"{plural(len(summary.pairs), 'pair')}",
        (40, 70),
        Type.BODY,
        theme.palette.dim,
    )
    return painter


def _pair_label(painter: Painter, tally: Tally, top: int, height: int) -> None:
    """The pair's name and its number of games, left of its bars."""
    box = pygame.Rect(40, top, 300, height)
    with painter.within(box):
        painter.text(
            painter.clip(tally.name, 20, box.width),
            (box.left, box.centery),
            20,
            bold=True,
            anchor="bottomleft",
        )
        painter.text(
            plural(tally.count, "game"),
            (box.left, box.centery + 2),
            Type.SMALL,
            painter.theme.palette.dim,
        )


def _outcomes_chart(summary: ClassSummary) -> pygame.Surface:
    tallies = (*summary.pairs, summary.total)
    row_height = 60
    painter = _chart_page(summary, "class-outcomes.png", len(tallies), row_height)
    most = max(tally.count for tally in summary.pairs) if summary.pairs else 1
    top = 130
    for index, tally in enumerate(tallies):
        y = top + index * row_height
        if tally is summary.total:
            y += 20
            pygame.draw.line(
                painter.surface, painter.theme.palette.panel_edge, (40, y - 12), (1240, y - 12)
            )
        _pair_label(painter, tally, y, row_height - 12)
        bar = pygame.Rect(360, y + 4, 860, row_height - 20)
        outcome_bar(painter, bar, tally, tally.count if tally is summary.total else most)
    legend_top = top + len(tallies) * row_height + 40
    keys = [outcome.key for outcome in OUTCOMES]
    bottom = legend_top + outcome_legend(painter, 40, legend_top, 1200, keys, 18)
    painter.text(
        "Numbers count games. The pairs share one scale; the last bar is the whole class.",
        (40, bottom + 10),
        Type.SMALL,
        painter.theme.palette.dim,
    )
    return painter.surface


def _security_chart(summary: ClassSummary) -> pygame.Surface:
    tallies = (*summary.pairs, summary.total)
    row_height = 72
    painter = _chart_page(summary, "class-security.png", len(tallies), row_height)
    palette = painter.theme.palette
    top = 130
    for index, tally in enumerate(tallies):
        y = top + index * row_height
        if tally is summary.total:
            y += 20
            pygame.draw.line(painter.surface, palette.panel_edge, (40, y - 12), (1240, y - 12))
        _pair_label(painter, tally, y, row_height - 12)
        security_bars(
            painter,
            pygame.Rect(360, y + 2, 880, row_height - 16),
            tally.real_security,
            tally.felt_security,
            18,
        )
    bottom = top + len(tallies) * row_height + 40
    x = 40
    for (color, pattern), meaning in (
        (REAL, "Real security: own defence against the other's true offence"),
        (FELT, "Felt security: against the offence each side believed it faced"),
    ):
        fill_pattern(painter, pygame.Rect(x, bottom, 44, 22), color, pattern)
        painter.text(meaning, (x + 56, bottom + 11), Type.SMALL, anchor="midleft")
        bottom += 36
    painter.text(
        "0 = defenceless, 1 = nothing to fear; averaged over both sides and every turn",
        (40, bottom + 4),
        Type.SMALL,
        palette.dim,
    )
    return painter.surface


# -- starting a session ---------------------------------------------------------------------


class ClassroomStart:
    """Name the session (or pick one on this computer) and who plays next, then set up.

    ``on_start(session, pair)`` goes on to the hot-seat set-up; ``on_summary(session)``
    opens the teacher's summary. A ``session`` given is selected (the class goes on after
    a game) and ``note`` says what just happened.
    """

    def __init__(
        self,
        app: App,
        on_start: Callable[[ClassSession, str], None],
        on_summary: Callable[[ClassSession], None],
        on_back: Callable[[], None],
        session: ClassSession | None = None,
        note: str = "",
    ) -> None:
        self.app = app
        self.on_start = on_start
        self.on_summary = on_summary
        self.on_back = on_back
        self.note = note
        self.page = ScrollPage()
        self.problem = ""
        self.sessions = list_sessions()
        self.games: dict[str, tuple[int, int]] = {}
        """Games and pairs so far, by session folder name."""
        for known in self.sessions:
            summary = summarize_class(load_results(known.folder)[0])
            self.games[known.folder.name] = (summary.total.count, len(summary.pairs))
        rows = [(known.name, self._detail(known)) for known in self.sessions]
        start = 0
        if session is not None:
            folders = [known.folder for known in self.sessions]
            start = folders.index(session.folder) if session.folder in folders else 0
        self.list = ListBox(rows, start, self.picked, self.to_pair)
        self.name = TextField(
            "New session: type its name", placeholder="e.g. Period 3, 4 March", max_length=MAX_NAME
        )
        self.name.on_submit = self.to_pair
        self.pair = TextField("Who plays next", placeholder="e.g. Ana & Ben", max_length=MAX_NAME)
        self.pair.on_submit = self.start
        self.start_button = Button("Continue to the set-up", self.start)
        self.summary_button = Button("Teacher summary", self.summary)
        self.back_button = Button("Back", on_back)
        listed: list[Widget] = [self.list] if rows else []
        self.focus = Focus(
            [
                self.name,
                *listed,
                self.pair,
                self.start_button,
                self.summary_button,
                self.back_button,
            ]
        )
        if session is not None:
            self.focus.index = self.focus.widgets.index(self.pair)

    def _detail(self, session: ClassSession) -> str:
        games, pairs = self.games[session.folder.name]
        return f"{plural(games, 'game')} by {plural(pairs, 'pair')}" if games else "no games yet"

    def picked(self, index: int) -> None:
        """A session chosen in the list replaces any typed name."""
        self.name.text = ""
        self.problem = ""

    def to_pair(self) -> None:
        """Enter on the session: on to the pair's names."""
        self.focus.index = self.focus.widgets.index(self.pair)

    def chosen(self) -> tuple[str, ClassSession | None]:
        """The session's name (typed, or picked in the list) and the session if it exists."""
        typed = clean_name(self.name.text)
        if typed:
            existing = [known for known in self.sessions if known.folder.name == slug(typed)]
            return (existing[0].name, existing[0]) if existing else (typed, None)
        if self.sessions:
            known = self.sessions[self.list.index]
            return known.name, known
        return "", None

    def start(self) -> None:
        """Check both names, start (or continue) the session, and go to the set-up."""
        name, _ = self.chosen()
        pair = clean_name(self.pair.text)
        if not name:
            self.problem = "Type a name for the session first (or pick one from the list)."
            self.focus.index = self.focus.widgets.index(self.name)
            return
        if not pair:
            self.problem = "Type the names of the two players first, e.g. Ana & Ben."
            self.focus.index = self.focus.widgets.index(self.pair)
            return
        try:
            session = start_session(name)
        except OSError as error:
            self.problem = f"Could not create the session's folder: {error.strerror or error}"
            return
        self.problem = ""
        self.on_start(session, pair)

    def summary(self) -> None:
        """The teacher's summary of the chosen session."""
        name, session = self.chosen()
        if session is None:
            self.problem = (
                f"No games in \u201c{name}\u201d yet: continue to the set-up to start it."
                if name
                else "Type or pick a session first."
            )
            return
        self.problem = ""
        self.on_summary(session)

    def handle(self, event: pygame.event.Event) -> None:
        """Typing, Tab, Up/Down, Enter and clicks; Esc goes back."""
        if escapes(event):
            self.on_back()
            return
        self.page.handle(event, self.focus)

    def draw(self, painter: Painter) -> None:
        """Sessions on the left; the chosen session, the pair's names and buttons on the right.

        Both columns flow down from the heading in interface units, so nothing overlaps at
        any window or interface size; the list of sessions scrolls. When the window has no
        room for two columns at the size chosen, they go one under the other and the page
        scrolls.
        """
        painter.fill()
        theme = painter.theme
        palette = theme.palette
        with self.page.scrolling(painter, painter.surface.get_rect()) as page_top:
            top = heading(
                painter,
                "Classroom session",
                "Pairs play hot-seat games one after another; every finished game is added "
                "to the session's results.",
                page_top,
            )
            wide = design_width(painter) >= TWO_COLUMNS
            label = theme.px(30)  # room for a text field's label above it
            field = theme.px(52)
            bottom = page_top + design_rect(painter, 0, 712).top
            bottom -= theme.font(Type.SMALL).get_height() + theme.px(12)
            left = design_rect(painter, 40, 0, 560 if wide else 1200)
            self.name.rect = pygame.Rect(left.left, top + theme.px(12) + label, left.width, field)
            y = self.name.rect.bottom + theme.px(16)
            least = LIST_ROWS * theme.px(62)
            if self.sessions:
                y = painter.text(
                    "Or continue a session on this computer",
                    (left.left, y),
                    Type.SMALL,
                    palette.dim,
                ).bottom + theme.px(6)
                height = max(least, bottom - y) if wide else least
                self.list.rect = pygame.Rect(left.left, y, left.width, height)
                end = self.list.rect.bottom
            else:
                words = (
                    "No class sessions on this computer yet. Type a name above: the session "
                    "starts with its first game."
                )
                need = painter.paragraph_height(words, left.width - theme.px(40), Type.BODY)
                height = max(need + theme.px(40), bottom - y if wide else 0)
                inner = painter.card(pygame.Rect(left.left, y, left.width, height), pad=20)
                painter.paragraph(words, inner, Type.BODY, palette.dim)
                painter.bounds = None
                end = y + height
            right = design_rect(painter, 640, 0, 600) if wide else left
            y = top + theme.px(12) if wide else end + theme.px(16)
            y = self._session_card(painter, pygame.Rect(right.left, y, right.width, 0))
            self.pair.rect = pygame.Rect(right.left, y + theme.px(12) + label, right.width, field)
            note = "Both sit at this keyboard; a curtain hides each one's screen from the other."
            below = pygame.Rect(right.left, self.pair.rect.bottom + theme.px(6), right.width, 0)
            below.height = painter.paragraph_height(note, below.width, Type.SMALL)
            with painter.within(below):
                painter.paragraph(note, below, Type.SMALL, palette.dim)
            height = max(theme.px(52), theme.font(Type.LABEL).get_height() + theme.px(8))
            self.start_button.rect = pygame.Rect(
                right.left, below.bottom + theme.px(12), right.width, height
            )
            row = pygame.Rect(
                right.left, self.start_button.rect.bottom + theme.px(10), right.width, height
            )
            y = button_rows(painter, [self.summary_button, self.back_button], row)
            draw_widgets(painter, self.focus)
            message, color = (
                (self.problem, palette.warning) if self.problem else (self.note, palette.good)
            )
            if message:
                box = pygame.Rect(right.left, y + theme.px(10), right.width, 0)
                box.height = painter.paragraph_height(message, box.width, Type.SMALL)
                with painter.within(box):
                    painter.paragraph(message, box, Type.SMALL, color)
                y = box.bottom
            keys = (
                "Tab: next \u00b7 Up/Down: pick a session \u00b7 Enter: continue \u00b7 Esc: back"
            )
            end = max(end, y)
            self.page.reach(page_hint(painter, keys, end, page_top) + theme.px(8))

    def _session_card(self, painter: Painter, box: pygame.Rect) -> int:
        """The session the next game goes to: new or how many games, and its folder.

        The card is as tall as its lines; returns its bottom.
        """
        theme = painter.theme
        palette = theme.palette
        pad = 18
        width = box.width - 2 * theme.px(pad)
        name, session = self.chosen()
        lines: list[tuple[str, float, Color, bool]] = [
            ("The next game goes to", Type.SMALL, palette.dim, False)
        ]
        if not name:
            lines.append(("no session yet: type its name", Type.LABEL, palette.dim, False))
        else:
            folder = session.folder if session else classes_dir() / slug(name)
            detail = "a new session" if session is None else self._detail(session)
            lines += [
                (painter.clip(name, Type.LABEL, width, bold=True), Type.LABEL, palette.text, True),
                (detail, Type.SMALL, palette.focus, False),
                (
                    painter.clip(f"Results: {folder}", Type.SMALL, width, "end"),
                    Type.SMALL,
                    palette.dim,
                    False,
                ),
            ]
        return card_of_lines(painter, box, lines, gap=4, pad=pad, fill=False)


# -- the teacher's summary ------------------------------------------------------------------


class TeacherSummary:
    """Outcomes, spirals, true dilemmas and real against felt security, per pair and in all.

    Up/Down choose a pair (the first row is the whole class); "Export report" writes the
    CSV tables, the Markdown page and the charts to the folder typed below the questions.
    ``problems`` are the results lines that could not be used.
    """

    def __init__(
        self,
        app: App,
        summary: ClassSummary,
        on_back: Callable[[], None],
        export_to: Path,
        problems: Sequence[str] = (),
    ) -> None:
        self.app = app
        self.summary = summary
        self.on_back = on_back
        self.problems = list(problems)
        self.message = ""
        self.failed = False
        self.groups = [summary.total, *summary.pairs]
        rows = [(self._name(tally), self._detail(tally)) for tally in self.groups]
        self.list = ListBox(rows, 0)
        self.folder = TextField("Export the report to this folder", str(export_to))
        self.folder.on_submit = self.export
        self.export_button = Button("Export report", self.export)
        self.back_button = Button("Back", on_back)
        self.questions = ScrollCard(self._question_blocks(app.theme.palette), pad=14)
        self.page = ScrollPage()
        self.focus = Focus(
            [self.list, self.questions, self.folder, self.export_button, self.back_button]
        )

    def _name(self, tally: Tally) -> str:
        return "Whole class" if tally is self.summary.total else tally.name

    @staticmethod
    def _detail(tally: Tally) -> str:
        parts = [
            plural(tally.count, "game"),
            plural(tally.spirals, "spiral"),
            plural(tally.dilemmas, "true dilemma"),
        ]
        if tally.real_security is not None and tally.felt_security is not None:
            parts.append(f"real {tally.real_security:.2f} / felt {tally.felt_security:.2f}")
        return " \u00b7 ".join(parts)

    @property
    def selected(self) -> Tally:
        """The pair (or the whole class) shown on the right."""
        return self.groups[self.list.index]

    def export(self) -> None:
        """Write the report; say where, or why not."""
        text = self.folder.text.strip().strip('"')
        if not text:
            self.message, self.failed = "Type the folder to export to first.", True
            return
        folder = Path(text).expanduser()
        try:
            written = write_report(self.summary, folder, save_class_charts)
        except OSError as error:
            self.message = f"Could not export to {folder}: {error.strerror or error}"
            self.failed = True
            return
        charts = sum(path.suffix == ".png" for path in written)
        self.message = (
            f"Report written to {folder}: class-report.md, two CSV tables, {charts} charts"
        )
        self.failed = False

    def handle(self, event: pygame.event.Event) -> None:
        """Up/Down pick a pair; Tab, Enter and clicks; Esc goes back."""
        if escapes(event):
            self.on_back()
            return
        if not self.questions.wheel(event):
            self.page.handle(event, self.focus)

    def draw(self, painter: Painter) -> None:
        """Pairs and questions on the left, the chosen one's charts on the right, export.

        Rows flow from the heading down and from the key hint up, so every text keeps its
        size at any window and interface size: the list and the questions scroll. Without
        room for two columns at the size chosen, everything goes in one and the page
        scrolls.
        """
        painter.fill()
        theme = painter.theme
        palette = theme.palette
        summary = self.summary
        total = summary.total
        line = (
            f"{plural(total.count, 'game')} by {plural(len(summary.pairs), 'pair')} \u00b7 "
            f"{total.spirals} spiralled \u00b7 "
            f"{plural(total.dilemmas, 'true security dilemma')} \u00b7 "
            f"{total.wars} ended in war \u00b7 {summary.dates}"
        )
        width = design_rect(painter, 0, 0, 1200).width
        title = painter.clip(f"Class summary: {summary.title}", Type.HEADING, width, bold=True)
        wide = design_width(painter) >= TWO_COLUMNS
        status, color = self.message, palette.warning if self.failed else palette.good
        if not status and self.problems:
            status = f"{plural(len(self.problems), 'results line')} not used: "
            status += "; ".join(self.problems)
            color = palette.warning
        footer = status or "Up/Down: choose \u00b7 Tab: next \u00b7 Enter: export \u00b7 Esc: back"
        lines = len(painter.lines(footer, width, Type.SMALL))
        with self.page.scrolling(painter, painter.surface.get_rect()) as page_top:
            top = heading(painter, title, line, page_top) + theme.px(12)
            if wide:
                row = self._place_columns(painter, top, page_top, lines)
            else:
                row = self._place_column(painter, top)
            self.folder.rect = pygame.Rect(row.left, row.top, row.width, row.height)
            buttons = [self.export_button, self.back_button]
            if wide:
                self.folder.rect.width = design_rect(painter, 0, 0, 560).width
                place = design_rect(painter, 620, 0, 620)
                button_row(painter, buttons, pygame.Rect(place.left, row.top, place.width, row.h))
                y = row.bottom
            else:
                under = pygame.Rect(row.left, row.bottom + theme.px(14), row.width, row.height)
                y = button_rows(painter, buttons, under)
            draw_widgets(painter, self.focus)
            shade = color if status else None
            self.page.reach(page_hint(painter, footer, y, page_top, shade) + theme.px(8))

    def _place_columns(self, painter: Painter, top: int, page_top: int, footer: int) -> pygame.Rect:
        """The list over the questions on the left, the details on the right; the export row.

        Returns the row of the folder field and the buttons, above ``footer`` lines of keys
        or news.
        """
        theme = painter.theme
        hint = theme.font(Type.SMALL).get_linesize() * footer
        row = design_rect(painter, 40, 0, 1200)
        row.height = theme.px(48)
        row.bottom = page_top + design_rect(painter, 0, 712).top - hint - theme.px(8)
        bottom = row.top - theme.px(32)  # room for the folder field's label
        left = design_rect(painter, 40, 0, 500)
        self.questions.rect = self._questions_rect(painter, left.left, left.width, bottom)
        least = theme.px(2 * 62)
        if self.questions.rect.top - theme.px(12) - top < least:  # too short: below the list
            self.questions.rect.top = top + least + theme.px(12)
        list_bottom = self.questions.rect.top - theme.px(12)
        self.list.rect = pygame.Rect(left.left, top, left.width, list_bottom - top)
        right = design_rect(painter, 560, 0, 680)
        box = pygame.Rect(right.left, top, right.width, bottom - top)
        box.height = max(box.height, self._details_height(painter, box.width))
        self._details(painter, box)
        end = max(box.bottom, self.questions.rect.bottom)
        row.top = max(row.top, end + theme.px(32))
        return row

    def _place_column(self, painter: Painter, top: int) -> pygame.Rect:
        """The list, the details and every question one under the other; the export row."""
        theme = painter.theme
        column = design_rect(painter, 40, 0, 1200)
        self.list.rect = pygame.Rect(column.left, top, column.width, LIST_ROWS * theme.px(62))
        box = pygame.Rect(column.left, self.list.rect.bottom + theme.px(14), column.width, 0)
        box.height = self._details_height(painter, box.width)
        self._details(painter, box)
        y = box.bottom + theme.px(14)
        self.questions.rect = pygame.Rect(column.left, y, column.width, 0)
        self.questions.rect.height = self.questions.needs(painter, column.width)
        y = self.questions.rect.bottom + theme.px(14) + theme.px(32)
        return pygame.Rect(column.left, y, column.width, theme.px(48))

    def _details_height(self, painter: Painter, width: int) -> int:
        """How tall the details card must be at ``width`` for all it says (drawn unseen)."""
        scratch = Painter(pygame.Surface((width, 1)), painter.theme)
        return self._details(scratch, pygame.Rect(0, 0, width, 0))

    def _questions_rect(self, painter: Painter, left: int, width: int, bottom: int) -> pygame.Rect:
        """The questions card, ending at ``bottom``.

        It is tall enough for its heading and the longest question whole, so scrolling
        never cuts a question.
        """
        theme = painter.theme
        inner = width - 2 * theme.px(self.questions.pad)
        tallest = max(block_height(painter, block, inner) for block in self.questions.blocks[1:])
        heading_height = block_height(painter, self.questions.blocks[0], inner)
        gap = theme.px(self.questions.blocks[1].gap)
        height = heading_height + gap + tallest + 2 * theme.px(self.questions.pad)
        return pygame.Rect(left, bottom - height, width, height)

    def _details(self, painter: Painter, box: pygame.Rect) -> int:
        """The chosen group: its outcomes as a bar, its counts, real against felt security.

        Returns the height all of it needs (the card itself is ``box``).
        """
        theme = painter.theme
        palette = theme.palette
        inner = painter.card(box, pad=18)
        inner.width = box.width - 2 * theme.px(18)
        tally = self.selected
        name = painter.clip(self._name(tally), Type.LABEL, inner.width, bold=True)
        y = painter.text(name, inner.topleft, Type.LABEL, bold=True).bottom + theme.px(8)
        if not tally.count:
            painter.paragraph(
                "No games yet. Finished games of this session appear here.",
                pygame.Rect(inner.left, y, inner.width, 0),
                Type.BODY,
                palette.dim,
            )
            painter.bounds = None
            return y + theme.px(40) + theme.px(18) - box.top
        y = painter.text("How the games ended", (inner.left, y), Type.SMALL, palette.dim).bottom
        bar = pygame.Rect(inner.left, y + theme.px(4), inner.width, theme.px(30))
        outcome_bar(painter, bar, tally, tally.count)
        y = bar.bottom + theme.px(8)
        keys = [key for key, count in tally.outcomes.items() if count]
        y += outcome_legend(painter, inner.left, y, inner.width, keys, Type.SMALL)
        counts = (
            f"Spiralled: {tally.spirals} of {tally.count} \u00b7 true security dilemmas: "
            f"{tally.dilemmas} \u00b7 deterrence cases: {tally.deterrence}"
        )
        y += painter.paragraph(counts, pygame.Rect(inner.left, y, inner.width, 0), Type.SMALL)
        gap = security_gap(tally.real_security, tally.felt_security)
        security = (
            f"Security from 0 to 1: they {gap}"
            if gap
            else "No security figures: matrix levels score moves, not arsenals"
        )
        said = pygame.Rect(inner.left, y + theme.px(6), inner.width, 0)
        y = said.top + painter.paragraph(security, said, Type.SMALL, palette.focus)
        bars = pygame.Rect(inner.left, y + theme.px(4), inner.width, theme.px(Type.SMALL * 3))
        security_bars(painter, bars, tally.real_security, tally.felt_security, Type.SMALL)
        y = bars.bottom + theme.px(10)
        levels = f"Levels played: {', '.join(tally.levels)}"
        place = pygame.Rect(inner.left, y, inner.width, 0)
        y += painter.paragraph(levels, place, Type.SMALL, palette.dim)
        painter.bounds = None
        return y + theme.px(18) - box.top

    def _question_blocks(self, palette: Palette) -> list[Block]:
        """Every discussion question of the levels played, each with its level's title."""
        questions = [
            Block(f"\u2022 {question} ({level.title})", Type.BODY, gap=4)
            for level in self.summary.levels
            for question in level.questions
        ]
        if not questions:
            questions = [
                Block(
                    "The discussion questions of the levels played appear here.",
                    Type.BODY,
                    palette.dim,
                )
            ]
        return [Block("For discussion", Type.SMALL, palette.focus, bold=True), *questions]


def session_summary(app: App, session: ClassSession, on_back: Callable[[], None]) -> TeacherSummary:
    """The teacher's summary of every results file in the session's folder on this computer.

    The report is exported to the session's ``report`` folder unless the teacher types
    another one. Results files copied in from other computers are merged too.
    """
    records, problems = load_results(session.folder)
    summary = summarize_class(records, [session.name])
    return TeacherSummary(app, summary, on_back, session.folder / "report", problems)
