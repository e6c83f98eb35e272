"""A proposal's structure: titled sections of sentences, list items and table rows, with metadata set apart.

The text is split by the shared sentence splitter (`core.text.sentences`). Markdown and Word headings, lone
`Label:` lines, Chinese numbered headings (一、背景, （二）方案, 【预算】) and short lines that name a known
section start a section. A `Label: text` line or item keeps its label ("Build" in "- Build: $380,000"); a
table row keeps its cells and its table's header row, so a figure can be read with the column it sits in.
E-mail headers, owner/author/date lines, greetings and signatures are metadata, never content.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from pm_assistant.core.text.quantities import Quantity, read_quantities
from pm_assistant.core.text.sentences import split_sentences

_CJK_GAP = re.compile(r"(?<=[\d\u3400-\u9fff])[ \t]+(?=[\u3400-\u9fff])|(?<=[\u3400-\u9fff])[ \t]+(?=[\d¥$€£])")
_LABEL = re.compile(r"^\s*(?:[-*•+]\s+)?\**\s*([^\s:：|*][^:：|]{0,38}?)\s*\**\s*[:：]\s*\**\s*(.*)$", re.DOTALL)
_CJK_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|【[^】]{1,20}】)\s*(.{1,30})$")
_NUMBERED_HEADING = re.compile(r"^\s*\d{1,2}[.、)]\s*(.{1,40})$")
_EMPHASIS = re.compile(r"\*\*|__|`")
_ENUMERATED = re.compile(r"^\s*(?:[A-Da-d]|\d{1,2}|[（(][A-Da-d\d][)）])[.)、]\s*\S")  # "A) …", "2. …" lines
_SPEAKER = re.compile(r"^\s*\[\d{1,2}:\d{2}(?::\d{2})?\]\s*[^:：\n]{1,30}[:：]\s*")  # "[10:03] Dana Kim: " (a chat export)
_META_LABELS = re.compile(
    r"^(from|to|cc|bcc|sent|date|subject|re|fw|fwd|owner|author|authors|prepared by|written by|submitted by"
    r"|requested by|sponsor|reviewers?|approvers?|version|status|last updated|updated|created|contact|email|e-mail"
    r"|phone|team|department|dept|发件人|收件人|抄送|日期|时间|主题|负责人|作者|撰写人|提交人|申请人|申请部门|部门"
    r"|联系人|联系方式|版本|状态|邮箱|电话|审批人|发送时间)$",
    re.IGNORECASE,
)
_GREETING = re.compile(
    r"^(hi|hello|dear|hey|good (morning|afternoon))\b.{0,40}[,:!]?$|^(各位|尊敬的|您好|大家好).{0,20}[：:，,!！]?$"
    r"|^[A-Z][a-z]+(?: [a-z]+)?,$",
    re.IGNORECASE,
)
_SIGN_OFF = re.compile(
    r"^(thanks|thank you|many thanks|regards|best|best regards|kind regards|cheers|sincerely|sent from my \w+"
    r"|此致|敬礼|谢谢|顺祝|祝好|请审批|请批示|请领导审批)\b.{0,30}$|^--\s*$",
    re.IGNORECASE,
)

Kind = str  # "sentence" | "heading" | "item" | "row"


@dataclass(frozen=True)
class Sentence:
    """One quotable piece of the proposal: its verbatim text, the section heading it sits under, its position
    (`index` over all pieces, `block` for its paragraph, item or table), its kind, and for a `Label: text`
    line the label; for a table row its cells and the header row of its table."""

    text: str
    section: str | None
    index: int
    block: int = 0
    kind: Kind = "sentence"
    label: str | None = None
    cells: tuple[str, ...] = ()
    header: tuple[str, ...] = ()

    @property
    def table(self) -> bool:
        """True for a table row."""
        return self.kind == "row"

    @property
    def body(self) -> str:
        """The text after its label (the whole text when it has none), without markdown emphasis."""
        text = _EMPHASIS.sub("", self.text)
        match = _LABEL.match(text) if self.label else None
        return match.group(2).strip() if match else text


@dataclass
class Section:
    """A heading (None for text before the first heading), its level, and its sentences."""

    heading: str | None
    level: int
    sentences: list[Sentence] = field(default_factory=list)


@dataclass
class Document:
    """The proposal's title, sections in order, and the metadata lines set apart."""

    title: str
    sections: list[Section]
    metadata: list[str]

    @property
    def sentences(self) -> list[Sentence]:
        """Every content sentence in document order."""
        return [s for sec in self.sections for s in sec.sentences]


def normalise(text: str) -> str:
    """Drop the spaces CJK typesetting puts between numerals and Chinese ("80 万元" → "80万元") so the
    quantity reader sees one figure."""
    return _CJK_GAP.sub("", text)


def quantities_in(sentence: Sentence) -> list[Quantity]:
    """The quantities of a sentence (after CJK spacing is normalised)."""
    return read_quantities(normalise(sentence.text))


def _clean(text: str) -> str:
    return _EMPHASIS.sub("", text).strip().strip("#").strip()


def label_of(text: str) -> tuple[str | None, str]:
    """(label, rest) of a `Label: rest` line; (None, text) when the line has no short label before a colon."""
    match = _LABEL.match(_EMPHASIS.sub("", text))
    if not match or re.search(r"https?$|\d$", match.group(1)) or len(match.group(1).split()) > 5 or any(
        q.kind == "money" for q in read_quantities(match.group(1))
    ):  # "Total cost is $260k: $200k build plus …" states a figure; a label names what follows
        return None, text
    return match.group(1).strip(), match.group(2).strip()


