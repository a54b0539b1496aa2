"""Maintainer tools run from a checkout (training, distilling, registry building, doc generation); not shipped in the wheel."""
