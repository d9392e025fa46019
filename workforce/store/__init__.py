"""The store: where the data lives (DuckDB), its schema, the contract, import, history, accounts, exports."""
