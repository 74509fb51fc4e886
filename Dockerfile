# The registry server for machines with Docker; docker-compose.yml runs it against a postgres service.
FROM swift:6.3-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev pkg-config && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --product modelreg

FROM swift:6.3-bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /src/.build/release/modelreg /app/modelreg
COPY schema /app/schema
COPY demo /app/demo
ENV MODELREG_SCHEMA_DIR=/app/schema
EXPOSE 8080
ENTRYPOINT ["/app/modelreg"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8080"]
