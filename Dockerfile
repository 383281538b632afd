FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DATABASE_URL=sqlite:////data/jurisbot.db

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY content ./content
RUN pip install . && useradd --create-home --uid 10001 jurisbot && mkdir /data \
    && chown jurisbot /data
USER jurisbot
VOLUME ["/data"]

# The place directory and the content are loaded into the database on first start.
CMD ["jurisbot", "run"]
