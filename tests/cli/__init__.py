"""The command line: the installed console script end to end, what a user types and gets, query
--with, and the bytes of validate's report."""
