"""Legacy Excel ledgers in: read (reader, deadlines, responsible), check, preview, write (writer)."""
