"""Only the compiled extensions are declared here; everything else is in pyproject.toml.

All are optional: where one cannot be built (no C compiler), the install still succeeds and
cleaner runs the same step in Python (the walk in `cleaner.segment`, the text statistics and
container steps in `cleaner.features` and the text counts in `cleaner.chars`, the numpy tree walk
in `cleaner.model`).
"""

import lxml
from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension("cleaner._trees", ["cleaner/_trees.c"], optional=True),
        Extension("cleaner._words", ["cleaner/_words.c"], optional=True),
        # Reads libxml2's tree through lxml's public C API and headers (shipped in lxml's wheels).
        Extension("cleaner._walk", ["cleaner/_walk.c"], include_dirs=lxml.get_include(), optional=True),
    ]
)
