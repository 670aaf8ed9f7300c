"""Only the compiled tree walk is declared here; everything else is in pyproject.toml.

It is optional: where it cannot be built (no C compiler), the install still succeeds and
`cleaner.model` walks the trees with numpy.
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("cleaner._trees", ["cleaner/_trees.c"], optional=True)])
