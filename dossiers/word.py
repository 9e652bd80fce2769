"""The dossier as DOCX (python-docx): the same sections, statements and notes as the HTML."""
from __future__ import annotations

import io

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from lxml import etree

from graph.dossier.model import Dossier
from graph.store.language import current, format_number, ngettext
from graph.store.language import gettext as _
from graph.store.schema import SCHEMA

from .words import human, name_label, period, responsibility, shown_date

RED, GREEN = RGBColor(0x7C, 0x1F, 0x16), RGBColor(0x24, 0x57, 0x2F)
# style ids by name: python-docx looks a name up by scanning every style (2 ms a paragraph, most of a long
# dossier's time); every document starts from the same template, so the first document's ids serve all
_STYLE_IDS: dict[str, str] = {}


def _style_id(doc, name: str) -> str:
    return _STYLE_IDS.get(name) or _STYLE_IDS.setdefault(name, doc.styles[name].style_id)


def _run(paragraph, text: str, bold: bool = False, superscript: bool = False) -> None:
    """paragraph.add_run(text) with its bold and superscript, written as XML: python-docx's own takes a
    third of a long dossier's time (a line break is a <w:br/>, as add_run writes it)."""
    r = etree.SubElement(paragraph._p, qn("w:r"))
    if bold or superscript:
        props = etree.SubElement(r, qn("w:rPr"))
        if bold:
            etree.SubElement(props, qn("w:b"))
        if superscript:
            etree.SubElement(props, qn("w:vertAlign")).set(qn("w:val"), "superscript")
    for i, line in enumerate(text.split("\n")):
        if i:
            etree.SubElement(r, qn("w:br"))
        if line:
            t = etree.SubElement(r, qn("w:t"))
            t.text = line
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _note(paragraph, number: int | None) -> None:
    _run(paragraph, str(number) if number else _("[no source recorded]"), superscript=True)


def _para(doc, text: str, note: int | None | bool = False, bold: str = "", style: str | None = None):
    p = doc.add_paragraph()
    if style:
        p._p.style = _style_id(doc, style)
    if bold:
        _run(p, bold, bold=True)
    _run(p, text)
    if note is not False:
        _note(p, note)
    return p


def _table(doc, header: list[str], rows: list[list[str]], notes: list[int | None] | None = None, at: int = 0) -> None:
    """A table; with ``notes``, each row's footnote (or the no-source mark) after the text of its column ``at``."""
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Light Grid Accent 1"
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = text
    for k, row in enumerate(rows):
        cells = table.add_row().cells
        for cell, text in zip(cells, row):
            cell.text = text or ""
        if notes is not None:
            _note(cells[at].paragraphs[0], notes[k])


def _header(doc, d: Dossier) -> None:
    h, c = d.header, d.header.counts
    doc.add_paragraph(_("Perpetrator dossier").upper()).runs[0].bold = True
    doc.add_heading(d.identity.name, level=0)
    cyrillic = [n.value for n in d.identity.names if n.script == "Cyrillic"]
    if cyrillic:
        doc.add_paragraph(" · ".join(cyrillic))
    _table(doc, [_("Data as of"), _("Prepared by"), _("Generated"), _("Evidence admitted")],
           [[shown_date(h.data_as_of), h.prepared_by, f"{shown_date(h.generated_at)} UTC", h.threshold]])
    counts = [ngettext("%(num)d case", "%(num)d cases", c.cases),
              ngettext("%(num)d victim", "%(num)d victims", c.victims),
              ngettext("%(num)d violation", "%(num)d violations", c.violations),
              ngettext("%(num)d source", "%(num)d sources", c.sources)]
    if c.confidential_sources:
        counts[-1] += " " + ngettext("(%(num)d confidential)", "(%(num)d confidential)", c.confidential_sources)
    doc.add_paragraph(" · ".join(counts))
    x = d.extent
    if x and not x.complete:
        doc.add_paragraph(_(
            "The record is long: this dossier lists the first %(cases)s of %(cases_total)s cases and the first "
            "%(violations)s of %(violations_total)s violations, in date order, with summaries of the whole record. "
            "Every case and violation, each with its sources, is in the CSV downloads of the official's page in "
            "Evidence Graph (%(lists)s).", cases=format_number(x.cases_listed), cases_total=format_number(x.cases_total),
            violations=format_number(x.violations_listed), violations_total=format_number(x.violations_total),
            lists=", ".join(x.full_lists)))
    if c.omitted:
        doc.add_paragraph(ngettext(
            "%(num)d statement left out: resting only on sources below the evidence threshold (%(threshold)s).",
            "%(num)d statements left out: resting only on sources below the evidence threshold (%(threshold)s).",
            c.omitted, threshold=h.threshold))


