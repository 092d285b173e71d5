"""A city-scale database for measuring pages, the API and load (issue 7, "City scale").

    python -m bench.city --orgs 20000 --members 340000 --years 3 --database-url postgres://…/partybuild_city

One module per app writes that app's rows (`bench/city/accounts.py`, `bench/city/ledger.py`,
`bench/city/activities.py`); each
is a `build(writer, city)` step that reads what the steps before it left in `City` and adds its
own. A later issue adds its records by writing `bench/city/<app>.py` and appending its step to
`STEPS` in bench/city/core.py (activities after ledger, assessments last). Rows go in with COPY
(PostgreSQL) or one prepared executemany (SQLite), never through models, so the full size takes
minutes.
"""
