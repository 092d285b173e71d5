"""One module per importable kind; each calls activities.imports.registry.register()."""
