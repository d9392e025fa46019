"""Page data: one module per dashboard page, assembling that page's figures (protected for the viewer)."""
