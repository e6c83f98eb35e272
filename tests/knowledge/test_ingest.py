"""Ingesting user documents with the fake embedding: formats, idempotency, removal, rebuilds, bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from pm_assistant.agent.cli.app import main
from pm_assistant.agent.cli.commands import ingest as ingest_command
from pm_assistant.core.errors import UserInputError
from pm_assistant.knowledge import readers
from pm_assistant.knowledge.ingest import ingest_paths, remove_document
from tests.knowledge.documents import make_docx, make_pdf


@pytest.fixture
def kb(make_kb):
    return make_kb()


@pytest.fixture
def good_files(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "good"
    folder.mkdir()
    (folder / "plan.md").write_text("# Pilot plan\n\n## Launch\nThe walrus pilot starts in March.\n", encoding="utf-8")
    (folder / "memo.txt").write_text("Budget memo: the narwhal budget is 40k per quarter.\n", encoding="utf-8")
    make_pdf(folder / "deck.pdf", ["Axolotl results page", "Second page about pangolin metrics"])
    make_docx(folder / "spec.docx", "Okapi spec", ["The okapi service answers in two seconds."])
    return sorted(folder.iterdir())


def _ids(kb, query: str) -> list[str]:
    return [p.id for p in kb.search(query, k=3, source="user")]


def test_every_format_goes_in_and_is_searchable(kb, good_files) -> None:
    outcomes, report = ingest_paths(kb, good_files)
    assert [o.status for o in outcomes] == ["added"] * 4 and report is not None
    records = {Path(r.path).name: r for r in kb.registry.records()}
    assert set(records) == {"plan.md", "memo.txt", "deck.pdf", "spec.docx"}
    assert records["plan.md"].title == "Pilot plan" and records["spec.docx"].title == "Okapi spec"
    assert records["deck.pdf"].title == "Axolotl results page"  # no info title: the first line
    expected = {"walrus": "plan.md", "narwhal": "memo.txt", "pangolin": "deck.pdf", "okapi": "spec.docx"}
    for word, name in expected.items():
        assert _ids(kb, word)[0] == records[name].source_id
    short = kb.search("pangolin", k=1, source="user")[0]  # a short document is one passage
    assert short.section == "Full text" and "Axolotl" in short.text and short.id.startswith("user:")
    assert kb.status().documents == 4


def test_a_long_pdf_is_searched_page_by_page(kb, tmp_path: Path) -> None:
    filler = "The quarterly review covers roadmap items and staffing in detail. " * 10
    pages = [f"{filler} Page one mentions the walrus.", f"{filler} Page two mentions the pangolin.", filler]
    ingest_paths(kb, [make_pdf(tmp_path / "long.pdf", pages)])
    page = kb.search("pangolin", k=1, source="user")[0]
    assert page.section == "Page 2" and page.source == "user" and "pangolin" in page.text


def test_reingesting_the_same_content_is_a_no_op(kb, good_files, fake_ef, tmp_path: Path) -> None:
    ingest_paths(kb, good_files)
    fake_ef.embedded.clear()
    copy = tmp_path / "copy-of-plan.md"
    copy.write_text(good_files[2].read_text(encoding="utf-8"), encoding="utf-8")
    outcomes, report = ingest_paths(kb, [good_files[2], copy])
    assert [o.status for o in outcomes] == ["exists", "exists"] and report is None
    assert "already ingested" in outcomes[0].message and fake_ef.embedded == []
    assert len(kb.registry.records()) == 4


def test_folders_are_walked_skipping_hidden_and_unsupported(kb, tmp_path: Path) -> None:
    root = tmp_path / "tree"
    (root / "sub").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "sub" / "deep.md").write_text("deep yak notes", encoding="utf-8")
    (root / ".hidden" / "secret.md").write_text("hidden", encoding="utf-8")
    (root / "image.png").write_bytes(b"\x89PNG")
    outcomes, _ = ingest_paths(kb, [root])
    assert [(o.path.name, o.status) for o in outcomes] == [("tree", "skipped"), ("deep.md", "added")]
    assert outcomes[0].message.startswith(f"{root}: skipped 1 hidden or tool folder (")


def test_a_home_folder_walk_is_bounded_and_says_what_it_left_out(kb, tmp_path: Path, monkeypatch) -> None:
    from pm_assistant.knowledge import ingest

    home = tmp_path / "home"
    for folder in (".git", "node_modules", ".venv", "project/__pycache__"):
        (home / folder).mkdir(parents=True)
        (home / folder / "README.md").write_text("tool file", encoding="utf-8")
    deep = home.joinpath(*[f"d{i}" for i in range(ingest.MAX_DEPTH + 2)])
    deep.mkdir(parents=True)
    (deep / "buried.md").write_text("too deep", encoding="utf-8")
    for n in range(5):
        (home / f"note{n}.md").write_text(f"# Note {n}\nbody {n}", encoding="utf-8")
    (home / "project" / "spec.md").write_text("# Spec\nthe spec", encoding="utf-8")
    walk = ingest.walk_folder(home)
    assert sorted(p.name for p in walk.files) == ["note0.md", "note1.md", "note2.md", "note3.md", "note4.md", "spec.md"]
    assert (walk.skipped, walk.too_deep, walk.capped) == (4, 1, False)
    monkeypatch.setattr(ingest, "MAX_FILES", 4)
    outcomes, _ = ingest_paths(kb, [home])
    note = next(o for o in outcomes if o.status == "skipped")
    assert note.message == (
        f"{home}: skipped 3 hidden or tool folders (.git, node_modules, .venv, ...), every file after the first 4; "
        f"to narrow it, name a subfolder or the files (e.g. pm-assistant ingest {home / 'specs'})"
    )  # the walk stopped at the cap, before looking inside project/
    added = [Path(o.path).name for o in outcomes if o.status == "added"]
    assert added == ["note0.md", "note1.md", "note2.md", "note3.md"]  # nearest first, in name order


def test_remove_by_id_with_or_without_prefix(kb, good_files) -> None:
    ingest_paths(kb, good_files)
    records = kb.registry.records()
    removed, report = remove_document(kb, records[0].source_id)
    assert removed == records[0] and report.removed == [records[0].source_id]
    remove_document(kb, records[1].id)
    assert [r.id for r in kb.registry.records()] == [r.id for r in records[2:]]
    left = {c.source_id for c in kb._open_store().load().chunks if c.kind == "user"}
    assert left == {r.source_id for r in records[2:]}
    with pytest.raises(UserInputError, match="no ingested document with id 'user:nope'"):
        remove_document(kb, "user:nope")


def test_rebuild_keeps_user_documents(kb, good_files, make_kb) -> None:
    ingest_paths(kb, good_files)
    fresh = make_kb()
    report = fresh.refresh(rebuild=True)
    assert report.rebuilt and sum(1 for s in report.manifest.sources if s.startswith("user:")) == 4
    assert _ids(fresh, "walrus") and fresh.status().documents == 4


def _bad_files(folder: Path, monkeypatch) -> dict[str, Path]:
    folder.mkdir()
    files = {
        "corrupt": folder / "corrupt.pdf",
        "encrypted": make_pdf(folder / "locked.pdf", ["secret"], password="pw"),
        "scanned": make_pdf(folder / "scan.pdf", [""]),
        "empty": folder / "empty.md",
        "blank": folder / "blank.txt",
        "binary": folder / "binary.txt",
        "docx": folder / "broken.docx",
        "unreadable": folder / "locked.txt",
        "huge": folder / "huge.md",
        "type": folder / "table.csv",
        "missing": folder / "missing.md",
    }
    files["corrupt"].write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage without xref")
    files["empty"].write_bytes(b"")
    files["blank"].write_text("  \n\n ", encoding="utf-8")
    files["binary"].write_bytes(b"GIF89a\x00\x01\x02binary")
    files["docx"].write_bytes(b"PK\x03\x04 not really a zip")
    files["unreadable"].write_text("fine text", encoding="utf-8")
    files["huge"].write_text("x" * 100_001, encoding="utf-8")
    files["type"].write_text("a,b", encoding="utf-8")
    real_read_bytes = Path.read_bytes

    def read_bytes(path: Path) -> bytes:  # chmod 000 does not stop root, so refuse the read directly
        if path.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        return real_read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 100_000)
    return files


REASONS = {
    "corrupt": "is not a readable PDF",
    "encrypted": "password-protected",
    "scanned": "no extractable text",
    "empty": "the file is empty",
    "blank": "the file is empty",
    "binary": "binary file",
    "docx": "not a readable .docx",
    "unreadable": "cannot read it (Permission denied)",
    "huge": "larger than",
    "type": "unsupported file type '.csv'",
    "missing": "no such file or folder",
}


def test_bad_files_fail_alone_and_nothing_earlier_is_lost(kb, good_files, tmp_path, monkeypatch) -> None:
    ingest_paths(kb, good_files[:2])
    before = {r.id for r in kb.registry.records()}
    bad = _bad_files(tmp_path / "bad", monkeypatch)
    outcomes, _ = ingest_paths(kb, [*bad.values(), *good_files[2:]])
    by_path = {o.path: o for o in outcomes}
    for kind, path in bad.items():
        outcome = by_path[path]
        assert outcome.status == "failed", kind
        assert outcome.message.startswith(f"{path}: ") and REASONS[kind] in outcome.message, outcome.message
        assert "\n" not in outcome.message
    assert [by_path[p].status for p in good_files[2:]] == ["added", "added"]
    assert before < {r.id for r in kb.registry.records()}
    assert len(kb.registry.records()) == 4 and _ids(kb, "walrus")


def test_ingest_command_reports_and_exits_2_on_failures(kb, good_files, tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(ingest_command, "get_knowledge_base", lambda settings=None: kb)
    kb.refresh()
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert main(["ingest", str(good_files[0]), str(empty)]) == 2
    out, err = capsys.readouterr()
    assert f"error: {empty}: the file is empty" in err
    assert "1 document added, 0 already ingested, 1 failed" in out
    assert "added 1 document: embedded 1 chunk in " in out and "card/document" not in out
    assert main(["ingest", str(good_files[0])]) == 0
    assert "already ingested" in capsys.readouterr().out
    doc_id = kb.registry.records()[0].id
    assert main(["ingest", "--remove", doc_id]) == 0
    removed = capsys.readouterr().out
    assert f"removed user:{doc_id} " in removed and "the index now holds 4 cards" in removed
    assert "embedded 0" not in removed
    assert main(["ingest", "--remove", doc_id]) == 2
    assert "no ingested document" in capsys.readouterr().err
    assert main(["ingest"]) == 2


def test_list_never_cuts_ids_short(kb, good_files, monkeypatch, capsys) -> None:
    ingest_paths(kb, good_files)
    monkeypatch.setenv("COLUMNS", "60")
    assert main(["ingest", "--list"]) == 0
    listed = capsys.readouterr().out
    assert all(record.source_id in listed for record in kb.registry.records())
    assert "…" not in listed


def test_remove_accepts_a_unique_prefix_and_lists_candidates_when_ambiguous(kb, tmp_path, monkeypatch) -> None:
    from pm_assistant.knowledge.documents import ID_LENGTH

    ids = iter(["abc111", "abc222", "def333"])
    monkeypatch.setattr("pm_assistant.knowledge.documents.content_hash", lambda text: next(ids) + "0" * 58)
    for n in range(3):
        (tmp_path / f"d{n}.md").write_text(f"# Doc {n}\nbody {n}", encoding="utf-8")
    ingest_paths(kb, sorted(tmp_path.glob("d*.md")))
    assert [r.id for r in kb.registry.records()] == [i + "0" * (ID_LENGTH - 6) for i in ("abc111", "abc222", "def333")]
    with pytest.raises(UserInputError, match=r"'abc' matches 2 documents: user:abc111\w* \(Doc 0\), user:abc222"):
        remove_document(kb, "abc")
    assert remove_document(kb, "user:abc2")[0].title == "Doc 1"
    assert remove_document(kb, "def")[0].title == "Doc 2"
    assert remove_document(kb, "abc")[0].title == "Doc 0"  # unique now
    with pytest.raises(UserInputError, match="no ingested document"):
        remove_document(kb, "user:")
    assert kb.registry.records() == []


def test_legacy_encoded_text_is_ingested_with_a_note(kb, tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(ingest_command, "get_knowledge_base", lambda settings=None: kb)
    path = tmp_path / "memo.txt"
    path.write_bytes(("The café budget is €40,000 for the naïve quokka pilot. " * 3).encode("cp1252"))
    assert main(["ingest", str(path)]) == 0
    out, err = capsys.readouterr()
    assert f"note: {path} is not UTF-8; it was read as cp1252" in err and "1 document added" in out
    passage = kb.search("quokka", k=1, source="user")[0]
    assert "café budget is €40,000" in passage.text


def test_titles_come_from_the_document_before_the_file_name(tmp_path: Path) -> None:
    import docx
    from pypdf import PdfReader, PdfWriter

    titled = docx.Document()
    titled.add_paragraph("Quarterly okapi review", style="Title")
    titled.add_heading("Background", level=1)
    titled.add_paragraph("Body text.")
    titled.save(str(tmp_path / "a.docx"))
    assert readers.read_document(tmp_path / "a.docx").title == "Quarterly okapi review"
    core = docx.Document()
    core.core_properties.title = "Core property title"
    core.add_heading("First heading", level=1)
    core.save(str(tmp_path / "b.docx"))
    assert readers.read_document(tmp_path / "b.docx").title == "Core property title"
    assert readers.read_document(make_docx(tmp_path / "c.docx", "Heading only", ["x"])).title == "Heading only"

    writer = PdfWriter(clone_from=PdfReader(make_pdf(tmp_path / "d.pdf", ["First line of the deck"])))
    writer.add_metadata({"/Title": "Info dictionary title"})
    with (tmp_path / "e.pdf").open("wb") as handle:
        writer.write(handle)
    assert readers.read_document(tmp_path / "e.pdf").title == "Info dictionary title"
    assert readers.read_document(tmp_path / "d.pdf").title == "First line of the deck"
    make_pdf(tmp_path / "f.pdf", ["x " * 100])  # a first line too long to be a title
    assert readers.read_document(tmp_path / "f.pdf").title == "f"
    placeholder = PdfWriter(clone_from=PdfReader(make_pdf(tmp_path / "g.pdf", ["Real first line"])))
    placeholder.add_metadata({"/Title": "Microsoft Word - draft3.docx"})
    with (tmp_path / "h.pdf").open("wb") as handle:
        placeholder.write(handle)
    assert readers.read_document(tmp_path / "h.pdf").title == "Real first line"
    untitled = docx.Document()
    untitled.core_properties.title = "Untitled"
    untitled.add_paragraph("No headings at all.")
    untitled.save(str(tmp_path / "quarterly-plan.docx"))
    assert readers.read_document(tmp_path / "quarterly-plan.docx").title == "No headings at all."


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("From: A <a@x.io>\nTo: B\nSubject: Budget request for Q3\n\nHello,", "Budget request for Q3"),
        ("发件人：王蕾\n主题：关于智能客服二期的请示\n\n各位领导：", "关于智能客服二期的请示"),
        ("PRICING MEMO: AI summaries add-on\n\nFrom: Jordan", "PRICING MEMO: AI summaries add-on"),
        ("From: A <a@x.io>\nno subject line here", "memo"),
        ("word " * 40, "memo"),
    ],
)
def test_plain_text_titles(tmp_path: Path, text: str, title: str) -> None:
    path = tmp_path / "memo.txt"
    path.write_text(text, encoding="utf-8")
    assert readers.read_document(path).title == title


def test_a_markdown_file_without_headings_takes_its_first_line(tmp_path: Path) -> None:
    path = tmp_path / "onepager.md"
    path.write_text("**Copy Studio — AI product copy**\n*One-pager for the review*\n\nBody.", encoding="utf-8")
    assert readers.read_document(path).title == "Copy Studio — AI product copy"
