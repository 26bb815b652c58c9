"""Problem banks: YAML templates → compiled templates → seeded, solved instances → manifests.

The stages, in order: `load_banks` (schema + compile), `instantiate` (seeded draw + solve),
`generate` (a class set), `validate_banks` (stress test of every template).
"""

from __future__ import annotations

from generator.bank.generate import GenerateRequest, Student, generate, read_roster
from generator.bank.instantiate import instantiate
from generator.bank.loading import Bank, CompiledTemplate, load_banks
from generator.bank.manifest import read_manifest, write_manifest
from generator.bank.validate import ValidationReport, catalogue, validate_banks

__all__ = [
    "Bank",
    "CompiledTemplate",
    "GenerateRequest",
    "Student",
    "ValidationReport",
    "catalogue",
    "generate",
    "instantiate",
    "load_banks",
    "read_manifest",
    "read_roster",
    "validate_banks",
    "write_manifest",
]
