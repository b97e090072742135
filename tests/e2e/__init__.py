"""Browser tests: the built sample site in Debian's chromium, driven by Playwright.

A package, so its modules (`e2e.conftest`, `e2e.test_*`) never clash with the `conftest`
and test modules one directory up.
"""
