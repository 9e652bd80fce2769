"""Curation: data stewards' changes to single records, each with its history.

Owns the form fields made from the schema and the parser of what a person typed (fields.py), the
revisions (history.py: one Revision node per change, written in the same transaction as the change, its
who/why/before/after sealed with the data key), and the operations themselves (edits.py): create, edit,
retract and restore records and relationships, revert a revision, mark a review state, every edit checked
against the version the editor saw.

May import: graph.store, graph.access, graph.evidence.
"""