def _sanctions(doc, d: Dossier) -> None:
    s = d.sanctions
    doc.add_heading(_("1. Sanctions and the gap"), level=1)
    p = doc.add_paragraph()
    for a in s.listed_by + s.gap:
        said = _("listed") if a in s.listed_by else _("not listed")
        run = p.add_run(f"{a}: {said}   ")
        run.bold, run.font.color.rgb = True, GREEN if a in s.listed_by else RED
    if s.gap:
        names = ", ".join(f"{SCHEMA.words('authority', a)} ({a})" for a in s.gap)
        _para(doc, names + ".", bold=_("Not designated by:") + " ")
    if s.designations:
        _table(doc, [_("Authority"), _("Programme"), _("Listed on"), _("Reference")],
               [[x.authority, x.programme, shown_date(x.listed_on), x.reference] for x in s.designations],
               [x.note for x in s.designations])
    else:
        doc.add_paragraph(_("No designation by any authority is recorded."))


def _identity(doc, d: Dossier) -> None:
    i = d.identity
    doc.add_heading(_("2. Identity"), level=1)
    rows = [[name_label(n), n.value] for n in i.names]
    notes = [n.note for n in i.names]
    for label, value in ((_("Date of birth"), shown_date(i.birth_date)), (_("Place of birth"), i.birth_place),
                         (_("Gender"), human("gender", i.gender)), (_("Citizenship"), ", ".join(i.citizenship)),
                         (_("Rank"), i.rank)):
        if value:
            rows.append([label, value])
            notes.append(i.note)
    rows += [[_("Identifier"), x] for x in i.identifiers]
    notes += [i.note for _x in i.identifiers]
    _table(doc, ["", ""], rows, notes, at=1)
    doc.add_heading(_("Positions"), level=2)
    if not d.positions:
        doc.add_paragraph(_("No position recorded."))
    for p in d.positions:
        para = _para(doc, f", {p.organisation} ({period(p.since, p.until)})", p.note, bold=p.title,
                     style="List Bullet")
        if p.chain:
            _run(para, "\n" + _("Chain of command: %(chain)s", chain=" → ".join((p.organisation, *p.chain))))


def _tallies(doc, rows, heading: str, vocabulary: str | None) -> None:
    _table(doc, [heading, _("Number"), _("First"), _("Last")],
           [[(human(vocabulary, t.label) if vocabulary else t.label) or _("not recorded"), format_number(t.count),
             shown_date(t.first) if t.first else "", shown_date(t.last) if t.last else ""] for t in rows])


def _cases(doc, d: Dossier) -> None:
    doc.add_heading(_("3. Cases"), level=1)
    if d.extent and not d.extent.complete:
        doc.add_heading(_("All cases by court"), level=2)
        _tallies(doc, d.extent.by_court, _("Court"), None)
        doc.add_heading(_("The first %(num)s cases", num=len(d.cases)), level=2)
    if not d.cases:
        doc.add_paragraph(_("No case recorded."))
    for c in d.cases:
        bits = [c.role, _("No. %(number)s", number=c.number) if c.number else "", c.court or "",
                _("art. %(articles)s", articles=", ".join(c.articles)) if c.articles else "",
                _("opened %(date)s", date=shown_date(c.opened_on)) if c.opened_on else "",
                _("verdict %(date)s", date=shown_date(c.verdict_on)) if c.verdict_on else "", c.sentence or "",
                _("defendants: %(names)s", names=", ".join(c.defendants)) if c.defendants else ""]
        _para(doc, " — " + "; ".join(b for b in bits if b), c.note, bold=c.name, style="List Bullet")


