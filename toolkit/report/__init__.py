"""The report: a static site that shows, event by event, how each outlet told it (`parallax report`)."""

from toolkit.report.site import Built, build_report

__all__ = ["Built", "build_report"]
