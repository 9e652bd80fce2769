"""The dossier as DOCX (python-docx): the same sections, statements and notes as the HTML."""
from __future__ import annotations

import io

from docx import Document
from docx.shared import Pt, RGBColor

from graph.dossier.model import Dossier
from graph.store.schema import SCHEMA

RED, GREEN = RGBColor(0x7C, 0x1F, 0x16), RGBColor(0x24, 0x57, 0x2F)


def _note(paragraph, number: int | None) -> None:
    run = paragraph.add_run(str(number) if number else "[no source recorded]")
    run.font.superscript = True


def _para(doc, text: str, note: int | None | bool = False, bold: str = "", style: str | None = None):
    p = doc.add_paragraph(style=style)
    if bold:
        p.add_run(bold).bold = True
    p.add_run(text)
    if note is not False:
        _note(p, note)
    return p


def _table(doc, header: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Light Grid Accent 1"
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = text
    for row in rows:
        for cell, text in zip(table.add_row().cells, row):
            cell.text = text or ""


def _header(doc, d: Dossier) -> None:
    h, c = d.header, d.header.counts
    doc.add_paragraph("PERPETRATOR DOSSIER").runs[0].bold = True
    doc.add_heading(d.identity.name, level=0)
    cyrillic = [n.value for n in d.identity.names if n.script == "Cyrillic"]
    if cyrillic:
        doc.add_paragraph(" · ".join(cyrillic))
    _table(doc, ["Data as of", "Prepared by", "Generated", "Evidence admitted"],
           [[h.data_as_of, h.prepared_by, h.generated_at, h.threshold]])
    extra = f" ({c.confidential_sources} confidential)" if c.confidential_sources else ""
    doc.add_paragraph(f"{c.cases} cases · {c.victims} victims · {c.violations} violations · {c.sources} sources{extra}")
    if c.omitted:
        doc.add_paragraph(f"{c.omitted} statement{'s' if c.omitted != 1 else ''} left out: resting only on sources "
                          f"below the evidence threshold ({h.threshold}).")


def _sanctions(doc, d: Dossier) -> None:
    s = d.sanctions
    doc.add_heading("1. Sanctions and the gap", level=1)
    p = doc.add_paragraph()
    for a in s.listed_by + s.gap:
        run = p.add_run(f"{a}: {'listed' if a in s.listed_by else 'not listed'}   ")
        run.bold, run.font.color.rgb = True, GREEN if a in s.listed_by else RED
    if s.gap:
        names = ", ".join(f"{SCHEMA.words('authority', a)} ({a})" for a in s.gap)
        _para(doc, names + ".", bold="Not designated by: ")
    if s.designations:
        _table(doc, ["Authority", "Programme", "Listed on", "Reference"],
               [[x.authority, x.programme, x.listed_on, x.reference] for x in s.designations])
    else:
        doc.add_paragraph("No designation by any authority is recorded.")


def _identity(doc, d: Dossier) -> None:
    i = d.identity
    heading = doc.add_heading("2. Identity", level=1)
    if i.note:
        _note(heading, i.note)
    rows = [[f"{n.kind.capitalize()} ({n.script})", n.value] for n in i.names]
    for label, value in (("Date of birth", i.birth_date), ("Place of birth", i.birth_place), ("Gender", i.gender),
                         ("Citizenship", ", ".join(i.citizenship)), ("Rank", i.rank)):
        if value:
            rows.append([label, value])
    rows += [["Identifier", x] for x in i.identifiers]
    _table(doc, ["", ""], rows)
    doc.add_heading("Positions", level=2)
    for p in d.positions:
        para = _para(doc, f", {p.organisation} ({p.since or '?'} – {p.until or 'present'})", p.note, bold=p.title,
                     style="List Bullet")
        if p.chain:
            para.add_run(f"\nChain of command: {p.organisation} → {' → '.join(p.chain)}")


def _cases(doc, d: Dossier) -> None:
    doc.add_heading("3. Cases", level=1)
    for c in d.cases:
        bits = [c.role, f"No. {c.number}" if c.number else "", c.court or "",
                f"art. {', '.join(c.articles)}" if c.articles else "", f"opened {c.opened_on}" if c.opened_on else "",
                f"verdict {c.verdict_on}" if c.verdict_on else "", c.sentence or "",
                f"defendants: {', '.join(c.defendants)}" if c.defendants else ""]
        _para(doc, " — " + "; ".join(b for b in bits if b), c.note, bold=c.name, style="List Bullet")


def _violations(doc, d: Dossier) -> None:
    doc.add_heading("4. Violations, in date order", level=1)
    for v in d.violations:
        p = _para(doc, "", v.note, bold=f"{v.date or 'date unknown'} — {SCHEMA.words('violation_kind', v.kind).capitalize()}",
                  style="List Number")
        facts = [v.title, f"{v.role} responsibility" if v.role else "", f"Where: {v.place}" if v.place else "",
                 f"Case: {v.case}" if v.case else "", f"Against: {', '.join(v.victims)}" if v.victims else "",
                 f"Norms breached: {'; '.join(v.legal_norms)}" if v.legal_norms else ""]
        p.add_run("\n" + ". ".join(f for f in facts if f) + ".")


def _responsibility(doc, d: Dossier) -> None:
    doc.add_heading("5. Responsibility by date", level=1)
    for e in d.responsibility:
        _para(doc, f" — {e.event}", False, bold=e.date)
        for h in e.holders:
            _para(doc, f"{h.person}: {h.post} ({h.since or '?'} – {h.until or 'present'})", h.note,
                  style="List Bullet")


def _notes_and_annex(doc, d: Dossier) -> None:
    doc.add_heading("Notes", level=1)
    for f in d.footnotes:
        p = doc.add_paragraph(f"{f.number}. {f.text}")
        p.runs[0].font.size = Pt(8)
    doc.add_heading("Annex: sources", level=1)
    rows = []
    for s in d.annex:
        where = "\n".join(x for x in (s.url, f"Archived: {s.archived_copy}" if s.archived_copy else None) if x)
        dates = ", ".join(x for x in (f"published {s.published_on}" if s.published_on else "",
                                      f"captured {s.captured_on}" if s.captured_on else "") if x)
        rows.append([f"A{s.number}", f"{s.title}\n{SCHEMA.words('source_kind', s.kind)} {dates}\n{where}".strip(),
                     f"{s.reliability or '–'}{s.credibility or '–'}", s.sha256 or ""])
    _table(doc, ["No.", "Source", "Grade", "SHA-256"], rows)
    if d.header.counts.confidential_sources:
        doc.add_paragraph(f"{d.header.counts.confidential_sources} confidential sources are held by the preparing "
                          "organisation and not named here.")


def render_docx(dossier: Dossier) -> bytes:
    doc = Document()
    doc.styles["Normal"].font.name = "DejaVu Sans"
    doc.styles["Normal"].font.size = Pt(10)
    doc.core_properties.title = dossier.header.title
    doc.core_properties.author = dossier.header.prepared_by
    for section in (_header, _sanctions, _identity, _cases, _violations, _responsibility, _notes_and_annex):
        section(doc, dossier)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
