"""Chinese responsibility notes ("X牵头，A、B等按职责分工负责"), thresholds and target years.

A note is read as groups of names, each closed by the verb that gives it its role
("A牵头，B、C，D、E配合": A Lead, B-E Cooperating). Every word the reader knows is in the lexicon
just below, so a new note form touches one place. Whether a name "looks like a body" is decided
by its printed head (厅, 局, 委 ...), never by the agency registry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from ...model import IsAgency, NamedBody, Note, Quantity

# ---- the lexicon of notes -------------------------------------------------------------------
# closing verbs: the phrase ending a group of names gives the group its role (longest first
# wins inside one alternation); "Solo" is 负责 alone: Lead for one name, CoResponsible for more
VERBS: list[tuple[str, str]] = [
    ("Lead", r"(?:共同)?牵头(?:负责|落实|推进|实施|抓总)?|负总责|统筹(?:协调|推进)?"),
    (
        "CoResponsible",
        r"(?:按照?|根据|依据)(?:各自)?(?:职责|职能)(?:职责)?(?:分工)?(?:负责|落实|推进|抓好落实)?"
        r"|分工负责|分工落实|共同负责",
    ),
    ("Implementer", r"(?:负责)?(?:组织|抓好|具体)?(?:落实|实施)"),
    ("Cooperating", r"配合|协助|协同|参与|参加"),
    ("Supporting", r"支持"),
    ("Solo", r"负责"),
]
# A会同B: A leads, B is co-responsible with it
TOGETHER_WITH = "会同"
# a label opening a clause ("责任单位：", "牵头单位：A；配合单位：B"), with the role it gives
LABELS = {
    "责任": "",
    "主责": "",
    "牵头": "Lead",
    "主办": "Lead",
    "配合": "Cooperating",
    "协办": "Cooperating",
    "参与": "Cooperating",
    "支持": "Supporting",
}
LABEL = re.compile(r"(?P<kind>" + "|".join(LABELS) + r")(?:单位|部门)[：:]")
# a blanket clause: the names it prints apply to later tasks ("以下均需…落实，不再单独列出",
# "本项及以下各项任务均需…", "均需X负责，下同"); scope 以下 alone leaves the task itself out
BLANKET_LEAD = re.compile(
    r"(?:(?P<scope>本项及以下|以下)(?:各项)?(?:任务|工作)?)?(?:均需|均由|均要|均请|需|由)?"
)
SAME_BELOW = {"下同", "以下同"}  # a marker clause after the names: this task and the later ones
NOT_LISTED = re.compile(r"不再(?:单独|一一|逐一|另行)?列出")
# an open list: 等 closing a group, with the generic noun it may carry ("…局等部门")
OPEN_LIST = re.compile(r"等(?:有关|相关)?(?:部门|单位)?$")
# names end in a body head; a piece without one is not a body by itself
BODY_HEAD = re.compile(
    r"(?:委员会|办公室|管委会|领导小组|工作组|专班|成员单位|单位|部门|政府|公司|集团|中心|总局|海关"
    r"|机场|分行|支行|银行|法院|检察院|党委|[厅局委部办署行院会处所站队组社馆])$"
)
# level prefixes printed once and carried along a list (省发展改革委、生态环境厅)
LEVEL_PREFIX = re.compile(r"^(?:自治区|省|市(?!场)|区(?!域)|县(?!域)|州|盟)")  # 市市场监管委: 市
COLLECTIVE_PREFIX = re.compile(r"^(?:各有关|各相关)")
EACH = "各"
GENERIC_HEADS = {"单位", "部门", "机构", "企业"}  # 各有关部门、单位: 单位 takes 各有关
# names that stand on their own and take no carried prefix: national and vertically managed
# bodies, enterprises, names starting with a place of their own or a collective word
NATIONAL = re.compile(r"^(?:国家|中国|中央|全国|人民银行)|部$|总局$|署$|银保监会$|证监会$")
VERTICAL = re.compile(r"海关|银保监|证监|金融监督管理总局|铁路|国铁|海事|邮政|税务|电网")
ENTERPRISE = re.compile(r"公司|集团|机场")
OWN_PLACE = re.compile(
    r"^(?:各|有关|相关|其他|北京|天津|上海|重庆|河北|山西|内蒙古|辽宁|吉林|黑龙江|江苏|浙江|安徽"
    r"|福建|江西|山东|河南|湖北|湖南|广东|广西|海南|四川|贵州|云南|西藏|陕西|甘肃|青海|宁夏|新疆"
    r"|香港|澳门|台湾)"
)
LEVEL_INSIDE = re.compile(r"(?<!城)市(?!场)|(?<!地)区(?!域)|县(?!域)|[州盟旗]")
# names joined by a conjunction split only where both sides look like bodies
CONJUNCTION = re.compile(r"[和及与]")
# a piece made only of level nouns distributes over the next one: 各州、市有关部门 is one body
LEVEL_NOUNS = re.compile(r"各?[省市县区州盟旗]+")
GROUP_BREAKS = "，,"
CLAUSE_BREAKS = "；;"
NAME_BREAKS = "、"
OPENING, CLOSING = "（(〔【[", "）)〕】]"
SPACES = " \t\r\n\u3000\u00a0"
# a page number inside a note: "、。10。生态环境厅", "、-10-生态环境厅"
PAGE_NUMBER = re.compile(r"[。.]\d{1,3}[。.]|[-—－]\d{1,3}[-—－]")

VERB_ANYWHERE = re.compile("|".join(f"(?P<{role}>{p})" for role, p in VERBS))
VERB_AT_END = re.compile(f"(?:{VERB_ANYWHERE.pattern})$")


@dataclass
class Group:
    """Names waiting for the verb that closes them, in cleaned-text coordinates."""

    names: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, forced role)
    open_list: bool = False
    blanket: bool = False
    applies_here: bool = True


@dataclass(frozen=True)
class Read:
    """One body as read: cleaned-text span, role and flags."""

    start: int
    end: int
    role: str
    open_list: bool
    blanket: bool
    applies_here: bool


class NoteReader:
    """The words of one note without stray spaces and page numbers, mapped back to the text."""

    def __init__(self, text: str, start: int, end: int) -> None:
        kept = [i for i in range(start, end) if text[i] not in SPACES]
        s = "".join(text[i] for i in kept)
        for m in reversed(list(PAGE_NUMBER.finditer(s))):
            del kept[m.start() : m.end()]
            s = s[: m.start()] + s[m.end() :]
        # a full stop inside a note is PDF noise where a verb reads across it (按职责。分工负责),
        # a clause break otherwise
        for p in reversed([i for i, ch in enumerate(s) if ch == "。" and 0 < i < len(s) - 1]):
            joined = s[:p] + s[p + 1 :]
            if any(m.start() < p < m.end() for m in VERB_ANYWHERE.finditer(joined)):
                del kept[p]
                s = joined
            else:
                s = s[:p] + "，" + s[p + 1 :]
        self.s, self.kept = s, kept
        self.ungoverned = False

    def span(self, a: int, b: int) -> tuple[int, int]:
        return self.kept[a], self.kept[b - 1] + 1

    def read(self, lo: int, hi: int) -> list[Read]:
        out: list[Read] = []
        for c_lo, c_hi in pieces(self.s, lo, hi, CLAUSE_BREAKS):
            out += self.clause(c_lo, c_hi)
        return out

    def clause(self, lo: int, hi: int) -> list[Read]:
        s = self.s
        label_role: str | None = None  # the role a label gives the names after it
        out: list[Read] = []
        group = Group()
        last: list[int] = []  # indexes in out of the last closed group
        for p_lo, p_hi in merge_level_nouns(s, pieces(s, lo, hi, GROUP_BREAKS + NAME_BREAKS)):
            label = LABEL.match(s, p_lo, p_hi)
            if label:  # 牵头单位：A，配合单位：B: a new label closes the names of the last one
                if group.names:
                    last = self.close_unverbed(out, group, label_role)
                    group = Group()
                label_role, p_lo = LABELS[label.group("kind")], label.end()
            words = s[p_lo:p_hi]
            if words in SAME_BELOW or NOT_LISTED.fullmatch(words):
                # 下同 / 不再列出 make the group before them a blanket clause
                for k in last:
                    here = words in SAME_BELOW or not out[k].blanket or out[k].applies_here
                    out[k] = replace(out[k], role="Implementer", blanket=True, applies_here=here)
                continue
            if not group.names:
                lead = BLANKET_LEAD.match(s, p_lo, p_hi)
                if lead and lead.group("scope"):
                    group.blanket, group.applies_here = True, lead.group("scope") != "以下"
                p_lo = lead.end() if lead else p_lo
            tail = trailing_bracket(s, p_lo, p_hi)
            if tail and not VERB_ANYWHERE.search(s, tail[0], tail[1]):
                tail = None  # no note inside: a name's own bracket, read below
            n_hi = tail[0] if tail else p_hi
            verb = VERB_AT_END.search(s, p_lo, n_hi)
            if not verb or not looks_like_body(strip_open(s, p_lo, verb.start())):
                verb = duty_verb(s, p_lo, n_hi) or verb
            if verb:  # 省发展改革委负责统筹协调: the words after the verb are the duty, not names
                n_hi = verb.start()
            etc = OPEN_LIST.search(s, p_lo, n_hi)
            if etc:
                group.open_list, n_hi = True, etc.start()
            together = s.find(TOGETHER_WITH, p_lo, n_hi)
            forced = ""
            if together > p_lo and at_depth_zero(s, p_lo, together):
                group.names += [(a, b, "") for a, b in split_names(s, p_lo, together)]
                last = self.close(out, group, "Lead")
                group, p_lo, forced = Group(), together + len(TOGETHER_WITH), "CoResponsible"
            # 省发展改革委（省能源局）: a bracketed body after a name is one more name
            own = trailing_bracket(s, p_lo, n_hi)
            extra = self.names_in(own[0] + 1, own[1] - 1) if own else []
            if own and extra and all(looks_like_body(s[a:b]) for a, b in extra):
                n_hi = own[0]
            else:
                extra = []
            group.names += [(a, b, forced) for a, b in split_names(s, p_lo, n_hi) + extra]
            sub = self.read(tail[0] + 1, tail[1] - 1) if tail else []  # a note inside the note
            if verb:
                last = self.close(out, group, verb.lastgroup or "")
                group = Group()
            out += sub
        if group.names:
            self.close_unverbed(out, group, label_role)
        return out

    def close_unverbed(self, out: list[Read], group: Group, label_role: str | None) -> list[int]:
        """Names no verb closes: the label's role, or co-responsible (a bare list)."""
        if label_role is None:
            self.ungoverned = True
        return self.close(out, group, label_role or "CoResponsible")

    def names_in(self, lo: int, hi: int) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        for a, b in merge_level_nouns(self.s, pieces(self.s, lo, hi, NAME_BREAKS + GROUP_BREAKS)):
            out += split_names(self.s, a, b)
        return out

    def close(self, out: list[Read], group: Group, role: str) -> list[int]:
        """Give every name of the group its role; the indexes of the bodies added."""
        if group.blanket:
            role = "Implementer"
        elif role == "Solo":
            role = "Lead" if len(group.names) == 1 else "CoResponsible"
        first = len(out)
        for a, b, forced in group.names:
            out.append(
                Read(a, b, forced or role, group.open_list, group.blanket, group.applies_here)
            )
        return list(range(first, len(out)))


