"""Generate typed Python clients from OpenAPI documents, including ones embedded in doc pages.

The pipeline runs one way: load -> merge -> resolve -> normalize (to the IR) -> render.
`generator.pipeline.generate_files` runs it in memory; `generator.cli` is the command line.
"""

__version__ = "0.1.0"
