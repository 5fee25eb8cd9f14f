"""The Asia/Pacific Training Management Compendium: records, checks and pages.

Data flows one way: ``load`` reads YAML into positioned documents, ``model`` types
them, ``check`` resolves every reference into one immutable ``Compendium``, and
``render`` turns that into Markdown pages. Nothing here imports MkDocs.
"""
