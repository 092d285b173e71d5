"""The assessment scheme (考核办法), its computation (components → indices → rank, grade, quota, flags),
publication, pages and REST. Services write (services.py), selectors read (selectors.py), the Celery
tasks (assessments/tasks.py) call services, each component is one grouped query (components.py)."""
