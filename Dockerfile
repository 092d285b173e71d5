FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
# pg_dump / pg_restore for `manage.py backup` and `restore` (Debian bookworm: 15, as the postgres service).
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN DJANGO_SECRET_KEY=build PARTYBUILD_ID_HASH_KEY=build-id DATABASE_URL=sqlite:////tmp/build.db python manage.py collectstatic --noinput
EXPOSE 8000
CMD ["gunicorn", "partybuild.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "120"]
