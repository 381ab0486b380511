"""Validation: one small function per rule, a registry, findings with evidence."""

from luocdo.validate.rules import RULES, Finding, existence_status, run_all

__all__ = ["RULES", "Finding", "existence_status", "run_all"]
