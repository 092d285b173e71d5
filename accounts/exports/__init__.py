"""Excel exports, inline when small and a background job with progress when large.

An export kind (`kinds.ExportKind`) says how to count and write one export from a user and the page's
filters; each app registers its kinds (accounts: the roster; ledger: overdue list, yearly ledger).
`services.export_respond` is what an export view returns: the file at once when the filtered rows are
at most EXPORT_INLINE_MAX_ROWS, else an ExportJob written by a Celery task and a progress page.
"""