def parse_note(
    text: str, note: Note, is_agency: IsAgency | None = None
) -> tuple[list[NamedBody], bool, bool]:
    """(bodies with roles in printed order, open list?, names left with no role phrase?).

    `is_agency` is not consulted: what is a body is read from the printed words alone."""
    a, b = note.inner(text)
    reader = NoteReader(text, a, b)
    read = reader.read(0, len(reader.s))
    bodies = []
    carried = carry([reader.s[r.start : r.end] for r in read])
    for position, (r, prefix) in enumerate(zip(read, carried, strict=True), 1):
        start, end = reader.span(r.start, r.end)
        bodies.append(
            NamedBody(
                printed=reader.s[r.start : r.end],
                start=start,
                end=end,
                role=r.role,
                position=position,
                blanket=r.blanket,
                applies_here=r.applies_here,
                carried=prefix,
                open_list=r.open_list,
            )
        )
    return bodies, any(r.open_list for r in read), reader.ungoverned


def note_at(text: str, opening: int, end: int | None = None) -> Note:
    """The note whose bracket opens at `opening`, to where that bracket closes (nested
    brackets of any shape included, line breaks too), or to `end` if it never closes."""
    end = len(text) if end is None else end
    depth = 0
    for i in range(opening, end):
        depth += text[i] in OPENING
        depth -= text[i] in CLOSING
        if depth == 0:
            return Note(opening, i + 1, closed=True, opened=True)
    return Note(opening, end, closed=False, opened=True)


