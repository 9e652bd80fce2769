"""The graph layer: everything the application knows about the evidence graph in Neo4j, in layers.

    store        settings, the driver, the local Neo4j launcher, the schema and its words, records and
                 uids, the one batched writer, cross-script name keys, values as text
    access       who is asking (Viewer) and the one masking rule for protected people and
                 confidential sources
    evidence     the evidence rule, the store of evidence files, source grades and thresholds
    explore      the reads behind the pages: search, entity pages and their tables, network, paths,
                 home figures, analytics, how pictures look
    console      analysts' read-only Cypher, saved queries, a result as a picture
    interchange  files in and out: import batches, FtM, GraphML and CSV exports
    resolution   which records are one entity: candidates scored, people's judgements, clusters
    sanctions    the sanctions gap and matching officials to sanctions lists
    dossier      a perpetrator's dossier: its model, its reads and their assembly
    demo         the fictional demo generator
    curation     one record at a time: forms from the schema, edits with their revisions, retraction,
                 review states

A package imports only the packages listed for it in LAYERS (and itself), never a private name (``_x``)
of another package, and no module imports another that imports it back: tests/test_layout.py checks all
three. webapp/, cli/, importers/, dossiers/ and bench/ build on graph/; graph/ imports none of them.
"""

LAYERS: dict[str, tuple[str, ...]] = {
    "store": (),
    "access": ("store",),
    "evidence": ("store", "access"),
    "explore": ("store", "access", "evidence"),
    "console": ("store", "access", "explore"),
    "interchange": ("store", "access", "evidence"),
    "resolution": ("store", "access"),
    "sanctions": ("store", "access", "evidence", "resolution"),
    "dossier": ("store", "access", "evidence", "sanctions"),
    "demo": ("store", "interchange"),
    "curation": ("store", "access", "evidence"),
}
