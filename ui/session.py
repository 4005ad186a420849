"""Per-browser-session state of the Ask page: language, the conversation, what is open."""

from __future__ import annotations

from dataclasses import dataclass, field

from copilot.core.types import Answer
from ui.i18n import Lang


@dataclass(frozen=True)
class Note:
    """A safety line for the banner: the text verbatim, where it is, and whether the answer
    cites the step it belongs to."""

    line: str
    where: str = ""
    cited: bool = True


@dataclass
class Turn:
    """One question and what came back (an Answer, streamed text so far, or an error), the
    safety notes of the instructions it cites, and the user's verdict on it."""

    question: str
    answer: Answer | None = None
    partial: str = ""
    error: str = ""
    notes: tuple[Note, ...] = ()
    verdict: str = ""  # "up" / "down" once rated (one verdict per answer, changeable)


@dataclass
class Session:
    """Held in a ``gr.State``: Gradio gives every browser tab its own copy."""

    lang: Lang = "en"
    turns: list[Turn] = field(default_factory=list)
    selected: int = -1  # index of the turn whose sources are listed (-1: the latest)
    chunk_id: str = ""  # chunk open in the source panel

    def history(self) -> list[str]:
        """Earlier questions that got an answer, oldest first (the service's memory input)."""
        return [t.question for t in self.turns if t.answer is not None]

    def current(self) -> Turn | None:
        """The turn whose sources and feedback buttons apply."""
        if not self.turns:
            return None
        if 0 <= self.selected < len(self.turns):
            return self.turns[self.selected]
        return self.turns[-1]

    def clear(self) -> None:
        """Forget the conversation (language stays)."""
        self.turns.clear()
        self.selected = -1
        self.chunk_id = ""
