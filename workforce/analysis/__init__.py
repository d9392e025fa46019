"""The analysis: the contract's metrics report, computed from the named queries."""
