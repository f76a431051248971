"""Plain data passed between the stages: what ingest finds, what extract reads out of it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

IsAgency = Callable[[str], bool]  # does a printed name resolve to an agency?


@dataclass(frozen=True)
class Source:
    """One plan file as read: its display path, text, language and the plan it belongs to."""

    path: str
    text: str
    lang: str
    plan_id: str


@dataclass(frozen=True)
class Section:
    number: str  # "2", "2.3"
    label: str
    start: int  # span of the heading as printed
    end: int
    kind: str  # general | tasks | organisational | other | section
    parent: str | None = None


@dataclass(frozen=True)
class Note:
    """A task's responsibility note: the bracketed text closing a task."""

    start: int
    end: int
    closed: bool  # the bracket closes
    opened: bool  # the opening bracket is there (task 19 lost it)

    def inner(self, text: str) -> tuple[int, int]:
        """The note's words without its brackets and closing punctuation."""
        a = self.start + 1 if self.opened else self.start
        b = self.end
        while b > a and text[b - 1] in " \t\n.。;；":
            b -= 1
        if self.closed and text[b - 1] in ")）〕】]":
            b -= 1
        return a, b


@dataclass(frozen=True)
class TaskBlock:
    number: str  # the printed number in Arabic digits: "7", "G1" (pk:taskNumber)
    section: str
    start: int  # from the printed number to the end of the task
    end: int
    body_start: int  # after the printed number
    title: str | None
    note: Note | None
    runs_into_next: bool = False  # the next task starts mid-sentence inside this one
    cut_by_noise: bool = False  # the text ends where page noise (a paywall) begins
    # the task's identity in its plan (its IRI): the printed number where that is unique in the
    # document, else qualified by the parents' numbers ("2.1", "2.3.5"); defaults to number
    id: str = ""
    # the printed numbers from the part down, as the document nests them: (2, 3, 5) for 二、（三）5.
    path: tuple[int, ...] = ()
    # where a line numbered out of sequence starts ("3." again after "4."), read as no task of
    # its own: inside this task's text, or (first task of a part) before it
    strays: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", self.number)


@dataclass(frozen=True)
class Target:
    year: int
    start: int
    end: int


@dataclass(frozen=True)
class Defect:
    kind: str
    explanation: str
    start: int
    end: int


@dataclass
class Ingested:
    """The structure of one source text: metadata, sections and tasks with spans."""

    source: Source
    title: str | None = None
    title_span: tuple[int, int] | None = None
    issuers: list[tuple[str, int, int]] = field(default_factory=list)
    issued: str | None = None  # ISO date
    published: str | None = None
    approved_by: tuple[str, int, int] | None = None
    targets: list[Target] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    tasks: list[TaskBlock] = field(default_factory=list)
    noise: list[tuple[int, int]] = field(default_factory=list)
    # structure the reader saw but could not place (a number out of sequence, a duplicate ...):
    # defects of the document, not of one task
    defects: list[Defect] = field(default_factory=list)


@dataclass(frozen=True)
class NamedBody:
    """One agency name as printed in a note, with the role the note gives it."""

    printed: str
    start: int
    end: int
    role: str  # Lead | CoResponsible | Cooperating | Supporting | Implementer
    position: int
    blanket: bool = False  # stated once, applies to every later task
    applies_here: bool = True  # False for "以下各项任务…": the later tasks only
    # a level prefix printed once earlier in the list and carried to this name: "省" for
    # 生态环境厅 in 省发展改革委、生态环境厅 (resolve carried + printed; keep printed as printed)
    carried: str = ""
    open_list: bool = False  # the group it is printed in ends in 等 (…省能源局等按职责分工负责)


@dataclass(frozen=True)
class Mention:
    kind: str  # place | sector
    ref: str  # registry id
    printed: str
    start: int
    end: int


@dataclass(frozen=True)
class Quantity:
    value: str  # decimal as text, exact
    unit: str
    printed: str
    start: int
    end: int


@dataclass
class TaskFacts:
    """Everything extract reads out of one task."""

    task: TaskBlock
    bodies: list[NamedBody] = field(default_factory=list)
    open_list: bool = False
    defects: list[Defect] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
