"""No import cycle among runtime modules (import-linter's contracts, run by `make lint`, keep the layers)."""

import grimp

PACKAGES = ("careersite", "articles", "schools")


def test_no_import_cycle_among_runtime_modules():
    graph = grimp.build_graph(*PACKAGES)
    modules = [m for m in graph.modules if ".migrations" not in m]
    cycles = set()
    for module in modules:
        for imported in graph.find_modules_directly_imported_by(module):
            if ".migrations" in imported or imported == module:
                continue
            if graph.chain_exists(importer=imported, imported=module):
                cycles.add(tuple(sorted((module, imported))))
    assert not cycles, sorted(cycles)