def fused_notes(text: str, start: int, end: int) -> list[Note]:
    """Notes printed inside text[start:end] ("…。（责任单位：A牵头，B配合）推进…。（…）"): a bracket
    that opens with a label, or whose words are bodies closed by verbs."""
    notes = []
    i = start
    while i < end:
        note = note_at(text, i, end) if text[i] in OPENING else None
        if note is None or not note.closed:  # a bracket that never closes is no note here
            i += 1
            continue
        closes_text = not text[note.end : end].strip(SPACES + "。；;.")
        if reads_as_note(text, note, bare=closes_text):
            notes.append(note)
        i = note.end
    return notes


def reads_as_note(text: str, note: Note, bare: bool = False) -> bool:
    """A label opens it, or every name is a body and verbs close them (a bare list of bodies
    too where `bare`: the bracket closing a task, （各有关部门、单位）)."""
    a, b = note.inner(text)
    reader = NoteReader(text, a, b)
    if LABEL.match(reader.s):
        return True
    read = reader.read(0, len(reader.s))
    names = [reader.s[r.start : r.end] for r in read]
    governed = bare or not reader.ungoverned
    return bool(names) and governed and all(map(looks_like_body, names))


def carry(names: list[str]) -> list[str]:
    """The level prefix each name takes from an earlier name of the list ("" if none):
    自治区生态环境厅、发展改革委 -> ["", "自治区"]; 各有关部门、单位 -> ["", "各有关"]."""
    level = collective = ""
    out = []
    for name in names:
        own = LEVEL_PREFIX.match(name)
        group = COLLECTIVE_PREFIX.match(name)
        if own:
            level, collective = own.group(), ""
            out.append("")
        elif group or name.startswith(EACH):
            # 各区县政府、管委会: a level printed before 各 does not reach past it
            level, collective = "", group.group() if group else ""
            out.append("")
        elif name in GENERIC_HEADS:
            out.append(collective)
        elif stands_alone(name):
            out.append("")
        else:
            out.append(level)
    return out


