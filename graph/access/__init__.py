"""Access: who is asking (viewer.py) and the one rule for what they may see (masking.py): protected
people and confidential sources, with one placeholder wording for each. Every read that can reach them
takes a Viewer, with no default.

May import: graph.store.
"""
