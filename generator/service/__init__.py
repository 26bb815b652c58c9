"""The HTTP service: JSON checker and problem API, practice page (`derivquiz serve`).

`generator.service.app.create_app(settings)` builds the app; this package file stays empty of
imports so the command line can read `Settings` without loading FastAPI, sympy and the banks.
"""
