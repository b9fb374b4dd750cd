"""The test suite of governance-graph, laid out as the code is (``engines/``, ``sparql/``,
``shacl/``, ``site/``, ``server/``, ``cli/``…), with one folder of fixtures (``fixtures/``) and
one of shared helpers (``helpers/``).

A package, so that every test module imports the helpers by one name (``tests.helpers``) and
two test modules in different folders may share a file name. pytest puts the checkout (the
folder above this package) on ``sys.path``, so this works the same with an installed wheel."""
