"""The test suite: one folder per layer of `macros`, and builds of real sites in `site/`."""