def stands_alone(name: str) -> bool:
    """A national or vertically managed body, an enterprise, a name with a place of its own."""
    return bool(
        NATIONAL.search(name)
        or VERTICAL.search(name)
        or OWN_PLACE.match(name)
        or LEVEL_INSIDE.search(name)
        or ENTERPRISE.search(name)
    )


def duty_verb(s: str, lo: int, hi: int) -> re.Match[str] | None:
    """The first verb right after a body's name (or its 等), where the piece goes on with a duty:
    省发展改革委负责统筹协调."""
    if looks_like_body(s[lo:hi]):
        return None
    found = (
        m
        for m in VERB_ANYWHERE.finditer(s, lo, hi)
        if looks_like_body(strip_open(s, lo, m.start()))
    )
    return next(found, None)


def strip_open(s: str, lo: int, hi: int) -> str:
    """The names before a verb without the 等 (部门) that closes an open list."""
    etc = OPEN_LIST.search(s, lo, hi)
    return s[lo : etc.start() if etc else hi]


def looks_like_body(name: str) -> bool:
    return bool(BODY_HEAD.search(name))


def pieces(s: str, lo: int, hi: int, separators: str) -> list[tuple[int, int]]:
    """Spans of s[lo:hi] between separators outside brackets (empty ones dropped)."""
    out, depth, start = [], 0, lo
    for i in range(lo, hi):
        depth += s[i] in OPENING
        depth -= s[i] in CLOSING
        if s[i] in separators and depth == 0:
            out.append((start, i))
            start = i + 1
    out.append((start, hi))
    return [(a, b) for a, b in out if a < b]


