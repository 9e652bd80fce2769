# The Evidence Graph web app; Neo4j runs in its own container (docker-compose.yml).
FROM python:3.11-slim
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY graph graph
COPY accounts accounts
COPY webapp webapp
COPY importers importers
COPY cli cli
COPY dossiers dossiers
COPY bench bench
COPY queries queries
RUN pip install --no-cache-dir .
ENV EVGRAPH_PRIVATE_DIR=/data/private EVGRAPH_EVIDENCE_DIR=/data/evidence
VOLUME /data
EXPOSE 5000
CMD ["sh", "-c", "evgraph db init && evgraph demo load --if-empty && evgraph serve --host 0.0.0.0 --port 5000 --workers ${EVGRAPH_WORKERS:-2}"]
