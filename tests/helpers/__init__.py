"""Helpers shared by the tests, each in one place:

* :mod:`tests.helpers.paths`: the checkout, the fixtures folder, the shared folder beside it;
* :mod:`tests.helpers.programs`: the system programs some tests need (skip reasons that name
  the Debian package);
* :mod:`tests.helpers.processes`: the installed console script and other programs run or
  started as subprocesses, and stopped;
* :mod:`tests.helpers.w3c`: the W3C SHACL test suite's manifests and the comparison of reports.
"""