def merge_level_nouns(s: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """各州、市有关部门: a piece of level nouns only (after any blanket words), followed by 、,
    belongs to the next piece."""
    out: list[tuple[int, int]] = []
    pending: int | None = None
    for a, b in spans:
        start = a if pending is None else pending
        lead = BLANKET_LEAD.match(s, a, b)
        nouns = LEVEL_NOUNS.fullmatch(s, lead.end() if lead else a, b)
        if nouns and b < len(s) and s[b] in NAME_BREAKS:
            pending = start
            continue
        pending = None
        out.append((start, b))
    if pending is not None:
        out.append((pending, spans[-1][1]))
    return out


def at_depth_zero(s: str, lo: int, i: int) -> bool:
    depth = 0
    for ch in s[lo:i]:
        depth += ch in OPENING
        depth -= ch in CLOSING
    return depth == 0


def trailing_bracket(s: str, lo: int, hi: int) -> tuple[int, int] | None:
    """(opening, end) of a bracket closing s[lo:hi] ("…负责落实〔以下各项任务…〕")."""
    if hi <= lo or s[hi - 1] not in CLOSING:
        return None
    depth = 0
    for i in range(hi - 1, lo - 1, -1):
        depth += s[i] in CLOSING
        depth -= s[i] in OPENING
        if depth == 0:
            return (i, hi) if i > lo else None
    return None


def split_names(s: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """One name, or several joined by 和/及/与 where every side looks like a body
    (省工业和信息化厅 keeps its 和); a bracket inside a name stays in it (各县（市、区）政府)."""
    if lo >= hi:
        return []
    for m in CONJUNCTION.finditer(s, lo, hi):
        if at_depth_zero(s, lo, m.start()) and looks_like_body(s[lo : m.start()]):
            rest = split_names(s, m.end(), hi)
            if rest and all(looks_like_body(s[a:b]) for a, b in rest):
                return [(lo, m.start()), *rest]
    return [(lo, hi)]


QUANTITY = re.compile(
    r"(?P<num>\d+(?:\.\d+)?)\s*(?P<mult>万|亿)?\s*"
    r"(?P<unit>蒸吨/小时|吨/小时|千瓦时|千瓦|兆瓦|吨标准煤|吨标煤|吨当量二氧化碳|吨二氧化碳|吨|公顷|亩|平方米|立方米|公里|千米|米|%|％)"
)
UNITS = {
    "蒸吨/小时": "steam tons per hour",
    "吨/小时": "tons/hour",
    "千瓦时": "kilowatt-hours",
    "千瓦": "kilowatts",
    "兆瓦": "megawatts",
    "吨标准煤": "tons of standard coal",
    "吨标煤": "tons of standard coal",
    "吨当量二氧化碳": "tons of carbon dioxide equivalent",
    "吨二氧化碳": "tons of carbon dioxide",
    "吨": "tons",
    "公顷": "hectares",
    "亩": "mu",
    "平方米": "square meters",
    "立方米": "cubic meters",
    "公里": "kilometers",
    "千米": "kilometers",
    "米": "meters",
    "%": "%",
    "％": "%",
}
YEAR = re.compile(
    r"(?:(?:到|至|于|在|力争|确保)(?P<year>20[2-9]\d)年|(?P<before>20[2-9]\d)年(?:底|末)?(?:前|以前))"
)


def find_quantities(text: str, start: int, end: int) -> list[Quantity]:
    out = []
    for m in QUANTITY.finditer(text, start, end):
        value = Decimal(m.group("num"))
        if m.group("mult"):
            value *= 10_000 if m.group("mult") == "万" else 100_000_000
        unit = UNITS[m.group("unit")]
        out.append(Quantity(format(value.normalize(), "f"), unit, m.group(), m.start(), m.end()))
    return out


def find_years(text: str, start: int, end: int) -> list[int]:
    return sorted(
        {int(m.group("year") or m.group("before")) for m in YEAR.finditer(text, start, end)}
    )