def _is_metadata(text: str, after_sign_off: bool) -> bool:
    label, rest = label_of(text)
    if label is not None and _META_LABELS.match(label):
        return True
    plain = _clean(text)
    if _GREETING.match(plain) or _SIGN_OFF.match(plain):
        return True
    return after_sign_off and len(plain) <= 60


def _lone_heading(line: str, nxt: str, known: Callable[[str], bool]) -> str | None:
    """The heading a plain-text line stands for: `Label:` alone, 一、背景 and the like, or a short line that names
    a known section and is followed by text."""
    stripped = _clean(line)
    if not stripped or line.lstrip().startswith(("#", "|")):
        return None
    if (re.fullmatch(r"[^:：\d,，;；。]{1,40}[:：]", stripped)  # "$1.2M, spread over three quarters:" and
            # "各位领导好，简单汇报一下：" are sentences
            and not _META_LABELS.match(stripped[:-1].strip())):
        return stripped[:-1].strip()
    cjk = _CJK_HEADING.match(stripped)
    if cjk and not re.search(r"[。，,.;；]", cjk.group(1)):
        return stripped
    numbered = _NUMBERED_HEADING.match(stripped)
    short = numbered.group(1) if numbered else stripped
    if (
        nxt.strip()
        and len(short) <= 40
        and len(short.split()) <= 6
        and not re.search(r"[.!?。！？:：,，;；]$", short)
        and not re.match(r"\s*[-*•+]\s", line)
        and label_of(stripped)[0] is None  # "运行成本：月均3.5万元" is a labelled line, not a heading
        and known(short)
    ):
        return stripped
    return None


def _headingify(text: str, known: Callable[[str], bool]) -> str:
    """Mark lone headings of plain text as markdown headings, and give each `Label: text` line and each chat
    message a paragraph of its own (in plain text, consecutive lines would otherwise read as one wrapped
    paragraph); a message's time stamp and speaker are not content."""
    lines = "\n".join(_SPEAKER.sub("\n", line, count=1) for line in text.splitlines()).splitlines()
    out: list[str] = []
    for i, line in enumerate(lines):
        nxt = next((ln for ln in lines[i + 1 :] if ln.strip()), "")
        if _is_metadata(line, False) or not line.strip():
            out += ["", line, ""] if line.strip() else [line]
            continue
        heading = _lone_heading(line, nxt, known)
        if heading:
            out += ["", f"## {heading}", ""]
        elif (label_of(line)[0] is not None and not line.lstrip().startswith("|")) or _ENUMERATED.match(line):
            out += ["", line]
        else:
            out.append(line)
    return "\n".join(out)


def _cells(text: str) -> tuple[str, ...]:
    return tuple(_clean(c) for c in text.strip().strip("|").split("|"))


def parse(text: str, known: Callable[[str], bool] = lambda _: False) -> Document:
    """The document's title, sections and metadata; `known(line)` says whether a short plain line names a
    section (so plain text and PDFs, which lose heading marks, still split into sections)."""
    source = _headingify(text.replace("\f", "\n\n"), known)
    sections = [Section(None, 0)]
    metadata: list[str] = []
    subject: str | None = None
    index = block = 0
    header: tuple[str, ...] = ()
    previous_end, previous_kind = -1, ""
    after_sign_off = False
    for piece in split_sentences(source):
        gap = source[previous_end:piece.span[0]] if previous_end >= 0 else ""
        new_block = piece.kind in ("heading", "item") or "\n\n" in gap or piece.kind != previous_kind
        if piece.kind == "row" and previous_kind == "row" and "\n\n" not in gap:
            new_block = False
        previous_end, previous_kind = piece.span[1], piece.kind
        block += new_block
        if piece.kind == "heading":
            line = source[source.rfind("\n", 0, piece.span[0]) + 1 :]
            level = (len(line) - len(line.lstrip("#"))) or 2
            sections.append(Section(_clean(piece.text), level))
            after_sign_off = False
            continue
        if _is_metadata(piece.text, after_sign_off):
            meta_label, rest = label_of(piece.text)
            if meta_label and re.match(r"subject|re|主题", meta_label, re.IGNORECASE) and subject is None:
                subject = rest
            metadata.append(_clean(piece.text))
            after_sign_off = after_sign_off or bool(_SIGN_OFF.match(_clean(piece.text)))
            continue
        label: str | None = None
        cells: tuple[str, ...] = ()
        if piece.kind == "row":
            line_end = source.find("\n", piece.span[1])
            cells = _cells(source[source.rfind("\n", 0, piece.span[0]) + 1 : None if line_end < 0 else line_end])
            if new_block:
                header = cells
                continue  # a table's first row is its header: read with each row, not as content
        else:
            label = label_of(piece.text)[0]
        sections[-1].sentences.append(
            Sentence(piece.text, sections[-1].heading, index, block, piece.kind, label, cells, header if cells else ())
        )
        index += 1
    kept = [s for s in sections if s.sentences or s.heading]
    titled = next((s.heading for s in kept if s.heading and s.level == 1), None)
    first = next((_clean(s.text) for s in (kept[0].sentences if kept else [])), None)
    title = titled or subject or (kept[0].heading if kept and kept[0].heading else None) or first or "Proposal"
    if title == first and kept and kept[0].sentences and len(kept[0].sentences) > 1:
        kept[0].sentences.pop(0)  # a plain-text title line is not content
    title = re.sub(r"^(project )?proposal\s*[:\-–]\s*|立项申请[:：]?\s*", "", title, flags=re.IGNORECASE) or title
    return Document(title if len(title) <= 120 else title[:117] + "...", kept, metadata)
