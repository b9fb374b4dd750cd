"""Export profiles (OSLO, CPOV, schema.org) against the owners' shapes, import --profile and the
round trip, and docs/alignment.md generated from the axioms and the profiles' tables."""
