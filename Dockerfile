# syntax=docker/dockerfile:1
# The Aperilex Flow image: one image for both workloads (api and worker). Not buildable on the project's
# build machines (no Docker engine there); `docker build -t aperilex-flow:dev .` anywhere Docker runs.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY . .
RUN mvn -B -ntp -q -DskipTests -pl src -am package

FROM eclipse-temurin:17-jre
# A fixed non-root user; the chart runs it with a read-only root filesystem and a writable /tmp.
RUN groupadd --system --gid 10001 aperilex && useradd --system --uid 10001 --gid aperilex --home-dir /app aperilex
WORKDIR /app
COPY --from=build /build/src/target/aperilex-flow.jar /app/aperilex-flow.jar
USER 10001:10001
EXPOSE 8080
# JAVA_TOOL_OPTIONS (set by the chart) carries heap sizing; profiles and endpoints come from the environment.
ENTRYPOINT ["java", "-jar", "/app/aperilex-flow.jar"]
