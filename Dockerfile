# syntax=docker/dockerfile:1
# SVD Portal production image: gunicorn by default; the same image runs the Celery worker and
# beat with another command (see docker-compose.yml and docs/operations.md).

# --- Stage 1: GOV.UK Frontend and the portal's CSS, built into static/dist/ -------------------
FROM node:20-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY static/src ./static/src
RUN npm run build

# --- Stage 2: the application ----------------------------------------------------------------
FROM python:3.13-slim-bookworm AS app

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONPATH=/app \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_ENV=production \
    VAR_DIR=/app/var \
    PRIVATE_MEDIA_ROOT=/app/var/private \
    STATIC_ROOT=/app/staticfiles \
    WEB_CONCURRENCY=3

# WeasyPrint's system libraries (Pango, HarfBuzz's subsetter) and the fonts PDFs are set in.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz-subset0 \
        fonts-dejavu-core \
        fonts-liberation2 \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 1000 app \
    && useradd --system --uid 1000 --gid app --create-home --home-dir /home/app \
        --shell /usr/sbin/nologin app

WORKDIR /app

# Runtime dependencies only (not the dev extras), in their own layer so a code change does not
# reinstall them: exactly the versions and files pinned, with their hashes, in
# requirements/base.txt (`make lock` writes it from pyproject.toml). The code itself runs from
# /app, so the project is not installed into site-packages (BASE_DIR must stay /app).
COPY requirements/base.txt ./requirements/base.txt
RUN pip install --no-cache-dir --require-hashes -r requirements/base.txt

COPY . .
COPY --from=assets /build/static/dist ./static/dist

# Hashed static files for WhiteNoise. Production settings refuse to load without these
# variables, so give throwaway values for this one command; none of them is kept in the image.
RUN DJANGO_ENV=production \
    SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
    DATABASE_URL=postgres://build:build@localhost:5432/build \
    ALLOWED_HOSTS=localhost \
    REDIS_URL=redis://localhost:6379/0 \
    python manage.py collectstatic --no-input \
    && mkdir -p /app/var/private \
    && chown -R app:app /app/var

USER app

EXPOSE 8000

# GET /healthz/ (it queries the database). The Host header is the first ALLOWED_HOSTS entry, so
# Django accepts it whatever the deployment's host names. gunicorn trusts X-Forwarded-Proto from
# 127.0.0.1, so the check is not redirected to HTTPS when SECURE_SSL_REDIRECT=true.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, sys, urllib.request as u; h = os.environ.get('ALLOWED_HOSTS', '').split(',')[0].strip().lstrip('.'); h = 'localhost' if h in ('', '*') else h; r = u.urlopen(u.Request('http://127.0.0.1:8000/healthz/', headers={'Host': h, 'X-Forwarded-Proto': 'https'}), timeout=4); sys.exit(0 if r.status == 200 else 1)"]

# Workers come from WEB_CONCURRENCY (gunicorn reads it); logs go to stdout/stderr.
CMD ["gunicorn", "svd_portal.wsgi", \
     "--bind", "0.0.0.0:8000", \
     "--timeout", "60", \
     "--graceful-timeout", "30", \
     "--worker-tmp-dir", "/dev/shm", \
     "--access-logfile", "-", \
     "--error-logfile", "-"]
