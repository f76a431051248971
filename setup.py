"""The one part of the packaging pyproject.toml cannot say: the package list, found, not typed.

Every package under graph/ is discovered (a new subpackage cannot be left out), and the files
plankg reads ship inside it from where they live in the checkout: one source, mapped, never
copied. In a wheel, `graph/<folder>/` holds the checkout's `<folder>/`; graph/io.py's
`shipped()` reads either. Their file patterns are pyproject.toml's package-data.
"""

from setuptools import find_namespace_packages, setup

SHIPPED = {  # package in the wheel: folder in the checkout
    "graph.ontology": "ontology",
    "graph.queries": "queries",
    "graph.data.plans": "data/plans",
    "graph.data.plans.corpus": "data/plans/corpus",
    "graph.data.registries": "data/registries",
}

setup(
    packages=[*find_namespace_packages(include=["graph", "graph.*"]), *SHIPPED],
    package_dir=SHIPPED,
)