def _violations(doc, d: Dossier) -> None:
    doc.add_heading(_("4. Violations, in date order"), level=1)
    if d.extent and not d.extent.complete:
        doc.add_heading(_("All violations by kind"), level=2)
        _tallies(doc, d.extent.by_kind, _("Kind"), "violation_kind")
        doc.add_heading(_("The first %(num)s violations", num=len(d.violations)), level=2)
    if not d.violations:
        doc.add_paragraph(_("No violation recorded."))
    for v in d.violations:
        kind = human("violation_kind", v.kind).capitalize()
        when = shown_date(v.date) or _("date unknown")
        p = _para(doc, "", v.note, bold=f"{when} — {kind}", style="List Number")
        facts = [v.title, responsibility(v.role),
                 _("Where: %(place)s.", place=v.place) if v.place else "",
                 _("Case: %(case)s.", case=v.case) if v.case else "",
                 _("Against: %(victims)s.", victims=", ".join(v.victims)) if v.victims else "",
                 _("Norms breached: %(norms)s.", norms="; ".join(v.legal_norms)) if v.legal_norms else ""]
        _run(p, "\n" + " ".join(f if f.endswith(".") else f + "." for f in facts if f))


def _responsibility(doc, d: Dossier) -> None:
    doc.add_heading(_("5. Responsibility by date"), level=1)
    doc.add_paragraph(_("For each dated violation and verdict: who held the relevant posts on that day (the court, "
                        "the body running the place of detention, the official's own unit)."))
    if not d.responsibility:
        doc.add_paragraph(_("No dated event."))
    for e in d.responsibility:
        _para(doc, f" — {e.event}", False, bold=shown_date(e.date))
        if not e.holders:
            doc.add_paragraph(_("No post holder recorded for that date."))
        for h in e.holders:
            para = _para(doc, f"{h.person}: {h.post} ({period(h.since, h.until)})", h.note, style="List Bullet")
            if h.is_subject:
                for run in para.runs[:-1]:
                    run.bold = True


def _notes_and_annex(doc, d: Dossier) -> None:
    doc.add_heading(_("Notes"), level=1)
    for f in d.footnotes:
        p = doc.add_paragraph(f"{f.number}. {f.text}")
        p.runs[0].font.size = Pt(8)
    doc.add_heading(_("Annex: sources"), level=1)
    rows = []
    for s in d.annex:
        where = "\n".join(x for x in (s.url, _("Archived: %(url)s", url=s.archived_copy) if s.archived_copy else None)
                          if x)
        about = ", ".join(x for x in (human("source_kind", s.kind),
                                      _("published %(date)s", date=shown_date(s.published_on)) if s.published_on else "",
                                      _("captured %(date)s", date=shown_date(s.captured_on)) if s.captured_on else "")
                          if x)
        rows.append([f"A{s.number}", f"{s.title}\n{about}\n{where}".strip(),
                     f"{s.reliability or '–'}{s.credibility or '–'}", s.sha256 or ""])
    _table(doc, [_("No."), _("Source"), _("Grade"), "SHA-256"], rows)
    n = d.header.counts.confidential_sources
    if n:
        doc.add_paragraph(ngettext("%(num)d confidential source is held by the preparing organisation and not named here.",
                                   "%(num)d confidential sources are held by the preparing organisation and not named "
                                   "here.", n))
    p = doc.add_paragraph(_("Grades: source reliability A (completely reliable) to F (cannot be judged); information "
                            "credibility 1 (confirmed) to 6 (cannot be judged)."))
    p.runs[0].font.size = Pt(8)


def render_docx(dossier: Dossier) -> bytes:
    doc = Document()
    doc.styles["Normal"].font.name = "DejaVu Sans"
    doc.styles["Normal"].font.size = Pt(10)
    doc.core_properties.title = dossier.header.title
    doc.core_properties.author = dossier.header.prepared_by
    doc.core_properties.language = current()
    for section in (_header, _sanctions, _identity, _cases, _violations, _responsibility, _notes_and_annex):
        section(doc, dossier)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
